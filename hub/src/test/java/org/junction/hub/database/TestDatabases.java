package org.junction.hub.database;

import static org.junit.jupiter.api.Assertions.fail;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import java.nio.file.Path;
import java.util.UUID;
import javax.sql.DataSource;
import org.junit.jupiter.api.Assumptions;
import org.springframework.jdbc.datasource.DriverManagerDataSource;
import org.springframework.jdbc.datasource.SingleConnectionDataSource;

/**
 * The databases the store tests run against: always H2 (the embedded default), and PostgreSQL
 * when {@value #POSTGRES_URL_VARIABLE} is set. Without it the PostgreSQL runs are skipped with a
 * message, except under CI, where a missing PostgreSQL is a failure.
 */
public final class TestDatabases {

    public static final String POSTGRES_URL_VARIABLE = "JUNCTION_TEST_POSTGRES_URL";

    private TestDatabases() {
    }

    public static DataSource h2(Path dir) {
        var ds = new DriverManagerDataSource("jdbc:h2:file:" + dir.resolve("db").toAbsolutePath()
                + ";MODE=PostgreSQL;DATABASE_TO_LOWER=TRUE;DEFAULT_NULL_ORDERING=HIGH;MAX_COMPACT_TIME=0", "junction", "");
        return ds;
    }

    /** A connection to PostgreSQL whose search path is a fresh schema of its own. */
    public static SingleConnectionDataSource postgres(String schema) {
        String url = System.getenv(POSTGRES_URL_VARIABLE);
        if (url == null || url.isBlank()) {
            if ("true".equalsIgnoreCase(System.getenv("CI"))) {
                fail(POSTGRES_URL_VARIABLE + " is not set under CI: the PostgreSQL runs of the database tests must not be skipped");
            }
            Assumptions.abort(POSTGRES_URL_VARIABLE + " is not set: skipping the PostgreSQL run of this test");
        }
        var ds = new SingleConnectionDataSource(url, true);
        ds.setDriverClassName("org.postgresql.Driver");
        ds.setSchema(schema);
        return ds;
    }

    /**
     * A connection pool of its own, as each hub node has: for tests of what two nodes, or several
     * writers, do at once over one database.
     *
     * @param schema the PostgreSQL schema to use, or null (H2)
     */
    public static HikariDataSource pool(String url, String schema, int maximumSize) {
        var config = new HikariConfig();
        config.setJdbcUrl(url);
        if (url.startsWith("jdbc:h2:")) {
            config.setUsername("junction");
            config.setPassword("");
        }
        config.setMaximumPoolSize(maximumSize);
        if (schema != null) {
            config.setSchema(schema);
        }
        return new HikariDataSource(config);
    }

    public static String freshSchemaName() {
        return "junction_test_" + UUID.randomUUID().toString().replace("-", "").substring(0, 16);
    }
}
