package org.junction.hub.database;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.Arrays;
import java.util.List;
import java.util.UUID;
import javax.sql.DataSource;
import org.flywaydb.core.Flyway;
import org.flywaydb.core.api.configuration.FluentConfiguration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * V27 on a database that holds consents written before it, on H2 and on PostgreSQL: each consent
 * keeps its sealed copy on its lowest pseudonym's row only, and every row is still found.
 */
class ConsentPayloadMigrationIT {

    @Test
    void onH2(@TempDir Path dir) {
        migrateOverOldRows(TestDatabases.h2(dir), null);
    }

    @Test
    void onPostgres() {
        String schema = TestDatabases.freshSchemaName();
        var ds = TestDatabases.postgres(schema);
        try {
            migrateOverOldRows(ds, schema);
        } finally {
            new JdbcTemplate(ds).execute("DROP SCHEMA IF EXISTS " + schema + " CASCADE");
            ds.destroy();
        }
    }

    private static void migrateOverOldRows(DataSource ds, String schema) {
        FluentConfiguration flyway = Flyway.configure().dataSource(ds).locations("classpath:db/migration");
        if (schema != null) {
            flyway.schemas(schema).createSchemas(true);
        }
        flyway.target("26").load().migrate();
        var jdbc = new JdbcTemplate(ds);
        UUID twoPseudonyms = UUID.randomUUID();
        UUID onePseudonym = UUID.randomUUID();
        insert(jdbc, twoPseudonyms, "p1:bbb", new byte[] {7, 7});
        insert(jdbc, twoPseudonyms, "p1:aaa", new byte[] {7, 7});
        insert(jdbc, twoPseudonyms, "p1:ccc", new byte[] {7, 7});
        insert(jdbc, onePseudonym, "p1:zzz", new byte[] {5});

        Flyway.configure().configuration(flyway).target("latest").load().migrate();

        assertThat(rows(jdbc, twoPseudonyms)).containsExactly("p1:aaa=[7, 7]", "p1:bbb=null", "p1:ccc=null");
        assertThat(rows(jdbc, onePseudonym)).containsExactly("p1:zzz=[5]");
    }

    private static void insert(JdbcTemplate jdbc, UUID id, String pseudonym, byte[] payload) {
        jdbc.update("""
                INSERT INTO consent_record (id, subject_pseudonym, status, provision, purposes, recipients,
                    recorded_at, source, sender_partner_id, payload)
                VALUES (?, ?, 'ACTIVE', 'PERMIT', 'PATSFTY', 'gp-a', ?, 'referral', 'police-a', ?)""",
                id, pseudonym, OffsetDateTime.of(2026, 11, 1, 9, 0, 0, 0, ZoneOffset.UTC), payload);
    }

    private static List<String> rows(JdbcTemplate jdbc, UUID id) {
        return jdbc.query("SELECT subject_pseudonym, payload FROM consent_record WHERE id = ? ORDER BY subject_pseudonym",
                (rs, i) -> rs.getString(1) + "=" + Arrays.toString(rs.getBytes(2)), id);
    }
}
