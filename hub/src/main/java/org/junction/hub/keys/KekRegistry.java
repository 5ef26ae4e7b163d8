package org.junction.hub.keys;

import java.sql.Timestamp;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * The deployment-wide state of each key-encryption key id (table {@code key_encryption_key}):
 * which one new data is sealed under, and which are retired. Shared through the database so every
 * node agrees after a rotation without anyone editing each node's configuration.
 */
public final class KekRegistry {

    public enum Status { ACTIVE, DECRYPT_ONLY, RETIRED }

    private final JdbcTemplate jdbc;

    public KekRegistry(JdbcTemplate jdbc) {
        this.jdbc = jdbc;
    }

    /** Empty until the first {@code keys rotate}; the configured id applies until then. */
    public Optional<String> activeKekId() {
        List<String> ids = jdbc.queryForList("SELECT kek_id FROM key_encryption_key WHERE status = 'ACTIVE'",
                String.class);
        if (ids.size() > 1) {
            throw new IllegalStateException("key_encryption_key names more than one active key: " + ids);
        }
        return ids.stream().findFirst();
    }

    public Set<String> retiredIds() {
        return new TreeSet<>(jdbc.queryForList("SELECT kek_id FROM key_encryption_key WHERE status = 'RETIRED'",
                String.class));
    }

    /** Every recorded id with its status, sorted by id. */
    public Map<String, Status> statuses() {
        Map<String, Status> result = new LinkedHashMap<>();
        jdbc.query("SELECT kek_id, status FROM key_encryption_key ORDER BY kek_id",
                rs -> {
                    result.put(rs.getString(1), Status.valueOf(rs.getString(2)));
                });
        return result;
    }

    /**
     * Makes {@code id} the active key and every other non-retired one decrypt-only. Run inside one
     * transaction by the caller, so no reader sees two active keys or none.
     */
    public void activate(String id, Instant now) {
        Timestamp at = Timestamp.from(now);
        jdbc.update("UPDATE key_encryption_key SET status = 'DECRYPT_ONLY', changed_at = ? WHERE status = 'ACTIVE'", at);
        set(id, Status.ACTIVE, at);
    }

    /** Records a key the keystore holds but the table does not know yet, without changing its use. */
    public void recordIfAbsent(String id, Status status, Instant now) {
        Integer known = jdbc.queryForObject("SELECT COUNT(*) FROM key_encryption_key WHERE kek_id = ?", Integer.class, id);
        if (known == null || known == 0) {
            jdbc.update("INSERT INTO key_encryption_key (kek_id, status, changed_at) VALUES (?, ?, ?)",
                    id, status.name(), Timestamp.from(now));
        }
    }

    public void retire(String id, Instant now) {
        set(id, Status.RETIRED, Timestamp.from(now));
    }

    private void set(String id, Status status, Timestamp at) {
        int updated = jdbc.update("UPDATE key_encryption_key SET status = ?, changed_at = ? WHERE kek_id = ?",
                status.name(), at, id);
        if (updated == 0) {
            jdbc.update("INSERT INTO key_encryption_key (kek_id, status, changed_at) VALUES (?, ?, ?)",
                    id, status.name(), at);
        }
    }
}
