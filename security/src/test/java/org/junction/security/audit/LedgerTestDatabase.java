package org.junction.security.audit;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.UUID;
import javax.sql.DataSource;
import org.springframework.core.io.FileSystemResource;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.datasource.DataSourceTransactionManager;
import org.springframework.jdbc.datasource.DriverManagerDataSource;
import org.springframework.jdbc.datasource.init.ScriptUtils;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * A private in-memory H2 database (PostgreSQL mode) with the hub's ledger migrations applied.
 * Flyway belongs to the hub, so the scripts are run directly from the repository.
 */
final class LedgerTestDatabase implements AutoCloseable {

    private static final String[] MIGRATIONS = {"V1__intake_outbox_ledger.sql", "V2__decide_consent_delivery.sql",
            "V3__ledger_chain.sql", "V12__governed_decisions.sql", "V14__ledger_checkpoints.sql",
            "V15__payload_view_reasons.sql", "V16__ledger_event_details.sql", "V20__audit_search_and_releases.sql",
            "V21__ledger_segments_and_retention.sql", "V26__ledger_unsealed.sql",
            "V28__ledger_subject_keys.sql"};

    final DataSource dataSource;
    final JdbcTemplate jdbc;
    final TransactionTemplate tx;

    // Held open so the database lives exactly as long as this object; each pool-less borrow opens
    // a fresh connection, which lets a test keep one transaction open while others commit.
    private final Connection keepAlive;

    LedgerTestDatabase() throws SQLException {
        String url = "jdbc:h2:mem:ledger-" + UUID.randomUUID()
                + ";MODE=PostgreSQL;DATABASE_TO_LOWER=TRUE;LOCK_TIMEOUT=10000";
        dataSource = new DriverManagerDataSource(url, "sa", "");
        keepAlive = dataSource.getConnection();
        for (String migration : MIGRATIONS) {
            ScriptUtils.executeSqlScript(keepAlive, new FileSystemResource(migrationDir().resolve(migration)));
        }
        jdbc = new JdbcTemplate(dataSource);
        tx = new TransactionTemplate(new DataSourceTransactionManager(dataSource));
    }

    static Path migrationDir() {
        // Surefire runs in the module directory; the parent pom passes the repository root explicitly.
        String root = System.getProperty("junction.root.dir", "..");
        Path dir = Path.of(root).resolve("hub/src/main/resources/db/migration").toAbsolutePath().normalize();
        if (!Files.isDirectory(dir)) {
            throw new IllegalStateException("migrations not found at " + dir + "; set -Djunction.root.dir");
        }
        return dir;
    }

    @Override
    public void close() throws SQLException {
        keepAlive.close();
    }
}
