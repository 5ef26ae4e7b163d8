package org.junction.hub.faults;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.activemq.artemis.core.server.embedded.EmbeddedActiveMQ;
import org.junction.hub.demo.FhirReceiverServer;
import org.junction.security.audit.ChainVerifier;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * The embedded broker reaches its disk limit under load (scenario 8 of the reliability plan). The
 * limit is {@code hub.broker.min-disk-free}, set a little below the free space of the data
 * directory's filesystem when the hub starts; a filler file of at most 256 MB then crosses it (and
 * is deleted in any case), so the machine's disk is never filled. Where {@code /dev/shm} is a roomy
 * memory filesystem the data directory goes there: other processes on a busy machine (builds)
 * change the main disk's free space by hundreds of megabytes a minute, the memory filesystem's not. While the broker blocks
 * producers, accepted referrals wait in the outbox, the relay gives each held send up after
 * {@code hub.relay.send-timeout} instead of holding its transaction, intake goes on accepting up to
 * {@code hub.intake.max-outbox-backlog} and answers 503 with Retry-After past it. Once the filler
 * is gone, everything accepted is delivered exactly once and the ledger verifies.
 */
class BrokerDiskLimitIT {

    private static final long MB = 1024 * 1024;
    /** How far below the free space at start the limit sits: room for the hub's own start-up writes. */
    private static final long HEADROOM = 128 * MB;
    private static final long MAX_FILLER = 256 * MB;
    private static final int BACKLOG_BOUND = 25;
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path dir;

