package org.junction.routes.deliver;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.junction.hub.database.MigratedDatabase;
import org.junction.hub.database.OnEachDatabase;
import org.junction.hub.database.PlanCost;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * The delivery order check on H2 and PostgreSQL: which dispatch is held back, and, on PostgreSQL,
 * that asking costs the same however many dispatches of the recipient are waiting. It is asked
 * once per delivery, so a cost growing with the backlog would slow the backlog's own draining.
 * Cost is counted in rows the plan touched, on a table never ANALYZEd (a young table, as after a
 * deployment or an outage), and again with a generic plan and with statistics.
 */
class DispatchOrderOnEachDatabaseIT {

    /** The single join heldBack used to be: planned on a young table, it read every pending dispatch of the recipient. */
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

    @OnEachDatabase
    void deliveryOrder(MigratedDatabase db) {
        holdsBackOnlyBehindAnEarlierPendingDispatch(new DispatchOrder(db.jdbc()));
        if (db.postgres()) {
            costsTheSameWhateverTheBacklog(db.jdbc());
        }
    }

    private static void holdsBackOnlyBehindAnEarlierPendingDispatch(DispatchOrder order) {
        UUID first = UUID.randomUUID();
        UUID second = UUID.randomUUID();
        UUID otherRecipient = UUID.randomUUID();
        UUID otherSubject = UUID.randomUUID();
        order.record(first, "gp-a", 1, List.of("p1:s1", "p1:s2"));
        order.record(second, "gp-a", 1, List.of("p1:s3", "p1:s2"));
        order.record(otherRecipient, "gp-b", 1, List.of("p1:s1"));
        order.record(otherSubject, "gp-a", 1, List.of("p1:s9"));

        assertThat(order.heldBack(second, "gp-a", 1, List.of("p1:s3", "p1:s2"))).as("behind an earlier pending dispatch about one of its subjects").isTrue();
        assertThat(order.heldBack(first, "gp-a", 1, List.of("p1:s1", "p1:s2"))).as("not behind a later pending one").isFalse();
        assertThat(order.heldBack(otherRecipient, "gp-b", 1, List.of("p1:s1"))).as("not behind another recipient's").isFalse();
        assertThat(order.heldBack(otherSubject, "gp-a", 1, List.of("p1:s9"))).as("not behind another subject's").isFalse();
        assertThat(order.heldBack(UUID.randomUUID(), "gp-a", 1, List.of("p1:s2")))
                .as("a dispatch with no order rows of its own waits for nothing").isFalse();
        assertThat(order.heldBack(second, "gp-a", 1, List.of())).as("nor does one about nobody").isFalse();

        for (String end : List.of(DispatchOrder.DELIVERED, DispatchOrder.FAILED, DispatchOrder.CANCELLED)) {
            String recipient = "gp-" + end.toLowerCase();
            UUID earlier = UUID.randomUUID();
            UUID later = UUID.randomUUID();
            order.record(earlier, recipient, 1, List.of("p1:s1"));
            order.record(later, recipient, 1, List.of("p1:s4", "p1:s1"));
            assertThat(order.heldBack(later, recipient, 1, List.of("p1:s4", "p1:s1"))).isTrue();
            order.done(earlier, recipient, 1, end);
            assertThat(order.heldBack(later, recipient, 1, List.of("p1:s4", "p1:s1"))).as("no longer held once the earlier one is " + end).isFalse();
        }
    }

    private static void costsTheSameWhateverTheBacklog(JdbcTemplate jdbc) {
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
        assertThat(order.heldBack(free, "gp-busy", 1, FREE_SUBJECTS)).isFalse();
        assertThat(order.heldBack(held, "gp-busy", 1, HELD_SUBJECTS)).isTrue();

        assertThat(PlanCost.rowsTouched(jdbc, OLD_JOIN, free, "gp-busy", 1, DispatchOrder.PENDING))
                .as("the old join on a young table reads the recipient's whole backlog (the regression this test guards)")
                .isGreaterThan(BACKLOG);

        assertHeldBackIsCheap(jdbc, free, FREE_SUBJECTS, false);
        assertHeldBackIsCheap(jdbc, held, HELD_SUBJECTS, false);
        assertHeldBackIsCheap(jdbc, free, FREE_SUBJECTS, true);
        assertHeldBackIsCheap(jdbc, held, HELD_SUBJECTS, true);
        jdbc.execute("ANALYZE dispatch_order");
        assertHeldBackIsCheap(jdbc, free, FREE_SUBJECTS, false);
        assertHeldBackIsCheap(jdbc, held, HELD_SUBJECTS, true);
    }

    /** The one statement heldBack issues for this dispatch, with the arguments it gives it. */
    private static void assertHeldBackIsCheap(JdbcTemplate jdbc, UUID trackingId, List<String> subjects,
                                              boolean generic) {
        List<Object> args = new ArrayList<>();
        for (String subject : subjects) {
            args.addAll(List.of("gp-busy", subject, DispatchOrder.PENDING, trackingId, "gp-busy", 1, subject));
        }
        assertThat(cost(jdbc, generic, DispatchOrder.heldBackQuery(subjects.size()), args.toArray()))
                .as("an earlier pending dispatch about any of %s, %s plan", subjects, generic ? "generic" : "custom")
                .isLessThan(SMALL);
    }

    private static long cost(JdbcTemplate jdbc, boolean generic, String sql, Object... args) {
        return generic ? PlanCost.rowsTouchedByGenericPlan(jdbc, sql, args) : PlanCost.rowsTouched(jdbc, sql, args);
    }
}
