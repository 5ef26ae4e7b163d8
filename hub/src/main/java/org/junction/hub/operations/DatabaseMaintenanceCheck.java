package org.junction.hub.operations;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.stream.Collectors;
import javax.sql.DataSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.context.event.EventListener;
import org.springframework.dao.DataAccessException;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * Warns at start when the hub's PostgreSQL does not maintain its tables by itself. The outbox
 * writes and deletes a row per referral and stage, and the plans PostgreSQL caches for the hub's
 * prepared statements are made when its tables are still small: without autovacuum the dead rows
 * are never reclaimed and the tables are never analysed, so lookups that should use an index stay
 * sequential scans and the hub slows as its tables grow (bench/README.md, "A sixth step"). A
 * database run with scheduled VACUUM ANALYZE instead is the operator's choice, so this warns and
 * does not refuse to start.
 */
public class DatabaseMaintenanceCheck {

    private static final Logger log = LoggerFactory.getLogger(DatabaseMaintenanceCheck.class);
    /** Autovacuum needs both: without the statistics collector it has nothing to act on. */
    static final List<String> SETTINGS = List.of("autovacuum", "track_counts");

    private final DataSource dataSource;

    public DatabaseMaintenanceCheck(DataSource dataSource) {
        this.dataSource = dataSource;
    }

    @EventListener(ApplicationReadyEvent.class)
    public void checkAtStart() {
        try {
            read().flatMap(DatabaseMaintenanceCheck::problem).ifPresent(log::warn);
        } catch (DataAccessException unreadable) {
            // A check that cannot read its settings must not stop a hub that otherwise started.
            log.warn("Could not read PostgreSQL's maintenance settings: {}", unreadable.getClass().getSimpleName());
        }
    }

    /** The settings named in {@link #SETTINGS} on PostgreSQL; empty on any other database. */
    public Optional<Map<String, String>> read() {
        try (Connection connection = dataSource.getConnection()) {
            if (!"PostgreSQL".equals(connection.getMetaData().getDatabaseProductName())) {
                return Optional.empty();
            }
        } catch (SQLException unreadable) {
            log.warn("Could not tell which database the hub runs on, so its maintenance settings were not checked: {}",
                    unreadable.getSQLState());
            return Optional.empty();
        }
        return Optional.of(new JdbcTemplate(dataSource).query(
                "SELECT name, setting FROM pg_settings WHERE name IN (?, ?)",
                rs -> {
                    Map<String, String> settings = new TreeMap<>();
                    while (rs.next()) {
                        settings.put(rs.getString(1), rs.getString(2));
                    }
                    return settings;
                }, SETTINGS.toArray()));
    }

    /** The warning for these PostgreSQL settings, if any is off. */
    static Optional<String> problem(Map<String, String> settings) {
        List<String> off = SETTINGS.stream().filter(name -> "off".equals(settings.get(name))).toList();
        if (off.isEmpty()) {
            return Optional.empty();
        }
        return Optional.of(off.stream().map(name -> name + " = off").collect(Collectors.joining(", ",
                "PostgreSQL runs with ", ": the hub's tables are neither vacuumed nor analysed, so the outbox keeps "
                        + "every dead row and lookups fall back to sequential scans as the tables grow. Turn "
                        + "autovacuum on (deploy/README.md) or schedule VACUUM ANALYZE.")));
    }
}
