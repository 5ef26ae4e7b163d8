package org.junction.security.sharing;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;
import java.util.UUID;
import java.util.stream.IntStream;
import org.junction.hub.database.MigratedDatabase;
import org.junction.hub.database.OnEachDatabase;
import org.junction.hub.database.PlanCost;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * The decide stage's first read ({@link SharingDecisionStore#consentsUnlessDecided}) runs once per
 * referral, so on PostgreSQL it must cost the subject's own rows however many decisions and
 * consents are on record: every referral that carries a consent adds a row per pseudonym.
 */
class SharingDecisionStoreOnEachDatabaseIT {

    private static final int HISTORY = 5_000;

    @OnEachDatabase
    void decideReadCostsTheSubjectNotTheHistory(MigratedDatabase db) {
        JdbcTemplate jdbc = db.jdbc();
        var store = new SharingDecisionStore(jdbc);
        OffsetDateTime now = OffsetDateTime.now(ZoneOffset.UTC);
        jdbc.batchUpdate("""
                INSERT INTO sharing_decision (tracking_id, recipient_partner_id, generation, outcome, reason_code, decided_at)
                VALUES (?, 'gp-a', 1, 'PERMIT', 'CONSENT_GIVEN', ?)""",
                IntStream.range(0, HISTORY).mapToObj(i -> new Object[] {UUID.randomUUID(), now}).toList());
        jdbc.batchUpdate("""
                INSERT INTO consent_record (id, subject_pseudonym, status, provision, purposes, recipients, recorded_at,
                    source, sender_partner_id, payload)
                VALUES (?, ?, 'ACTIVE', 'PERMIT', 'PATSFTY', '', ?, 'referral', 'police-a', ?)""",
                IntStream.range(0, HISTORY).mapToObj(i -> new Object[] {UUID.randomUUID(), "p1:" + i, now,
                        new byte[] {0}}).toList());
        UUID undecided = UUID.randomUUID();
        Object[] args = {undecided, 1, "p1:17", "p1:4711"};

        assertThat(store.consentsUnlessDecided(undecided, 1, List.of("p1:17", "p1:4711")))
                .hasValueSatisfying(found -> assertThat(found).hasSize(2));
        if (db.postgres()) {
            jdbc.execute("ANALYZE sharing_decision");
            jdbc.execute("ANALYZE consent_record");
            String sql = SharingDecisionStore.consentsUnlessDecided(2);
            assertThat(PlanCost.rowsTouched(jdbc, sql, args)).isLessThan(20);
            assertThat(PlanCost.rowsTouchedByGenericPlan(jdbc, sql, args)).isLessThan(20);
        }
    }
}
