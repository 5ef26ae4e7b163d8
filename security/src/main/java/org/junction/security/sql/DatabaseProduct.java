package org.junction.security.sql;

import java.util.Objects;
import org.springframework.jdbc.core.ConnectionCallback;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * Whether a store's database is PostgreSQL, asked of the driver on first use and remembered. A few
 * statements on the referral's path have a PostgreSQL form that H2, the embedded default, lacks;
 * asking lazily keeps a store's construction free of any connection.
 */
public final class DatabaseProduct {

    private final JdbcTemplate jdbc;
    private volatile Boolean postgres;

    public DatabaseProduct(JdbcTemplate jdbc) {
        this.jdbc = Objects.requireNonNull(jdbc);
    }

    public boolean isPostgres() {
        Boolean known = postgres;
        if (known == null) {
            known = "PostgreSQL".equals(jdbc.execute((ConnectionCallback<String>) connection ->
                    connection.getMetaData().getDatabaseProductName()));
            postgres = known;
        }
        return known;
    }
}
