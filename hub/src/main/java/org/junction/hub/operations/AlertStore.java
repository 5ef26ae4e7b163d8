package org.junction.hub.operations;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Incidents in the database. At most one incident per (kind, partner, subject) is open at a time,
 * guarded by a unique key that only open incidents carry, so two hub nodes noticing the same
 * incident still make one.
 */
public class AlertStore {

    /** What raising did: started a new incident, or updated the open one. */
    public record Raised(Alert alert, boolean opened) {
    }

    private static final String COLUMNS =
            "id, kind, partner_id, subject, first_seen, last_seen, seen_count, state, resolved_at";

    private final JdbcTemplate jdbc;
    private final TransactionTemplate transactions;

    public AlertStore(JdbcTemplate jdbc, TransactionTemplate transactions) {
        this.jdbc = Objects.requireNonNull(jdbc);
        this.transactions = Objects.requireNonNull(transactions);
    }

    /**
     * Opens an incident, or updates the open one: last seen, and the count raised by
     * {@code increment} or to at least {@code atLeast}.
     */
    public Raised raise(AlertKind kind, String partnerId, String subject, Instant at, long increment, long atLeast) {
        String key = openKey(kind, partnerId, subject);
        for (int attempt = 0; ; attempt++) {
            try {
                return Objects.requireNonNull(transactions.execute(tx -> {
                    Optional<Alert> open = findOpen(key);
                    if (open.isPresent()) {
                        Alert alert = open.get();
                        long count = Math.max(alert.count() + increment, atLeast);
                        jdbc.update("UPDATE operations_alert SET last_seen = ?, seen_count = ? WHERE id = ?",
                                utc(at), count, alert.id());
                        return new Raised(new Alert(alert.id(), kind, partnerId, subject, alert.firstSeen(), at, count,
                                Alert.State.OPEN, null), false);
                    }
                    long count = Math.max(increment, atLeast);
                    jdbc.update("""
                            INSERT INTO operations_alert (kind, partner_id, subject, first_seen, last_seen, seen_count,
                                state, open_key)
                            VALUES (?, ?, ?, ?, ?, ?, 'OPEN', ?)""",
                            kind.name(), partnerId, subject, utc(at), utc(at), count, key);
                    return new Raised(findOpen(key).orElseThrow(), true);
                }));
            } catch (DuplicateKeyException anotherNodeOpenedIt) {
                // Its transaction is gone; the next attempt finds the incident and updates it.
                if (attempt >= 2) {
                    throw anotherNodeOpenedIt;
                }
            }
        }
    }

    /** Resolves the open incident, if any; returns it as resolved. */
    public Optional<Alert> resolve(AlertKind kind, String partnerId, String subject, Instant at) {
        String key = openKey(kind, partnerId, subject);
        return transactions.execute(tx -> {
            Optional<Alert> open = findOpen(key);
            if (open.isEmpty()) {
                return Optional.<Alert>empty();
            }
            Alert alert = open.get();
            int updated = jdbc.update("""
                    UPDATE operations_alert SET state = 'RESOLVED', resolved_at = ?, open_key = NULL
                    WHERE id = ? AND state = 'OPEN'""", utc(at), alert.id());
            return updated == 0 ? Optional.<Alert>empty() : Optional.of(new Alert(alert.id(), kind, partnerId, subject,
                    alert.firstSeen(), alert.lastSeen(), alert.count(), Alert.State.RESOLVED, at));
        });
    }

    public List<Alert> open(AlertKind kind) {
        return jdbc.query("SELECT " + COLUMNS + " FROM operations_alert WHERE state = 'OPEN' AND kind = ? ORDER BY id",
                AlertStore::alert, kind.name());
    }

    /**
     * Open incidents first, then the most recently seen; at most {@code limit}, of one state, kind
     * or partner where given (null: any).
     */
    public List<Alert> recent(Alert.State state, AlertKind kind, String partnerId, int limit) {
        StringBuilder sql = new StringBuilder("SELECT " + COLUMNS + " FROM operations_alert WHERE 1 = 1");
        List<Object> args = new ArrayList<>();
        if (state != null) {
            sql.append(" AND state = ?");
            args.add(state.name());
        }
        if (kind != null) {
            sql.append(" AND kind = ?");
            args.add(kind.name());
        }
        if (partnerId != null) {
            sql.append(" AND partner_id = ?");
            args.add(partnerId);
        }
        args.add(limit);
        sql.append(" ORDER BY CASE WHEN state = 'OPEN' THEN 0 ELSE 1 END, last_seen DESC, id DESC LIMIT ?");
        return jdbc.query(sql.toString(), AlertStore::alert, args.toArray());
    }

    private Optional<Alert> findOpen(String key) {
        return jdbc.query("SELECT " + COLUMNS + " FROM operations_alert WHERE open_key = ?", AlertStore::alert, key)
                .stream().findFirst();
    }

    static String openKey(AlertKind kind, String partnerId, String subject) {
        return kind + "|" + (partnerId == null ? "-" : partnerId) + "|" + (subject == null ? "-" : subject);
    }

    private static Alert alert(ResultSet rs, int row) throws SQLException {
        Timestamp resolved = rs.getTimestamp("resolved_at");
        return new Alert(rs.getLong("id"), AlertKind.valueOf(rs.getString("kind")), rs.getString("partner_id"),
                rs.getString("subject"), rs.getTimestamp("first_seen").toInstant(),
                rs.getTimestamp("last_seen").toInstant(), rs.getLong("seen_count"),
                Alert.State.valueOf(rs.getString("state")), resolved == null ? null : resolved.toInstant());
    }

    private static OffsetDateTime utc(Instant at) {
        return OffsetDateTime.ofInstant(at, ZoneOffset.UTC);
    }
}
