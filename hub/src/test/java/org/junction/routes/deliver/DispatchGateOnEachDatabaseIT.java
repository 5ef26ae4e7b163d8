package org.junction.routes.deliver;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import org.junction.adapters.intake.BrokerHeaders;
import org.junction.hub.database.MigratedDatabase;
import org.junction.hub.database.OnEachDatabase;
import org.junction.hub.database.PlanCost;
import org.junction.hub.operations.QueueTableVacuum;
import org.junction.security.consent.ConsentRecord;
import org.junction.security.consent.ConsentStore;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * The deliver stage's one statement per delivery, on H2 and PostgreSQL: each of its answers
 * (delivered, taken back, consent withdrawn, held back behind an earlier dispatch about the same
 * person), and, on PostgreSQL, that it costs the same however many dispatches of the recipient are
 * waiting: a cost growing with the backlog would slow the backlog's own draining. Cost is counted
 * in rows the plan touched, on a table never ANALYZEd (a young table, as after a deployment or an
 * outage), and again with a generic plan and with statistics; and in reads of the table, on a table
 * whose statistics were taken with a few rows in flight and which thousands of rows have passed
 * through since, as autovacuum leaves a queue table between its visits.
 */
class DispatchGateOnEachDatabaseIT {

    /** The single join the held-back check used to be: planned on a young table, it read every pending dispatch of the recipient. */
    private static final String OLD_JOIN = """
            SELECT COUNT(*) FROM dispatch_order earlier
            JOIN dispatch_order mine ON mine.recipient_partner_id = earlier.recipient_partner_id
                AND mine.subject_pseudonym = earlier.subject_pseudonym
            WHERE mine.tracking_id = ? AND mine.recipient_partner_id = ? AND mine.generation = ?
                AND earlier.id < mine.id AND earlier.state = ?""";
    private static final int BACKLOG = 5_000;
    private static final List<String> FREE_SUBJECTS = List.of("p1:busy-new", "p1:busy-newer");
    private static final List<String> HELD_SUBJECTS = List.of("p1:busy-new-too", "p1:busy-blocked");
    private static final long SMALL = 50;
    private static final Instant NOW = Instant.parse("2026-11-24T09:00:00Z");

    @OnEachDatabase
    void dispatchGate(MigratedDatabase db) {
        var gate = new DispatchGate(db.jdbc(), Clock.fixed(NOW, ZoneOffset.UTC));
        holdsBackOnlyBehindAnEarlierPendingDispatch(db.jdbc(), gate);
        knowsWhatWasDeliveredOrTakenBack(db.jdbc(), gate);
        seesAConsentWithdrawnSinceTheDecision(db.jdbc(), gate);
        if (db.postgres()) {
            costsTheSameWhateverTheBacklog(db.jdbc(), gate);
            readsTheTableOncePerSubjectOnAChurnedTable(db.jdbc(), gate);
        } else {
            assertThat(new QueueTableVacuum(db.jdbc(), Duration.ofSeconds(10)).vacuum())
                    .as("H2 has no VACUUM: nothing is tried").isFalse();
        }
    }

