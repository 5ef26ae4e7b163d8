package org.junction.hub.audit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.charset.StandardCharsets;
import java.security.KeyFactory;
import java.security.Signature;
import java.security.spec.X509EncodedKeySpec;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junction.security.audit.ChainHasher;
import org.junction.security.audit.LedgerCheckpoint;
import org.junction.security.audit.LedgerCheckpointer;
import org.junction.security.audit.LedgerCheckpoints;
import org.junction.security.audit.LedgerSealer;
import org.junction.security.audit.LedgerEventRows;
import org.junction.security.audit.SealedEventContent;
import org.junction.hub.support.HubIntegrationTest;
import org.junction.hub.support.SampleReferrals;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.context.ApplicationContext;
import org.springframework.context.Lifecycle;

/**
 * The ledger of real runs verifies, and each kind of tampering (an edited record, a deleted one,
 * two reordered, a chain recomputed after an edit, a truncated chain) makes verification fail at the
 * right sequence number. Each test puts the ledger back as it found it, because the other tests
 * share this database; the tests that rewrite the chain's head stop the sealer meanwhile, so no
 * event is sealed onto a tampered head.
 */
class AuditChainIT extends HubIntegrationTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    @Autowired
    ApplicationContext context;

    @Autowired
    LedgerSealer sealer;

    @Autowired
    LedgerCheckpointer checkpointer;

    @Autowired
    LedgerCheckpoints checkpoints;

    @BeforeEach
    void ledgerHasSealedEvents() {
        postReferral(POLICE_KEY, newRequestId(), SampleReferrals.police("9990000042", "Rosalind", "Ashgrove", "GIVEN"));
        postReferral(POLICE_KEY, newRequestId(), SampleReferrals.police(null, "Caspian", "Dunmore", "NOT_ASKED"));
        await().atMost(Duration.ofSeconds(20)).until(() -> count("ledger_chain") >= 6
                && count("ledger_unsealed") == 0);
    }

    @Test
    void chainOfRealRunsVerifies() throws Exception {
        JsonNode result = verify();

        assertThat(result.get("valid").asBoolean()).isTrue();
        assertThat(result.get("sealedEvents").asLong()).isGreaterThanOrEqualTo(6);
        assertThat(result.get("firstBadSeq").isNull()).isTrue();
    }

    @Test
    void editingOneRecordFailsAtItsSequenceNumber() throws Exception {
        long seq = 3;
        long eventId = eventAt(seq);
        String original = jdbc.queryForObject("SELECT actor FROM ledger_event WHERE id = ?", String.class, eventId);
        jdbc.update("UPDATE ledger_event SET actor = 'someone-else' WHERE id = ?", eventId);
        try {
            JsonNode result = verify();
            assertThat(result.get("valid").asBoolean()).isFalse();
            assertThat(result.get("firstBadSeq").asLong()).isEqualTo(seq);
        } finally {
            jdbc.update("UPDATE ledger_event SET actor = ? WHERE id = ?", original, eventId);
        }
        assertThat(verify().get("valid").asBoolean()).isTrue();
    }

    @Test
    void deletingOneRecordFailsAtItsSequenceNumber() throws Exception {
        long seq = 2;
        Map<String, Object> row = jdbc.queryForMap("SELECT * FROM ledger_chain WHERE seq = ?", seq);
        jdbc.update("DELETE FROM ledger_chain WHERE seq = ?", seq);
        try {
            JsonNode result = verify();
            assertThat(result.get("valid").asBoolean()).isFalse();
            assertThat(result.get("firstBadSeq").asLong()).isEqualTo(seq);
        } finally {
            jdbc.update("INSERT INTO ledger_chain (seq, ledger_event_id, prev_hash, hash, sealed_at) VALUES (?, ?, ?, ?, ?)",
                    row.get("seq"), row.get("ledger_event_id"), row.get("prev_hash"), row.get("hash"), row.get("sealed_at"));
        }
        assertThat(verify().get("valid").asBoolean()).isTrue();
    }

    @Test
    void reorderingTwoRecordsFailsAtTheFirstOfThem() throws Exception {
        swap(4, 5);
        try {
            JsonNode result = verify();
            assertThat(result.get("valid").asBoolean()).isFalse();
            assertThat(result.get("firstBadSeq").asLong()).isEqualTo(4);
        } finally {
            swap(4, 5);
        }
        assertThat(verify().get("valid").asBoolean()).isTrue();
    }

    private void swap(long a, long b) {
        long parked = 1_000_000_000L;
        jdbc.update("UPDATE ledger_chain SET seq = ? WHERE seq = ?", parked, a);
        jdbc.update("UPDATE ledger_chain SET seq = ? WHERE seq = ?", a, b);
        jdbc.update("UPDATE ledger_chain SET seq = ? WHERE seq = ?", b, parked);
    }

    private long eventAt(long seq) {
        return jdbc.queryForObject("SELECT ledger_event_id FROM ledger_chain WHERE seq = ?", Long.class, seq);
    }

    @Test
    void aChainRecomputedAfterAnEditIsCaughtByTheCheckpointAfterIt() throws Exception {
        Lifecycle sealing = context.getBean("ledgerSealing", Lifecycle.class);
        sealing.stop();
        try {
            // Stopping signs the head; more events are then sealed and signed by hand.
            long checkpointed = lastCheckpointSeq();
            assertThat(checkpointed).isEqualTo(head());
            postReferral(POLICE_KEY, newRequestId(), SampleReferrals.police(null, "Isolde", "Brackwater", "GIVEN"));
            await().atMost(Duration.ofSeconds(20)).until(() -> {
                sealer.sealPending(1000);
                return head() > checkpointed + 1;
            });
            long signedHead = checkpointer.checkpointNow().orElseThrow().seq();
            long edited = checkpointed + 1;
            List<Map<String, Object>> links = jdbc.queryForList("SELECT seq, prev_hash, hash FROM ledger_chain WHERE seq >= ?",
                    edited);
            String headHash = jdbc.queryForObject("SELECT last_hash FROM ledger_chain_head", String.class);
            long eventId = eventAt(edited);
            String actor = jdbc.queryForObject("SELECT actor FROM ledger_event WHERE id = ?", String.class, eventId);

            jdbc.update("UPDATE ledger_event SET actor = 'someone-else' WHERE id = ?", eventId);
            rechainFrom(edited);
            try {
                JsonNode result = verify();
                assertThat(result.get("valid").asBoolean()).isFalse();
                assertThat(result.get("firstBadSeq").asLong()).isEqualTo(edited);
                assertThat(result.get("problem").asText()).endsWith("checkpoint at seq " + signedHead);
            } finally {
                jdbc.update("UPDATE ledger_event SET actor = ? WHERE id = ?", actor, eventId);
                for (Map<String, Object> link : links) {
                    jdbc.update("UPDATE ledger_chain SET prev_hash = ?, hash = ? WHERE seq = ?", link.get("prev_hash"),
                            link.get("hash"), link.get("seq"));
                }
                jdbc.update("UPDATE ledger_chain_head SET last_hash = ?", headHash);
            }
            assertThat(verify().get("valid").asBoolean()).isTrue();
        } finally {
            sealing.start();
        }
    }

    @Test
    void truncatingTheChainIsCaughtByTheCheckpointFileEvenWhenTheDatabaseLostTheCheckpoints() throws Exception {
        Lifecycle sealing = context.getBean("ledgerSealing", Lifecycle.class);
        sealing.stop();
        try {
            long signed = head();
            assertThat(lastCheckpointSeq()).isEqualTo(signed);
            assertThat(checkpoints.fromFile()).extracting(LedgerCheckpoint::seq).contains(signed);
            long keep = signed - 2;
            List<Map<String, Object>> cut = jdbc.queryForList("SELECT * FROM ledger_chain WHERE seq > ? ORDER BY seq", keep);
            List<Map<String, Object>> lost = jdbc.queryForList("SELECT * FROM ledger_checkpoint WHERE seq > ?", keep);
            String headHash = jdbc.queryForObject("SELECT last_hash FROM ledger_chain_head", String.class);

            jdbc.update("INSERT INTO ledger_unsealed (ledger_event_id) SELECT ledger_event_id FROM ledger_chain WHERE seq > ?",
                    keep);
            jdbc.update("DELETE FROM ledger_chain WHERE seq > ?", keep);
            jdbc.update("DELETE FROM ledger_checkpoint WHERE seq > ?", keep);
            jdbc.update("UPDATE ledger_chain_head SET last_seq = ?, last_hash = (SELECT hash FROM ledger_chain WHERE seq = ?)",
                    keep, keep);
            try {
                JsonNode result = verify();
                assertThat(result.get("valid").asBoolean()).isFalse();
                assertThat(result.get("firstBadSeq").asLong()).isEqualTo(keep + 1);
                assertThat(result.get("problem").asText()).contains("truncated").endsWith("seq " + signed);
            } finally {
                for (Map<String, Object> link : cut) {
                    jdbc.update("INSERT INTO ledger_chain (seq, ledger_event_id, prev_hash, hash, sealed_at) VALUES (?, ?, ?, ?, ?)",
                            link.get("seq"), link.get("ledger_event_id"), link.get("prev_hash"), link.get("hash"),
                            link.get("sealed_at"));
                    jdbc.update("DELETE FROM ledger_unsealed WHERE ledger_event_id = ?", link.get("ledger_event_id"));
                }
                for (Map<String, Object> c : lost) {
                    jdbc.update("INSERT INTO ledger_checkpoint (seq, head_hash, created_at, key_id, signature) VALUES (?, ?, ?, ?, ?)",
                            c.get("seq"), c.get("head_hash"), c.get("created_at"), c.get("key_id"), c.get("signature"));
                }
                jdbc.update("UPDATE ledger_chain_head SET last_seq = ?, last_hash = ?", signed, headHash);
            }
            assertThat(verify().get("valid").asBoolean()).isTrue();
        } finally {
            sealing.start();
        }
    }

    @Test
    void aPartnerFetchesCheckpointsAndKeysAndVerifiesThemWithTheJdksOwnEd25519() throws Exception {
        checkpointer.checkpointNow();
        JsonNode keys = JSON.readTree(getOk(COUNCIL_KEY, "/api/v1/audit/keys"));
        JsonNode page = JSON.readTree(getOk(POLICE_KEY, "/api/v1/audit/checkpoints?after=0&limit=1000"));

        assertThat(page.get("checkpoints").size()).isPositive();
        KeyFactory ed25519 = KeyFactory.getInstance("Ed25519");
        for (JsonNode c : page.get("checkpoints")) {
            JsonNode key = null;
            for (JsonNode k : keys) {
                if (k.get("keyId").asText().equals(c.get("keyId").asText())) {
                    key = k;
                }
            }
            assertThat(key).as("public key for " + c.get("keyId")).isNotNull();
            assertThat(key.get("jwk").get("crv").asText()).isEqualTo("Ed25519");
            String pem = key.get("publicKeyPem").asText().replaceAll("-----[A-Z ]+-----|\\s", "");
            Signature verifier = Signature.getInstance("Ed25519");
            verifier.initVerify(ed25519.generatePublic(new X509EncodedKeySpec(Base64.getDecoder().decode(pem))));
            String signed = "junction.ledger.checkpoint.v1\n" + c.get("seq").asLong() + "\n" + c.get("headHash").asText()
                    + "\n" + c.get("createdAt").asText() + "\n" + c.get("keyId").asText();
            verifier.update(signed.getBytes(StandardCharsets.UTF_8));
            assertThat(verifier.verify(Base64.getDecoder().decode(c.get("signature").asText())))
                    .as("checkpoint " + c.get("seq")).isTrue();
        }
        JsonNode one = JSON.readTree(getOk(IG_LEAD_KEY, "/api/v1/audit/checkpoints?limit=1"));
        assertThat(one.get("checkpoints")).hasSize(1);
        assertThat(one.get("nextAfter").asLong()).isEqualTo(one.get("checkpoints").get(0).get("seq").asLong());
        assertThat(get(COUNCIL_IG_LEAD_KEY, "/api/v1/audit/checkpoints").statusCode()).isEqualTo(403);
        assertThat(get(POLICE_KEY, "/api/v1/audit/checkpoints?limit=0").statusCode()).isEqualTo(400);
    }

    private String getOk(String apiKey, String path) {
        var response = get(apiKey, path);
        assertThat(response.statusCode()).as(path).isEqualTo(200);
        return response.body();
    }

    private long head() {
        return jdbc.queryForObject("SELECT last_seq FROM ledger_chain_head", Long.class);
    }

    private long lastCheckpointSeq() {
        return jdbc.queryForObject("SELECT COALESCE(MAX(seq), 0) FROM ledger_checkpoint", Long.class);
    }

    /** What someone with write access to the database would do to hide an edit from the hashes alone. */
    private void rechainFrom(long from) {
        long last = head();
        String prev = jdbc.queryForObject("SELECT prev_hash FROM ledger_chain WHERE seq = ?", String.class, from);
        for (long seq = from; seq <= last; seq++) {
            long id = eventAt(seq);
            List<String> pseudonyms = jdbc.queryForList("SELECT pseudonym FROM ledger_subject WHERE ledger_event_id = ?",
                    String.class, id);
            SealedEventContent content = jdbc.queryForObject("SELECT " + LedgerEventRows.COLUMNS
                    + " FROM ledger_event e WHERE e.id = ?", (rs, i) -> LedgerEventRows.content(rs, 1, pseudonyms), id);
            String hash = ChainHasher.hash(seq, prev, content);
            jdbc.update("UPDATE ledger_chain SET prev_hash = ?, hash = ? WHERE seq = ?", prev, hash, seq);
            prev = hash;
        }
        jdbc.update("UPDATE ledger_chain_head SET last_hash = ?", prev);
    }

    @Test
    void partnerMachinesMayNotVerifyTheLedger() {
        assertThat(get(POLICE_KEY, "/api/v1/audit/verify").statusCode()).isEqualTo(403);
    }

    private JsonNode verify() throws Exception {
        var response = get(IG_LEAD_KEY, "/api/v1/audit/verify");
        assertThat(response.statusCode()).isEqualTo(200);
        return JSON.readTree(response.body());
    }
}
