package org.junction.security.audit;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Writing ledger events once per stage key, with their subjects, one at a time and in batches (H2, PostgreSQL mode). */
class LedgerWriterTest {

    private static final Instant T0 = Instant.parse("2026-04-14T10:00:00Z");

    private LedgerTestDatabase db;
    private LedgerWriter writer;
    private final List<LedgerEvent> told = new ArrayList<>();

    @BeforeEach
    void setUp() throws Exception {
        db = new LedgerTestDatabase();
        writer = new LedgerWriter(db.jdbc);
        writer.addListener(told::add);
    }

    @AfterEach
    void tearDown() throws Exception {
        db.close();
    }

    @Test
    void aStepRecordedAgainKeepsItsFirstEventAndItsSubjects() {
        UUID trackingId = UUID.randomUUID();
        var first = event(LedgerEventType.RECEIVED, trackingId, List.of("psn-a", "psn-b", "psn-a"));
        var repeat = event(LedgerEventType.RECEIVED, trackingId, List.of("psn-c"));

        assertThat(writer.record(first)).isTrue();
        assertThat(writer.record(repeat)).isFalse();

        assertThat(db.jdbc.queryForList("SELECT event_id FROM ledger_event", UUID.class))
                .containsExactly(first.eventId());
        assertThat(subjectsOf(first)).containsExactlyInAnyOrder("psn-a", "psn-b");
        assertThat(told).containsExactly(first);
    }

    @Test
    void eventsWithoutAStageKeyAreEachWritten() {
        var one = unkeyed("psn-a");
        var other = unkeyed("psn-a");

        assertThat(writer.record(one)).isTrue();
        assertThat(writer.record(other)).isTrue();

        assertThat(db.jdbc.queryForObject("SELECT COUNT(*) FROM ledger_event", Integer.class)).isEqualTo(2);
        assertThat(subjectsOf(one)).containsExactly("psn-a");
        assertThat(subjectsOf(other)).containsExactly("psn-a");
    }

    @Test
    void aBatchSkipsStepsAlreadyRecordedAndWritesTheRestWithTheirSubjects() {
        UUID earlier = UUID.randomUUID();
        var recorded = event(LedgerEventType.QUEUED, earlier, List.of("psn-old"));
        writer.record(recorded);
        told.clear();
        var repeat = event(LedgerEventType.QUEUED, earlier, List.of("psn-new"));
        var second = event(LedgerEventType.QUEUED, UUID.randomUUID(), List.of("psn-x", "psn-y"));
        var third = event(LedgerEventType.QUEUED, UUID.randomUUID(), List.of());
        var fourth = unkeyed("psn-z");

        writer.recordAll(List.of(repeat, second, third, fourth));

        assertThat(db.jdbc.queryForList("SELECT event_id FROM ledger_event ORDER BY id", UUID.class))
                .containsExactly(recorded.eventId(), second.eventId(), third.eventId(), fourth.eventId());
        assertThat(subjectsOf(recorded)).containsExactly("psn-old");
        assertThat(subjectsOf(second)).containsExactlyInAnyOrder("psn-x", "psn-y");
        assertThat(subjectsOf(third)).isEmpty();
        assertThat(subjectsOf(fourth)).containsExactly("psn-z");
        assertThat(told).containsExactly(second, third, fourth);
    }

    @Test
    void aLargeBatchWritesEverySubject() {
        List<LedgerEvent> events = new ArrayList<>();
        for (int i = 0; i < LedgerWriter.SUBJECTS_PER_STATEMENT; i++) {
            events.add(event(LedgerEventType.QUEUED, UUID.randomUUID(), List.of("psn-" + i, "psn-shared")));
        }

        writer.recordAll(events);

        assertThat(db.jdbc.queryForObject("SELECT COUNT(*) FROM ledger_subject", Integer.class))
                .isEqualTo(2 * LedgerWriter.SUBJECTS_PER_STATEMENT);
        assertThat(subjectsOf(events.get(events.size() - 1)))
                .containsExactlyInAnyOrder("psn-" + (LedgerWriter.SUBJECTS_PER_STATEMENT - 1), "psn-shared");
    }

    @Test
    void anEventKeepsWhatItRestedOn() {
        UUID consentId = UUID.randomUUID();
        var event = event(LedgerEventType.DECIDED, UUID.randomUUID(), List.of("psn-a"))
                .withDetails(new LedgerDetails("corr-7", "CONSENT", List.of("explicit"), "isa-1", 3, "flow-2",
                        consentId, null, null, List.of("health"), List.of()));

        writer.record(event);

        var row = db.jdbc.queryForMap("""
                SELECT correlation_id, basis_kind, basis_codes, agreement_id, agreement_version, flow_id, consent_id,
                    decision_id, data_categories FROM ledger_event WHERE event_id = ?""", event.eventId());
        assertThat(row).containsEntry("correlation_id", "corr-7").containsEntry("basis_kind", "CONSENT")
                .containsEntry("agreement_id", "isa-1").containsEntry("agreement_version", 3)
                .containsEntry("flow_id", "flow-2").containsEntry("consent_id", consentId)
                .containsEntry("decision_id", null);
    }

    private List<String> subjectsOf(LedgerEvent event) {
        return db.jdbc.queryForList("""
                SELECT s.pseudonym FROM ledger_subject s JOIN ledger_event e ON e.id = s.ledger_event_id
                WHERE e.event_id = ?""", String.class, event.eventId());
    }

    private static LedgerEvent event(LedgerEventType type, UUID trackingId, List<String> pseudonyms) {
        return LedgerEvent.forReferral(type, trackingId, "hub", "sender-1", null, "SAFEGUARDING", null, null, 1,
                pseudonyms, T0);
    }

    private static LedgerEvent unkeyed(String pseudonym) {
        return new LedgerEvent(UUID.randomUUID(), null, LedgerEventType.RECEIVED, T0, "hub", null, null, null, null,
                null, null, 1, List.of(pseudonym));
    }
}
