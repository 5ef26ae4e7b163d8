package org.junction.bench.reconcile;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import org.junction.bench.load.SentRecord;
import org.junit.jupiter.api.Test;

class IntakeRecordCountTest {

    private static SentRecord sent(String key, String outcome, String trackingId) {
        return new SentRecord("c:" + key, key, "h", "2026-11-23T06:00:00Z", outcome, 202, trackingId,
                trackingId == null ? List.of() : List.of(trackingId), 1, 0, "measure", false);
    }

    @Test
    void oneRecordPerAcceptedKeyAndAnEmptyOutboxPass() {
        var counts = IntakeRecordCount.count(List.of(sent("a", SentRecord.ACCEPTED, "t-a"),
                sent("b", SentRecord.REJECTED, null), sent("u", SentRecord.UNKNOWN, null)),
                Map.of("a", List.of("t-a"), "u", List.of("t-u")), 0);

        assertThat(counts.acceptedKeys()).isEqualTo(1);
        assertThat(counts.recordsForUnknownKeys()).isEqualTo(1);
        assertThat(counts.passed()).isTrue();
    }

    @Test
    void missingSeveralMismatchedOrRejectedRecordsAndALeftoverOutboxFail() {
        var counts = IntakeRecordCount.count(List.of(sent("a", SentRecord.ACCEPTED, "t-a"),
                sent("b", SentRecord.ACCEPTED, "t-b"), sent("c", SentRecord.ACCEPTED, "t-c"),
                sent("r", SentRecord.REJECTED, null)),
                Map.of("b", List.of("t-b", "t-b2"), "c", List.of("t-other"), "r", List.of("t-r")), 3);

        assertThat(counts.acceptedWithoutRecord()).isEqualTo(1);
        assertThat(counts.keysWithSeveralRecords()).isEqualTo(1);
        assertThat(counts.trackingIdMismatches()).isEqualTo(1);
        assertThat(counts.recordsForRejectedKeys()).isEqualTo(1);
        assertThat(counts.outboxRows()).isEqualTo(3);
        assertThat(counts.passed()).isFalse();
    }
}