    private static void holdsBackOnlyBehindAnEarlierPendingDispatch(JdbcTemplate jdbc, DispatchGate gate) {
        var order = new DispatchOrder(jdbc);
        UUID first = UUID.randomUUID();
        UUID second = UUID.randomUUID();
        UUID otherRecipient = UUID.randomUUID();
        UUID otherSubject = UUID.randomUUID();
        order.record(first, "gp-a", 1, List.of("p1:s1", "p1:s2"));
        order.record(second, "gp-a", 1, List.of("p1:s3", "p1:s2"));
        order.record(otherRecipient, "gp-b", 1, List.of("p1:s1"));
        order.record(otherSubject, "gp-a", 1, List.of("p1:s9"));

        assertThat(heldBack(gate, second, "gp-a", List.of("p1:s3", "p1:s2"))).as("behind an earlier pending dispatch about one of its subjects").isTrue();
        assertThat(heldBack(gate, first, "gp-a", List.of("p1:s1", "p1:s2"))).as("not behind a later pending one").isFalse();
        assertThat(heldBack(gate, otherRecipient, "gp-b", List.of("p1:s1"))).as("not behind another recipient's").isFalse();
        assertThat(heldBack(gate, otherSubject, "gp-a", List.of("p1:s9"))).as("not behind another subject's").isFalse();
        assertThat(heldBack(gate, UUID.randomUUID(), "gp-a", List.of("p1:s2")))
                .as("a dispatch with no order rows of its own waits for nothing").isFalse();
        assertThat(heldBack(gate, second, "gp-a", List.of())).as("nor does one about nobody").isFalse();

        UUID earlier = UUID.randomUUID();
        UUID later = UUID.randomUUID();
        order.record(earlier, "gp-c", 1, List.of("p1:s1"));
        order.record(later, "gp-c", 1, List.of("p1:s4", "p1:s1"));
        assertThat(heldBack(gate, later, "gp-c", List.of("p1:s4", "p1:s1"))).isTrue();
        order.done(earlier, "gp-c", 1);
        assertThat(heldBack(gate, later, "gp-c", List.of("p1:s4", "p1:s1")))
                .as("no longer held once the earlier one is delivered, failed for good or cancelled").isFalse();
        assertThat(rowsOf(jdbc, earlier)).as("a finished dispatch leaves no rows behind").isZero();
        assertThat(rowsOf(jdbc, later)).as("a pending one keeps its row per subject").isEqualTo(2);
    }

    private static int rowsOf(JdbcTemplate jdbc, UUID trackingId) {
        return jdbc.queryForObject("SELECT COUNT(*) FROM dispatch_order WHERE tracking_id = ?", Integer.class,
                trackingId);
    }

    private static void knowsWhatWasDeliveredOrTakenBack(JdbcTemplate jdbc, DispatchGate gate) {
        UUID fresh = UUID.randomUUID();
        assertThat(gate.read(dispatch(fresh, "gp-a", 1, "PATSFTY", List.of("p1:k1"))))
                .isEqualTo(new DeliveryService.Known(Optional.empty(), false, Optional.empty(), false));

        UUID delivered = UUID.randomUUID();
        jdbc.update("""
                INSERT INTO delivery (tracking_id, recipient_partner_id, generation, response_id, delivered_at)
                VALUES (?, ?, ?, ?, ?)""", delivered, "gp-a", 1, "receipt-1", OffsetDateTime.ofInstant(NOW, ZoneOffset.UTC));
        assertThat(gate.read(dispatch(delivered, "gp-a", 1, "PATSFTY", List.of("p1:k1"))).deliveredResponseId())
                .contains("receipt-1");
        assertThat(gate.read(dispatch(delivered, "gp-a", 2, "PATSFTY", List.of("p1:k1"))).deliveredResponseId())
                .as("another generation").isEmpty();
        assertThat(gate.read(dispatch(delivered, "gp-b", 1, "PATSFTY", List.of("p1:k1"))).deliveredResponseId())
                .as("another recipient").isEmpty();

        UUID corrected = UUID.randomUUID();
        UUID enteredInError = UUID.randomUUID();
        withdraw(jdbc, corrected, "CORRECTION");
        withdraw(jdbc, enteredInError, "ENTERED_IN_ERROR");
        assertThat(gate.read(dispatch(corrected, "gp-a", 1, "PATSFTY", List.of())).takenBack())
                .contains(DeliveryService.CORRECTED);
        assertThat(gate.read(dispatch(enteredInError, "gp-a", 1, null, List.of("p1:k1"))).takenBack())
                .contains(DeliveryService.ENTERED_IN_ERROR);
        assertThat(gate.read(dispatch(fresh, "gp-a", 1, "PATSFTY", List.of("p1:k1"))).takenBack()).isEmpty();
    }

