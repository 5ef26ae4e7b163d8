package org.junction.hub.audit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.time.Duration;
import java.util.Map;
import org.junction.hub.support.HubIntegrationTest;
import org.junction.hub.support.SampleReferrals;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The ledger of real runs verifies, and each kind of tampering (an edited record, a deleted one,
 * two reordered) makes verification fail at the right sequence number. Each test puts the ledger
 * back as it found it, because the other tests share this database.
 */
class AuditChainIT extends HubIntegrationTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    @BeforeEach
    void ledgerHasSealedEvents() {
        postReferral(POLICE_KEY, newRequestId(), SampleReferrals.police("9990000042", "Rosalind", "Ashgrove", "GIVEN"));
        postReferral(POLICE_KEY, newRequestId(), SampleReferrals.police(null, "Caspian", "Dunmore", "NOT_ASKED"));
        await().atMost(Duration.ofSeconds(20)).until(() -> count("ledger_chain") >= 6
                && jdbc.queryForObject("SELECT COUNT(*) FROM ledger_event WHERE chain_seq IS NULL", Integer.class) == 0);
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
    void partnerMachinesMayNotVerifyTheLedger() {
        assertThat(get(POLICE_KEY, "/api/v1/audit/verify").statusCode()).isEqualTo(403);
    }

    private JsonNode verify() throws Exception {
        var response = get(IG_LEAD_KEY, "/api/v1/audit/verify");
        assertThat(response.statusCode()).isEqualTo(200);
        return JSON.readTree(response.body());
    }
}