    @Test
    void acceptedReferralsWaitInTheOutboxWhileTheBrokerIsOverItsDiskLimitAndAreDeliveredOnceAfterwards()
            throws Exception {
        Path quiet = quietFilesystem();
        Path base = quiet != null ? quiet : dir;
        FhirReceiverServer gp = FhirReceiverServer.start(0);
        Path dataDir = base.resolve("hub");
        Files.createDirectories(dataDir);
        Path filler = base.resolve("filler.bin");
        long limit = Files.getFileStore(dataDir).getUsableSpace() - HEADROOM;
        ConfigurableApplicationContext hub = FaultLoad.startHub(dataDir, FaultLoad.writeConfig(dir.resolve("config"), gp.baseUrl()),
                List.of("--hub.broker.min-disk-free=" + limit + "B",
                        "--hub.broker.disk-scan-period=200ms",
                        "--hub.relay.send-timeout=1s",
                        "--hub.intake.max-outbox-backlog=" + BACKLOG_BOUND,
                        "--hub.intake.retry-after=7s"));
        try {
            var broker = hub.getBean(EmbeddedActiveMQ.class).getActiveMQServer();
            JdbcTemplate jdbc = hub.getBean(JdbcTemplate.class);
            assertThat(broker.getConfiguration().getMinDiskFree()).as("the typed setting reaches the broker").isEqualTo(limit);
            assertThat(broker.getConfiguration().getMaxDiskUsage()).as("the default share is kept").isEqualTo(90);
            if (broker.getPagingManager().isDiskFull()) {
                Assumptions.abort("another process used more than " + HEADROOM / MB + " MB of " + dataDir.getRoot()
                        + " while the hub started: the limit is crossed before the test crosses it");
            }

            try (FaultLoad load = FaultLoad.start(hub, 2, Duration.ofMillis(100))) {
                // Traffic flows before the limit is reached.
                await().atMost(Duration.ofSeconds(60)).until(() -> gp.received().size() >= 10);
                assertThat(broker.getPagingManager().isDiskFull()).isFalse();

                long needed = Files.getFileStore(dataDir).getUsableSpace() - limit + 32 * MB;
                if (needed > MAX_FILLER) {
                    Assumptions.abort("free space grew by " + (needed - HEADROOM) / MB
                            + " MB while the hub started (another process freed space): not filling that much");
                }
                fill(filler, Math.max(needed, 64 * MB));
                await().atMost(Duration.ofSeconds(10)).until(() -> broker.getPagingManager().isDiskFull());
                int deliveredAtBlock = gp.received().size();

                // The outbox fills to its bound, then intake refuses, while the relay's thread keeps
                // coming back from its held sends rather than waiting in one for good.
                AtomicLong outboxPeak = new AtomicLong();
                AtomicBoolean relayIdleSeen = new AtomicBoolean();
                await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(100)).until(() -> {
                    outboxPeak.accumulateAndGet(outbox(jdbc), Math::max);
                    if (!inBlockedSend("outbox-relay")) {
                        relayIdleSeen.set(true);
                    }
                    return load.count(503) >= 10 && relayIdleSeen.get();
                });
                int refusedWhileFull = load.count(503);
                assertThat(broker.getPagingManager().isDiskFull()).as("still over the limit").isTrue();
                assertThat(outboxPeak.get()).as("accepted referrals wait in the outbox, up to its bound")
                        .isGreaterThanOrEqualTo(BACKLOG_BOUND - 2);
                int deliveredWhileFull = gp.received().size() - deliveredAtBlock;
                // A sender repeating a referral the hub already holds is told so, not refused: that
                // 2xx is one the hub keeps.
                String acceptedBefore = load.accepted.keySet().iterator().next();
                var repeat = load.repeat(acceptedBefore);
                assertThat(repeat.statusCode()).as("a repeat while over the bound").isEqualTo(202);
                assertThat(JSON.readTree(repeat.body()).get("trackingId").asText())
                        .isEqualTo(load.accepted.get(acceptedBefore).toString());

                Files.delete(filler);
                await().atMost(Duration.ofSeconds(10)).until(() -> !broker.getPagingManager().isDiskFull());
                int acceptedAtRecovery = load.accepted.size();
                await().atMost(Duration.ofSeconds(60)).until(() -> load.accepted.size() >= acceptedAtRecovery + 30);
                load.stopAndDrain(Duration.ofMinutes(2));

                Set<UUID> accepted = new HashSet<>(load.accepted.values());
                var delivered = load.awaitDelivered(gp, jdbc);
                Map<UUID, Long> received = delivered.received();
                Set<UUID> lost = delivered.lost();
                Set<UUID> unexpected = delivered.unexpected();
                long duplicates = delivered.duplicates();
                var chain = hub.getBean(ChainVerifier.class).verify();
                System.out.printf("BrokerDiskLimitIT: accepted %d, 503 %d (%d while full), outbox peak %d (bound %d), "
                                + "delivered while full %d, other answers %d, bad 503s %d, delivered %d, lost %d, duplicates %d, "
                                + "unexpected %d, ledger %s%n",
                        accepted.size(), load.count(503), refusedWhileFull, outboxPeak.get(), BACKLOG_BOUND,
                        deliveredWhileFull, load.unexpected.size(), load.badRefusals.size(), received.size(), lost.size(),
                        duplicates, unexpected.size(), chain.valid() ? "verifies" : "BROKEN " + chain.problem());

                assertThat(load.unexpected).as("answers other than 202 and 503").isEmpty();
                assertThat(load.badRefusals).as("503s without Retry-After or problem detail, or with personal data").isEmpty();
                assertThat(load.retryAfterSeconds).as("Retry-After is the configured wait").containsOnly(7L);
                assertThat(load.givenUp).isEmpty();
                assertThat(lost).as("lost").isEmpty();
                assertThat(unexpected).as("unexpected").isEmpty();
                assertThat(duplicates).as("delivered twice").isZero();
                assertThat(FaultLoad.count(jdbc, "SELECT COUNT(*) FROM intake_request"))
                        .as("one accepted record per request id").isEqualTo(load.accepted.size());
                assertThat(FaultLoad.deliveredEvents(jdbc)).as("one DELIVERED event per referral")
                        .hasSize(accepted.size()).allSatisfy((id, n) -> assertThat(n).isEqualTo(1L));
                assertThat(outbox(jdbc)).isZero();
                assertThat(chain.valid()).as(String.valueOf(chain.problem())).isTrue();
            }
        } finally {
            Files.deleteIfExists(filler);
            hub.close();
            gp.stop();
            if (quiet != null) {
                org.springframework.util.FileSystemUtils.deleteRecursively(quiet);
            }
        }
    }

    /** A fresh directory on /dev/shm when that is a memory filesystem with room to spare, else null. */
    private static Path quietFilesystem() {
        Path shm = Path.of("/dev/shm");
        try {
            if (Files.isDirectory(shm) && Files.isWritable(shm)
                    && "tmpfs".equals(Files.getFileStore(shm).type())
                    && Files.getFileStore(shm).getUsableSpace() > 2L * 1024 * MB) {
                return Files.createTempDirectory(shm, "junction-disk-limit-");
            }
        } catch (IOException e) {
            // fall back to the test's own directory
        }
        return null;
    }

    private static long outbox(JdbcTemplate jdbc) {
        return FaultLoad.count(jdbc, "SELECT COUNT(*) FROM outbox");
    }

    /** Whether the named thread is, right now, waiting inside an Artemis producer's send. */
    private static boolean inBlockedSend(String threadName) {
        for (var entry : Thread.getAllStackTraces().entrySet()) {
            if (entry.getKey().getName().equals(threadName)) {
                return Arrays.stream(entry.getValue()).anyMatch(frame ->
                        frame.getClassName().startsWith("org.apache.activemq.artemis.core.client.impl.ClientProducer"));
            }
        }
        return false;
    }

    /** Writes real blocks (not a sparse file), so the filesystem's free space drops by {@code bytes}. */
    private static void fill(Path file, long bytes) throws IOException {
        ByteBuffer block = ByteBuffer.allocate((int) MB);
        try (FileChannel channel = FileChannel.open(file, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE)) {
            for (long written = 0; written < bytes; written += MB) {
                block.clear();
                while (block.hasRemaining()) {
                    channel.write(block);
                }
            }
            channel.force(true);
        }
    }
}