    private static void seesAConsentWithdrawnSinceTheDecision(JdbcTemplate jdbc, DispatchGate gate) {
        var consents = new ConsentStore(jdbc);
        List<String> person = List.of("p1:c-nhs", "p1:c-local");
        UUID trackingId = UUID.randomUUID();
        var given = consent(ConsentRecord.Provision.PERMIT, NOW.minusSeconds(3600));
        // Filed under both of the person's pseudonyms: two rows of the outer join, one consent.
        consents.save(given, person, "fhir-api", "police-a", new byte[] {1});
        assertThat(gate.read(dispatch(trackingId, "gp-a", 1, "PATSFTY", person)).consentWithdrawn())
                .as("the latest consent on record agrees").isFalse();

        consents.save(consent(ConsentRecord.Provision.DENY, NOW.minusSeconds(60)), List.of("p1:c-local"), "fhir-api",
                "police-a", new byte[] {2});
        assertThat(gate.read(dispatch(trackingId, "gp-a", 1, "PATSFTY", person)))
                .as("a later refusal under one of the person's pseudonyms")
                .isEqualTo(new DeliveryService.Known(Optional.empty(), true, Optional.empty(), false));
        assertThat(gate.read(dispatch(trackingId, "gp-b", 1, "PATSFTY", person)).consentWithdrawn())
                .as("the refusal covers only its recipient").isFalse();
        assertThat(gate.read(dispatch(trackingId, "gp-a", 1, "CAREMGT", person)).consentWithdrawn())
                .as("and only its purpose").isFalse();
        assertThat(gate.read(dispatch(trackingId, "gp-a", 1, null, person)).consentWithdrawn())
                .as("a dispatch with no purpose is not checked against consent").isFalse();
        assertThat(gate.read(dispatch(trackingId, "gp-a", 1, "PATSFTY", List.of("p1:c-other"))).consentWithdrawn())
                .as("another person's refusal").isFalse();
    }

    private static void costsTheSameWhateverTheBacklog(JdbcTemplate jdbc, DispatchGate gate) {
        // A young table: no statistics until this test takes them.
        jdbc.execute("ALTER TABLE dispatch_order SET (autovacuum_enabled = false)");
        var order = new DispatchOrder(jdbc);
        UUID blocker = UUID.randomUUID();
        order.record(blocker, "gp-busy", 1, List.of("p1:busy-blocked"));
        jdbc.update("""
                INSERT INTO dispatch_order (tracking_id, recipient_partner_id, generation, subject_pseudonym, state)
                SELECT gen_random_uuid(), 'gp-busy', 1, 'p1:busy-' || n, 'PENDING' FROM generate_series(1, ?) n""",
                BACKLOG);
        UUID free = UUID.randomUUID();
        UUID held = UUID.randomUUID();
        order.record(free, "gp-busy", 1, FREE_SUBJECTS);
        order.record(held, "gp-busy", 1, HELD_SUBJECTS);
        assertThat(heldBack(gate, free, "gp-busy", FREE_SUBJECTS)).isFalse();
        assertThat(heldBack(gate, held, "gp-busy", HELD_SUBJECTS)).isTrue();

        assertThat(PlanCost.rowsTouched(jdbc, OLD_JOIN, free, "gp-busy", 1, DispatchOrder.PENDING))
                .as("the old join on a young table reads the recipient's whole backlog (the regression this test guards)")
                .isGreaterThan(BACKLOG);

        assertGateIsCheap(jdbc, free, FREE_SUBJECTS, false);
        assertGateIsCheap(jdbc, held, HELD_SUBJECTS, false);
        assertGateIsCheap(jdbc, free, FREE_SUBJECTS, true);
        assertGateIsCheap(jdbc, held, HELD_SUBJECTS, true);
        jdbc.execute("ANALYZE dispatch_order");
        assertGateIsCheap(jdbc, free, FREE_SUBJECTS, false);
        assertGateIsCheap(jdbc, held, HELD_SUBJECTS, true);
    }

