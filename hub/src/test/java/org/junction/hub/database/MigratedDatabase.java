package org.junction.hub.database;

import javax.sql.DataSource;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * A fresh database with the hub's migrations applied, for one run of an {@link OnEachDatabase} test.
 *
 * @param dataSource on PostgreSQL one connection, kept open for the run, whose search path is the
 *                   run's own schema
 */
public record MigratedDatabase(Kind kind, DataSource dataSource) {

    public enum Kind { H2, POSTGRESQL }

    public boolean postgres() {
        return kind == Kind.POSTGRESQL;
    }

    public JdbcTemplate jdbc() {
        return new JdbcTemplate(dataSource);
    }
}
