package org.junction.hub.broker;

import static org.junit.jupiter.api.Assertions.fail;

import java.io.IOException;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assumptions;

/**
 * The replicated Artemis pair of {@code deploy/artemis}, started by its own script on free loopback
 * ports. Needs the Artemis distribution: a machine without it in its Maven repository skips the
 * tests with a message; under CI the script fetches it, and a pair that will not start fails them.
 */
public final class ArtemisPair implements AutoCloseable {

    static final String VERSION = "2.40.0";
    private static final Path DISTRIBUTION = Path.of(System.getProperty("user.home"), ".m2", "repository", "org",
            "apache", "activemq", "apache-artemis", VERSION, "apache-artemis-" + VERSION + "-bin.zip");

    private final Path root;
    private final Path work;
    private final int livePort;
    private final int backupPort;
    private final List<String> output = new ArrayList<>();

    private ArtemisPair(Path root, Path work, int livePort, int backupPort) {
        this.root = root;
        this.work = work;
        this.livePort = livePort;
        this.backupPort = backupPort;
    }

    /** Starts a fresh pair (new journals), or skips the calling test where Artemis is not to be had. */
    public static ArtemisPair startOrSkip() throws Exception {
        boolean ci = "true".equalsIgnoreCase(System.getenv("CI"));
        if (!Files.exists(DISTRIBUTION) && !ci) {
            Assumptions.abort("Artemis " + VERSION + " distribution not in the local Maven repository: skipping "
                    + "(deploy/artemis/start-pair.sh fetches it; under CI=true this test fetches it itself)");
        }
        String rootProperty = System.getProperty("junction.root.dir");
        Path root = rootProperty != null ? Path.of(rootProperty) : Path.of("").toAbsolutePath().getParent();
        // A directory per pair: test classes in parallel forks may each start one.
        Path work = root.resolve("target/artemis-pair-it").resolve(UUID.randomUUID().toString().substring(0, 8));
        ArtemisPair pair = new ArtemisPair(root, work, freePort(), freePort());
        try {
            pair.run("start-pair.sh", Map.of("JUNCTION_ARTEMIS_FRESH", "true", "JUNCTION_ARTEMIS_HEAP", "256M"),
                    Duration.ofMinutes(4));
        } catch (Exception | AssertionError e) {
            pair.close();
            throw e;
        }
        return pair;
    }

    public String url() {
        return "(tcp://127.0.0.1:" + livePort + ",tcp://127.0.0.1:" + backupPort + ")?ha=true&reconnectAttempts=-1"
                + "&retryInterval=200&retryIntervalMultiplier=1.5&maxRetryInterval=2000&initialConnectAttempts=10";
    }

    public String passwordReference() {
        return "file:" + work.resolve("hub.password");
    }

    /** What the hub needs to run on this pair. */
    public List<String> hubArguments() {
        return List.of("--hub.broker.mode=EXTERNAL", "--hub.broker.url=" + url(), "--hub.broker.user=hub",
                "--hub.broker.password=" + passwordReference());
    }

    /** {@code kill -9} of the live broker's JVM: no shutdown, no goodbye to the backup or the clients. */
    Instant killLive() throws Exception {
        long pid = Long.parseLong(Files.readString(work.resolve("live.pid")).strip());
        ProcessHandle live = ProcessHandle.of(pid).orElseThrow(() -> new IllegalStateException("live broker not running"));
        Instant at = Instant.now();
        new ProcessBuilder("kill", "-9", Long.toString(pid)).inheritIO().start().waitFor(10, TimeUnit.SECONDS);
        live.onExit().get(10, TimeUnit.SECONDS);
        return at;
    }

    /** When the backup logged that it is active (AMQ221007), if it has. */
    java.util.Optional<Instant> backupActiveAt() throws IOException {
        Path log = work.resolve("backup/log/console.log");
        if (!Files.exists(log)) {
            return java.util.Optional.empty();
        }
        for (String line : Files.readAllLines(log, StandardCharsets.UTF_8)) {
            if (line.contains("AMQ221007")) {
                // "2026-01-01 10:00:00,123 INFO ..." in the broker's (the machine's) time zone.
                var time = java.time.LocalDateTime.parse(line.substring(0, 23).replace(' ', 'T').replace(',', '.'));
                return java.util.Optional.of(time.atZone(java.time.ZoneId.systemDefault()).toInstant());
            }
        }
        return java.util.Optional.empty();
    }

    @Override
    public void close() throws Exception {
        run("stop-pair.sh", Map.of(), Duration.ofMinutes(1));
    }

    private void run(String script, Map<String, String> environment, Duration timeout) throws Exception {
        ProcessBuilder builder = new ProcessBuilder("bash", root.resolve("deploy/artemis/" + script).toString())
                .redirectErrorStream(true);
        builder.environment().put("JUNCTION_ARTEMIS_WORK", work.toString());
        builder.environment().put("JUNCTION_ARTEMIS_LIVE_PORT", Integer.toString(livePort));
        builder.environment().put("JUNCTION_ARTEMIS_BACKUP_PORT", Integer.toString(backupPort));
        builder.environment().putAll(environment);
        Process process = builder.start();
        String out = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!process.waitFor(timeout.toSeconds(), TimeUnit.SECONDS)) {
            process.destroyForcibly();
            fail(script + " did not finish in " + timeout + ": " + out);
        }
        output.add(out);
        if (process.exitValue() != 0) {
            fail(script + " failed (" + process.exitValue() + "): " + out);
        }
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        }
    }
}
