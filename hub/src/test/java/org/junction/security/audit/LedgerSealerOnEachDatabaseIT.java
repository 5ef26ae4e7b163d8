package org.junction.security.audit;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import javax.sql.DataSource;
import org.junction.hub.database.MigratedDatabase;
import org.junction.hub.database.OnEachDatabase;
import org.junction.hub.database.PlanCost;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.datasource.DataSourceTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * The sealer's queries for unsealed events on H2 and PostgreSQL: they yield them oldest first, and
 * on PostgreSQL a pass costs the batch, not the sealed history, even with statistics taken while
 * many events were waiting (a burst, then the sealer catching up before the next ANALYZE).
 */
class LedgerSealerOnEachDatabaseIT {

    /**
     * The pending events in one statement, by a join: with the statistics this test leaves,
     * PostgreSQL merged the two primary keys, walking the events from the first. (An {@code IN} of
     * the limited ids, tried too, hashed the whole table instead.)
     */
    private static final String BY_JOIN = "SELECT " + LedgerEventRows.COLUMNS
            + " FROM ledger_unsealed u JOIN ledger_event e ON e.id = u.ledger_event_id ORDER BY u.ledger_event_id LIMIT ?";
    private static final int HISTORY = 10_000;

    @OnEachDatabase
    void sealing(MigratedDatabase db) {
        sealsOldestFirst(db.dataSource());
        if (db.postgres()) {
            aPassCostsItsBatchNotTheHistory(db.jdbc());
        }
    }

    private static void sealsOldestFirst(DataSource ds) {
        var jdbc = new JdbcTemplate(ds);
        var tx = new TransactionTemplate(new DataSourceTransactionManager(ds));
        var ledger = new LedgerWriter(jdbc);
        Instant now = Instant.now();
        for (int i = 0; i < 5; i++) {
            var event = LedgerEvent.forReferral(LedgerEventType.RECEIVED, UUID.randomUUID(), "police-a", "police-a",
                    null, "PATSFTY", null, null, 1, List.of("p1:s" + i), now);
            tx.executeWithoutResult(s -> ledger.record(event));
        }
        var sealer = new LedgerSealer(jdbc, tx, Clock.systemUTC());
        assertThat(sealer.sealPending(2)).isEqualTo(2);
        assertThat(sealer.sealPending(2)).isEqualTo(2);
        assertThat(sealer.sealPending(2)).isEqualTo(1);
        assertThat(sealer.sealPending(2)).isZero();
        assertThat(jdbc.queryForList("SELECT ledger_event_id FROM ledger_chain ORDER BY seq", Long.class))
                .as("sealed in id order").isSorted().hasSize(5);
        assertThat(new ChainVerifier(jdbc).verify().valid()).isTrue();
    }

    private static void aPassCostsItsBatchNotTheHistory(JdbcTemplate jdbc) {
        // The statistics must stay the ones this test takes.
        jdbc.execute("ALTER TABLE ledger_event SET (autovacuum_enabled = false)");
        jdbc.execute("ALTER TABLE ledger_unsealed SET (autovacuum_enabled = false)");
        String events = """
                INSERT INTO ledger_event (event_id, event_type, occurred_at, actor, generation)
                SELECT gen_random_uuid(), 'RECEIVED', now(), 'hub', 1 FROM generate_series(1, ?)""";
        String waiting = "INSERT INTO ledger_unsealed (ledger_event_id) SELECT id FROM ledger_event"
                + " WHERE id > (SELECT MAX(id) - ? FROM ledger_event)";
        // A history sealed while a burst waited, the statistics taken then; then the burst sealed
        // and the queue table vacuumed (as QueueTableVacuum does), which tells PostgreSQL it is all
        // but empty; and a few events since.
        jdbc.update(events, 2 * HISTORY);
        jdbc.update(waiting, 2 * HISTORY);
        jdbc.update("DELETE FROM ledger_unsealed WHERE ledger_event_id <= (SELECT MAX(id) - ? FROM ledger_event)",
                HISTORY);
        jdbc.execute("ANALYZE ledger_event");
        jdbc.execute("ANALYZE ledger_unsealed");
        jdbc.update("DELETE FROM ledger_unsealed");
        jdbc.execute("VACUUM ledger_unsealed");
        jdbc.update(events, 10);
        jdbc.update(waiting, 10);

        assertThat(PlanCost.rowsTouched(jdbc, BY_JOIN, 100))
                .as("one statement reads the sealed history (the trap the sealer's two avoid)").isGreaterThan(HISTORY);
        assertCheap(jdbc);
        jdbc.execute("ANALYZE ledger_event");
        jdbc.execute("ANALYZE ledger_unsealed");
        assertCheap(jdbc);
    }

    private static void assertCheap(JdbcTemplate jdbc) {
        assertThat(PlanCost.rowsTouched(jdbc, LedgerSealer.PENDING_IDS, 100)).isLessThan(50);
        assertThat(PlanCost.rowsTouchedByGenericPlan(jdbc, LedgerSealer.PENDING_IDS, 100)).isLessThan(50);
        Object[] ids = jdbc.queryForList(LedgerSealer.PENDING_IDS, Long.class, 100).toArray();
        assertThat(ids).hasSize(10);
        assertThat(PlanCost.rowsTouched(jdbc, LedgerEventRows.eventsById(ids.length), ids)).isLessThan(50);
        assertThat(PlanCost.rowsTouchedByGenericPlan(jdbc, LedgerEventRows.eventsById(ids.length), ids)).isLessThan(50);
    }
}