    private static void readsTheTableOncePerSubjectOnAChurnedTable(JdbcTemplate jdbc, DispatchGate gate) {
        jdbc.update("DELETE FROM dispatch_order");
        var order = new DispatchOrder(jdbc);
        UUID blocker = UUID.randomUUID();
        UUID free = UUID.randomUUID();
        UUID held = UUID.randomUUID();
        order.record(blocker, "gp-churn", 1, List.of("p1:busy-blocked"));
        order.record(free, "gp-churn", 1, FREE_SUBJECTS);
        order.record(held, "gp-churn", 1, HELD_SUBJECTS);
        jdbc.execute("VACUUM ANALYZE dispatch_order");
        // Thousands of dispatches delivered since the statistics were taken, not yet vacuumed.
        jdbc.update("""
                INSERT INTO dispatch_order (tracking_id, recipient_partner_id, generation, subject_pseudonym, state)
                SELECT gen_random_uuid(), 'gp-churn', 1, 'p1:churned-' || n, 'PENDING' FROM generate_series(1, ?) n""",
                BACKLOG);
        jdbc.update("DELETE FROM dispatch_order WHERE subject_pseudonym LIKE 'p1:churned-%'");

        assertThat(heldBack(gate, free, "gp-churn", FREE_SUBJECTS)).isFalse();
        assertThat(heldBack(gate, held, "gp-churn", HELD_SUBJECTS)).isTrue();
        for (var dispatch : List.of(Map.entry(free, FREE_SUBJECTS), Map.entry(held, HELD_SUBJECTS))) {
            List<String> subjects = dispatch.getValue();
            Object[] args = DispatchGate.arguments(dispatch(dispatch.getKey(), "gp-churn", 1, "PATSFTY", subjects),
                    subjects, true).toArray();
            assertThat(PlanCost.readsOf(jdbc, "dispatch_order", DispatchGate.sql(subjects.size(), true), args))
                    .as("reads of the queue table for a dispatch about %s", subjects)
                    .isEqualTo(subjects.size());
        }

        long vacuumsBefore = vacuums(jdbc);
        assertThat(new QueueTableVacuum(jdbc, Duration.ofSeconds(10)).vacuum()).isTrue();
        assertThat(vacuums(jdbc)).as("the three queue tables vacuumed").isEqualTo(vacuumsBefore + 3);
        assertThat(heldBack(gate, free, "gp-churn", FREE_SUBJECTS)).isFalse();
        assertThat(heldBack(gate, held, "gp-churn", HELD_SUBJECTS)).isTrue();
    }

    private static long vacuums(JdbcTemplate jdbc) {
        return jdbc.queryForObject("""
                SELECT SUM(vacuum_count) FROM pg_stat_user_tables
                WHERE relid IN (to_regclass('outbox'), to_regclass('dispatch_order'), to_regclass('ledger_unsealed'))""",
                Long.class);
    }

    /** The one statement the gate issues for this dispatch, with the arguments it gives it. */
    private static void assertGateIsCheap(JdbcTemplate jdbc, UUID trackingId, List<String> subjects, boolean generic) {
        Object[] args = DispatchGate.arguments(dispatch(trackingId, "gp-busy", 1, "PATSFTY", subjects), subjects, true)
                .toArray();
        String sql = DispatchGate.sql(subjects.size(), true);
        long cost = generic ? PlanCost.rowsTouchedByGenericPlan(jdbc, sql, args)
                : PlanCost.rowsTouched(jdbc, sql, args);
        assertThat(cost).as("the gate for a dispatch about %s, %s plan", subjects, generic ? "generic" : "custom")
                .isLessThan(SMALL);
    }

    private static boolean heldBack(DispatchGate gate, UUID trackingId, String recipient, List<String> subjects) {
        return gate.read(dispatch(trackingId, recipient, 1, "PATSFTY", subjects)).heldBack();
    }

    private static BrokerHeaders.Dispatch dispatch(UUID trackingId, String recipient, int generation, String purpose,
                                                   List<String> subjects) {
        return new BrokerHeaders.Dispatch(trackingId, recipient, generation, "police-a", purpose, null, subjects);
    }

    private static ConsentRecord consent(ConsentRecord.Provision provision, Instant recordedAt) {
        return new ConsentRecord(UUID.randomUUID(), ConsentRecord.Status.ACTIVE, provision, Set.of("PATSFTY"),
                Set.of("gp-a"), null, null, recordedAt);
    }

    private static void withdraw(JdbcTemplate jdbc, UUID trackingId, String cause) {
        jdbc.update("""
                INSERT INTO referral_withdrawal (tracking_id, sender_partner_id, cause, reason_code, marked_at)
                VALUES (?, ?, ?, ?, ?)""", trackingId, "police-a", cause, "ENTERED_IN_ERROR",
                OffsetDateTime.ofInstant(NOW, ZoneOffset.UTC));
    }
}
