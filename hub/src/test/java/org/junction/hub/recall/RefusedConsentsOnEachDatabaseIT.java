package org.junction.hub.recall;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.UUID;
import java.util.stream.IntStream;
import org.junction.hub.database.MigratedDatabase;
import org.junction.hub.database.OnEachDatabase;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * The recall pass's read of recent refusals (every 2 s) finds exactly the refused and inactive
 * consents within its window, and on PostgreSQL can be served by the indexes of V23 rather than a
 * read of the whole consent table.
 */
class RefusedConsentsOnEachDatabaseIT {

    private static final String INSERT = """
            INSERT INTO consent_record (id, subject_pseudonym, status, provision, purposes, recipients,
                recorded_at, source, sender_partner_id, payload)
            VALUES (?, ?, ?, ?, 'CARE', '', ?, 'referral', 'test-sender', ?)""";
    private static final OffsetDateTime NOW = OffsetDateTime.now(ZoneOffset.UTC).truncatedTo(ChronoUnit.MILLIS);

    @OnEachDatabase
    void recentRefusalsAreFoundThroughTheirIndexes(MigratedDatabase db) {
        JdbcTemplate jdbc = db.jdbc();
        consent(jdbc, "refused-long-ago", "ACTIVE", "DENY", NOW.minusHours(2));
        consent(jdbc, "refused-recently", "ACTIVE", "DENY", NOW.minusMinutes(5));
        consent(jdbc, "inactive-recently", "INACTIVE", "PERMIT", NOW.minusMinutes(3));
        consent(jdbc, "given-recently", "ACTIVE", "PERMIT", NOW.minusMinutes(1));
        OffsetDateTime since = NOW.minusMinutes(15);

        assertThat(jdbc.queryForList(RecallService.REFUSED_SINCE, String.class, since))
                .containsExactlyInAnyOrder("refused-recently", "inactive-recently");

        if (db.postgres()) {
            // A table of consents given long ago, as a running hub's is, so that the planner weighs a
            // read of them all against the indexes.
            jdbc.batchUpdate(INSERT, IntStream.range(0, 5_000).mapToObj(i -> row("given-" + i,
                    "ACTIVE", "PERMIT", NOW.minusDays(30).plusSeconds(i))).toList());
            jdbc.execute("ANALYZE consent_record");
            String plan = String.join("\n", jdbc.queryForList("EXPLAIN " + RecallService.REFUSED_SINCE, String.class,
                    since));
            assertThat(plan).contains("ix_consent_record_provision_recorded", "ix_consent_record_status_recorded")
                    .doesNotContain("Seq Scan");
        }
    }

    private static void consent(JdbcTemplate jdbc, String subject, String status, String provision,
                                OffsetDateTime recordedAt) {
        jdbc.update(INSERT, row(subject, status, provision, recordedAt));
    }

    private static Object[] row(String subject, String status, String provision, OffsetDateTime recordedAt) {
        return new Object[] {UUID.randomUUID(), subject, status, provision, recordedAt, new byte[] {1}};
    }
}
