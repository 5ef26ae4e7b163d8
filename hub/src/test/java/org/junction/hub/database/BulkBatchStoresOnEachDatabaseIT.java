package org.junction.hub.database;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import javax.sql.DataSource;
import org.junction.adapters.intake.BulkRun;
import org.junction.hub.decisions.BulkRunStore;
import org.junction.routes.decide.HeldDecisionStore;
import org.junction.security.sharing.SharingDecision;
import org.junction.security.sharing.SharingDecisionStore;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.datasource.DataSourceTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

/** The bulk run and batch decision stores (V17) behave the same on H2 and PostgreSQL. */
class BulkBatchStoresOnEachDatabaseIT {

    @OnEachDatabase
    void bulkRunsAndBatchDecisions(MigratedDatabase db) {
        exercise(db.dataSource());
    }

    private static void exercise(DataSource ds) {
        var jdbc = new JdbcTemplate(ds);
        var tx = new TransactionTemplate(new DataSourceTransactionManager(ds));
        var runs = new BulkRunStore(jdbc, tx);
        var held = new HeldDecisionStore(jdbc);
        var decisions = new SharingDecisionStore(jdbc);
        Instant now = Instant.now().truncatedTo(ChronoUnit.MILLIS);

        BulkRun first = run("file-1", now, "a", "b", "c");
        runs.runStored(first);
        runs.runStored(first);
        BulkRun second = run("file-2", now.plusSeconds(60), "b", "c", "d");
        runs.runStored(second);

        assertThat(runs.find(first.batchId())).hasValueSatisfying(r -> assertThat(r.previousBatchId()).isNull());
        assertThat(runs.find(second.batchId())).hasValueSatisfying(r -> {
            assertThat(r.previousBatchId()).isEqualTo(first.batchId());
            assertThat(r.rowCount()).isEqualTo(3);
        });
        assertThat(runs.marks(first.batchId()).values()).containsOnly("NEW").hasSize(3);
        assertThat(runs.marks(second.batchId())).containsExactlyInAnyOrderEntriesOf(Map.of(
                second.rows().get(0).trackingId(), "CONTINUING", second.rows().get(1).trackingId(), "CONTINUING",
                second.rows().get(2).trackingId(), "NEW"));
        assertThat(runs.left(second.batchId())).containsExactly(List.of("ps-a"));
        assertThat(runs.undecidedRows(second.batchId())).isEqualTo(3);

        // Rows of the second run held for a recipient.
        for (BulkRun.Row row : second.rows()) {
            tx.executeWithoutResult(s -> {
                decisions.insert(row.trackingId(), 1, new SharingDecision("gp-a", SharingDecision.Outcome.DENY,
                        "DECISION_REQUIRED"), now);
                held.insert(held(row, second.batchId(), now));
            });
        }
        assertThat(runs.undecidedRows(second.batchId())).isZero();
        assertThat(runs.pendingGroups()).singleElement().satisfies(g -> {
            assertThat(g.batchId()).isEqualTo(second.batchId());
            assertThat(g.rows()).isEqualTo(3);
            assertThat(g.decideBy()).isEqualTo(now.plusSeconds(3600));
        });
        assertThat(runs.markCounts(second.batchId(), "gp-a")).containsExactlyInAnyOrderEntriesOf(Map.of(
                "CONTINUING", 2, "NEW", 1, "LEFT", 1));
        assertThat(held.pendingSingles()).isEmpty();
        assertThat(held.pendingInBatch(second.batchId(), "gp-a", 1, 5)).hasSize(2);
        assertThat(held.batchFlows(second.batchId(), "gp-a"))
                .containsExactly(new HeldDecisionStore.FlowKey("isa-1", 1, "flow-1"));

        var decision = new BulkRunStore.BatchDecision(second.batchId(), "gp-a", "DECLINE",
                BulkRunStore.BatchState.DECIDING, "dm-1", now, null, null, null, 0, 0);
        tx.executeWithoutResult(s -> runs.claim(decision));
        assertThatThrownBy(() -> tx.executeWithoutResult(s -> runs.claim(decision)))
                .isInstanceOf(DuplicateKeyException.class);
        assertThat(runs.unfinished()).hasSize(1);
        tx.executeWithoutResult(s -> {
            List<HeldDecisionStore.Held> chunk = held.lockPendingInBatch(second.batchId(), "gp-a", 2);
            assertThat(chunk).hasSize(2);
            chunk.forEach(h -> held.decide(h.id(), HeldDecisionStore.State.DECLINED, "dm-1", now, null, null, null));
            runs.progressed(second.batchId(), "gp-a", 2, 0);
        });
        List<HeldDecisionStore.Held> rest = tx.execute(s -> held.lockPendingInBatch(second.batchId(), "gp-a", 2));
        assertThat(rest).hasSize(1);
        tx.executeWithoutResult(s -> runs.completed(second.batchId(), "gp-a", now));
        assertThat(runs.unfinished()).isEmpty();
        assertThat(runs.decision(second.batchId(), "gp-a")).hasValueSatisfying(d -> {
            assertThat(d.state()).isEqualTo(BulkRunStore.BatchState.DONE);
            assertThat(d.rowsDecided()).isEqualTo(2);
        });
    }

    private static BulkRun run(String label, Instant at, String... subjects) {
        List<BulkRun.Row> rows = new ArrayList<>();
        for (String subject : subjects) {
            rows.add(new BulkRun.Row(UUID.randomUUID(), List.of("ps-" + subject)));
        }
        return new BulkRun(BulkRun.batchId("police-hd", "police-high-demand-csv-v1", label), "police-hd",
                "police-high-demand-csv-v1", label, at, rows);
    }

    private static HeldDecisionStore.Held held(BulkRun.Row row, UUID batchId, Instant now) {
        return new HeldDecisionStore.Held(UUID.randomUUID(), row.trackingId(), "gp-a", "police-hd", "PATSFTY", 1,
                "isa-1", 1, "flow-1", "DECISION_REQUIRED", row.pseudonyms(), new byte[] {1}, new byte[] {2}, now,
                now.plusSeconds(3600), HeldDecisionStore.State.PENDING, null, null, null, batchId);
    }
}
