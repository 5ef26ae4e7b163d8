package org.junction.routes.deliver;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.List;
import java.util.UUID;
import javax.sql.DataSource;
import org.flywaydb.core.Flyway;
import org.junction.hub.database.PlanCost;
import org.junction.hub.database.TestDatabases;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.datasource.SingleConnectionDataSource;

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
    private static final long SMALL = 50;

    @TempDir
    Path dir;
    private SingleConnectionDataSource postgres;
    private String schema;

    @AfterEach
    void dropPostgresSchema() {
        if (postgres != null) {
            new JdbcTemplate(postgres).execute("DROP SCHEMA IF EXISTS " + schema + " CASCADE");
            postgres.destroy();
        }
    }

    @Test
    void onH2() {
        holdsBackOnlyBehindAnEarlierPendingDispatch(new DispatchOrder(new JdbcTemplate(migrated(TestDatabases.h2(dir), null))));
    }

    @Test
    void onPostgres() {
        schema = TestDatabases.freshSchemaName();
        postgres = TestDatabases.postgres(schema);
        var jdbc = new JdbcTemplate(migrated(postgres, schema));
        holdsBackOnlyBehindAnEarlierPendingDispatch(new DispatchOrder(jdbc));
        costsTheSameWhateverTheBacklog(jdbc);
    }

    private static DataSource migrated(DataSource ds, String schema) {
        var flyway = Flyway.configure().dataSource(ds).locations("classpath:db/migration");
        if (schema != null) {
            flyway.schemas(schema).createSchemas(true);
        }
        flyway.load().migrate();
        return ds;
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

        assertThat(order.heldBack(second, "gp-a", 1)).as("behind an earlier pending dispatch about one of its subjects").isTrue();
        assertThat(order.heldBack(first, "gp-a", 1)).as("not behind a later pending one").isFalse();
        assertThat(order.heldBack(otherRecipient, "gp-b", 1)).as("not behind another recipient's").isFalse();
        assertThat(order.heldBack(otherSubject, "gp-a", 1)).as("not behind another subject's").isFalse();

        for (String end : List.of(DispatchOrder.DELIVERED, DispatchOrder.FAILED, DispatchOrder.CANCELLED)) {
            String recipient = "gp-" + end.toLowerCase();
            UUID earlier = UUID.randomUUID();
            UUID later = UUID.randomUUID();
            order.record(earlier, recipient, 1, List.of("p1:s1"));
            order.record(later, recipient, 1, List.of("p1:s4", "p1:s1"));
            assertThat(order.heldBack(later, recipient, 1)).isTrue();
            order.done(earlier, recipient, 1, end);
            assertThat(order.heldBack(later, recipient, 1)).as("no longer held once the earlier one is " + end).isFalse();
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
        order.record(free, "gp-busy", 1, List.of("p1:busy-new", "p1:busy-newer"));
        order.record(held, "gp-busy", 1, List.of("p1:busy-new-too", "p1:busy-blocked"));
        assertThat(order.heldBack(free, "gp-busy", 1)).isFalse();
        assertThat(order.heldBack(held, "gp-busy", 1)).isTrue();

        assertThat(PlanCost.rowsTouched(jdbc, OLD_JOIN, free, "gp-busy", 1, DispatchOrder.PENDING))
                .as("the old join on a young table reads the recipient's whole backlog (the regression this test guards)")
                .isGreaterThan(BACKLOG);

        assertHeldBackIsCheap(jdbc, free, false);
        assertHeldBackIsCheap(jdbc, held, false);
        assertHeldBackIsCheap(jdbc, free, true);
        assertHeldBackIsCheap(jdbc, held, true);
        jdbc.execute("ANALYZE dispatch_order");
        assertHeldBackIsCheap(jdbc, free, false);
        assertHeldBackIsCheap(jdbc, held, true);
    }

    /** Every statement heldBack issues for this dispatch, with the arguments it gives them. */
    private static void assertHeldBackIsCheap(JdbcTemplate jdbc, UUID trackingId, boolean generic) {
        assertThat(cost(jdbc, generic, DispatchOrder.MINE, trackingId, "gp-busy", 1))
                .as("this dispatch's own rows").isLessThan(SMALL);
        var mine = jdbc.queryForList(DispatchOrder.MINE, trackingId, "gp-busy", 1);
        assertThat(mine).hasSize(2);
        for (var row : mine) {
            assertThat(cost(jdbc, generic, DispatchOrder.EARLIER_PENDING, "gp-busy", row.get("subject_pseudonym"),
                    DispatchOrder.PENDING, row.get("id")))
                    .as("an earlier pending dispatch about %s, %s plan", row.get("subject_pseudonym"),
                            generic ? "generic" : "custom")
                    .isLessThan(SMALL);
        }
    }

    private static long cost(JdbcTemplate jdbc, boolean generic, String sql, Object... args) {
        return generic ? PlanCost.rowsTouchedByGenericPlan(jdbc, sql, args) : PlanCost.rowsTouched(jdbc, sql, args);
    }
}
