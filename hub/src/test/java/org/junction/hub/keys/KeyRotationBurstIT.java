package org.junction.hub.keys;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.OutputStream;
import java.io.PrintStream;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.stream.Collectors;
import org.junction.adapters.intake.IntakeService;
import org.junction.hub.HubProperties;
import org.junction.hub.cli.KeysCommands;
import org.junction.hub.demo.FhirReceiverServer;
import org.junction.hub.support.HubIntegrationTest;
import org.junction.hub.support.SampleReferrals;
import org.junction.security.crypto.CryptoException;
import org.junction.security.crypto.EnvelopeCipher;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Proof that a key-encryption key can be rotated under load: while referrals stream in from several
 * threads, a new key is added and activated through the code {@code junction keys rotate} runs, and
 * the running hub picks it up. Every referral is delivered exactly once, data sealed under both keys
 * is seen in the store during the run, and afterwards the old key is rewrapped away and retired, after
 * which it opens nothing.
 */
class KeyRotationBurstIT extends HubIntegrationTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final int REFERRALS = 120;
    private static final int ROTATE_AFTER = 40;

    @Autowired
    LiveKeyRing ring;
    @Autowired
    EnvelopeCipher cipher;
    @Autowired
    KeyProperties keys;
    @Autowired
    HubProperties hub;
    @Autowired
    TransactionTemplate tx;

    /** An envelope seen in the outbox, with what it was bound to. */
    private record Sealed(String kekId, byte[] envelope, UUID trackingId, String recipient) {
    }

    @Test
    void referralsStreamingInWhileTheKeyRotatesAreEachDeliveredOnceAndTheOldKeyIsRetiredCleanly() throws Exception {
        KeysCommands commands = new KeysCommands(KeyRingFactory.keystorePath(keys, hub.dataDir()),
                KeyRingFactory.password(keys, hub.dataDir()), keys.activeKekId(), keys.activePseudonymKeyId(), jdbc, tx,
                Clock.systemUTC(), new PrintStream(OutputStream.nullOutputStream()));
        String oldKey = ring.get().activeKekId();
        Map<String, Sealed> seen = new ConcurrentHashMap<>();
        AtomicBoolean sampling = new AtomicBoolean(true);
        Thread sampler = new Thread(() -> {
            while (sampling.get()) {
                jdbc.query("SELECT tracking_id, recipient_partner_id, payload FROM outbox", rs -> {
                    byte[] envelope = rs.getBytes("payload");
                    String id = EnvelopeCipher.kekIdOf(envelope);
                    seen.putIfAbsent(id, new Sealed(id, envelope, UUID.fromString(rs.getString("tracking_id")),
                            rs.getString("recipient_partner_id")));
                });
                sleep(5);
            }
        }, "outbox-sampler");
        sampler.start();

        ExecutorService senders = Executors.newFixedThreadPool(8);
        CountDownLatch rotateNow = new CountDownLatch(ROTATE_AFTER);
        List<Future<UUID>> sent = new ArrayList<>();
        String newKey;
        try {
            for (int i = 0; i < REFERRALS; i++) {
                String nhs = nhsNumber(740_000 + i * 3);
                sent.add(senders.submit(() -> {
                    try {
                        var response = postReferral(POLICE_KEY, newRequestId(), SampleReferrals.police(nhs, "Ottoline", "Verey"));
                        assertThat(response.statusCode()).as(response.body()).isEqualTo(202);
                        return UUID.fromString(JSON.readTree(response.body()).get("trackingId").asText());
                    } finally {
                        rotateNow.countDown();
                    }
                }));
            }
            rotateNow.await();
            // What `junction keys rotate` does, then what the node's refresher does within its interval.
            newKey = commands.rotate(null, true);
            assertThat(ring.refresh()).isTrue();
            assertThat(ring.get().activeKekId()).isEqualTo(newKey);
        } finally {
            senders.shutdown();
        }
        Set<UUID> trackingIds = new java.util.HashSet<>();
        for (Future<UUID> f : sent) {
            trackingIds.add(f.get());
        }
        assertThat(trackingIds).hasSize(REFERRALS);

        await().atMost(Duration.ofSeconds(180)).pollInterval(Duration.ofMillis(500))
                .until(() -> deliveredOnce(trackingIds));
        sampling.set(false);
        sampler.join();

        Map<UUID, Long> receivedByGp = GP.received().stream().map(FhirReceiverServer.Received::trackingId)
                .filter(trackingIds::contains).collect(Collectors.groupingBy(t -> t, Collectors.counting()));
        assertThat(receivedByGp).hasSize(REFERRALS);
        assertThat(receivedByGp.values()).containsOnly(1L);
        assertThat(seen.keySet()).as("key ids of envelopes seen in the outbox during the run").contains(oldKey, newKey);

        Sealed underOldKey = seen.get(oldKey);
        byte[] aad = underOldKey.recipient() == null ? IntakeService.associatedData(underOldKey.trackingId())
                : IntakeService.associatedData(underOldKey.trackingId(), underOldKey.recipient());
        assertThat(cipher.open(underOldKey.envelope(), aad)).isNotEmpty();

        commands.rewrap();
        assertThat(commands.usage()).doesNotContainKey(oldKey);
        commands.retire(oldKey, true);
        assertThat(ring.refresh()).isTrue();

        assertThat(ring.get().kekIds()).doesNotContain(oldKey).contains(newKey);
        assertThatThrownBy(() -> cipher.open(underOldKey.envelope(), aad))
                .isInstanceOf(CryptoException.class).hasMessageContaining("unknown key-encryption key id '" + oldKey + "'");
        // New referrals after retirement still flow, sealed under the new key.
        var after = postReferral(POLICE_KEY, newRequestId(), SampleReferrals.police(nhsNumber(749_000), "Ottoline", "Verey"));
        assertThat(after.statusCode()).isEqualTo(202);
        UUID last = UUID.fromString(JSON.readTree(after.body()).get("trackingId").asText());
        await().atMost(Duration.ofSeconds(30)).until(() -> deliveredOnce(Set.of(last)));
    }

    private boolean deliveredOnce(Set<UUID> trackingIds) {
        List<Map<String, Object>> rows = jdbc.queryForList(
                "SELECT tracking_id, COUNT(*) AS n FROM delivery WHERE recipient_partner_id = 'gp-test' GROUP BY tracking_id");
        Map<UUID, Long> counts = new java.util.HashMap<>();
        for (Map<String, Object> row : rows) {
            UUID id = UUID.fromString(String.valueOf(row.get("TRACKING_ID") != null ? row.get("TRACKING_ID") : row.get("tracking_id")));
            Number n = (Number) (row.get("N") != null ? row.get("N") : row.get("n"));
            counts.put(id, n.longValue());
        }
        for (UUID id : trackingIds) {
            Long n = counts.get(id);
            if (n == null) {
                return false;
            }
            assertThat(n).as("deliveries of one referral").isEqualTo(1L);
        }
        return true;
    }

    /** A synthetic NHS number in the 999 range with a valid Modulus 11 check digit. */
    private static String nhsNumber(int seed) {
        for (int n = seed; ; n++) {
            String base = "999" + String.format("%06d", n);
            int sum = 0;
            for (int i = 0; i < 9; i++) {
                sum += (base.charAt(i) - '0') * (10 - i);
            }
            int check = (11 - sum % 11) % 11;
            if (check != 10) {
                return base + check;
            }
        }
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
