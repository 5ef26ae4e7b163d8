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
 * The sealer's query for unsealed events on H2 and PostgreSQL: it yields them oldest first, and on
 * PostgreSQL a pass costs the batch, not the sealed history, even with statistics taken while many
 * events were waiting (a burst, then the sealer catching up before the next ANALYZE).
 */
class LedgerSealerOnEachDatabaseIT {

    /** The query as it was: with such statistics PostgreSQL walked the primary key from the first event. */
    private static final String BY_ID_ONLY =
            "SELECT " + LedgerEventRows.COLUMNS + " FROM ledger_event e WHERE e.chain_seq IS NULL ORDER BY e.id LIMIT ?";
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
        String events = """
                INSERT INTO ledger_event (event_id, event_type, occurred_at, actor, generation)
                SELECT gen_random_uuid(), 'RECEIVED', now(), 'hub', 1 FROM generate_series(1, ?)""";
        jdbc.update(events, HISTORY);
        jdbc.update("UPDATE ledger_event SET chain_seq = id WHERE chain_seq IS NULL");
        jdbc.update(events, HISTORY);
        jdbc.execute("ANALYZE ledger_event");
        jdbc.update("UPDATE ledger_event SET chain_seq = id WHERE chain_seq IS NULL");
        jdbc.update(events, 10);

        assertThat(PlanCost.rowsTouched(jdbc, BY_ID_ONLY, 100))
                .as("ordered by id only, a pass reads the sealed history (the trap this query avoids)")
                .isGreaterThan(HISTORY);
        assertThat(PlanCost.rowsTouched(jdbc, LedgerSealer.PENDING_EVENTS, 100)).isLessThan(50);
        assertThat(PlanCost.rowsTouchedByGenericPlan(jdbc, LedgerSealer.PENDING_EVENTS, 100)).isLessThan(50);
        jdbc.execute("ANALYZE ledger_event");
        assertThat(PlanCost.rowsTouched(jdbc, LedgerSealer.PENDING_EVENTS, 100)).isLessThan(50);
        assertThat(PlanCost.rowsTouchedByGenericPlan(jdbc, LedgerSealer.PENDING_EVENTS, 100)).isLessThan(50);
    }
}
