package org.junction.hub.operations;

import java.time.Duration;
import java.util.List;
import java.util.Objects;
import org.junction.hub.scheduling.PeriodicTask;
import org.junction.security.sql.DatabaseProduct;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * Vacuums the hub's queue tables on PostgreSQL every few seconds. The outbox, the dispatch order and
 * the ledger's unsealed ids take a row or more per referral and stage and lose each within
 * milliseconds or at the next seal, and autovacuum visits a database at most once a minute: at 100
 * referrals a second some 12,000 deleted rows gather in each of the first two between its visits,
 * six times as many in the third. Statistics taken when such a table holds only the rows in flight
 * make its indexes, sparse after the churn, look dearer than its heap, so PostgreSQL reads the
 * table whole for a lookup by key and visits every deleted row on the way: the deliver stage's
 * lookups cost in proportion to what passed through since the last vacuum (bench/README.md, "A
 * fourteenth step").
 * Vacuumed every 10 s (the default), each holds a sixth of that at most.
 *
 * <p>{@code SKIP_LOCKED}: with several nodes, a table another node is vacuuming is left to it
 * rather than waited for. {@code TRUNCATE false}: handing the heap's empty tail back to the file
 * system needs the table's exclusive lock, which a table in constant use keeps a vacuum waiting for
 * (a pass took 127-162 ms with it, 26 ms without, measured), and intake's inserts would wait while
 * it is held. The freed pages are reused instead, and autovacuum's own visits still truncate. The
 * hub's database user owns these tables when Flyway created them; one that does not is told so
 * once, and autovacuum alone keeps them.
 */
public class QueueTableVacuum extends PeriodicTask {

    /**
     * The tables that churn: a row per referral and stage, deleted once moved or delivered, and a
     * row per ledger event, deleted once sealed.
     */
    static final List<String> TABLES = List.of("outbox", "dispatch_order", "ledger_unsealed");
    static final String VACUUM = "VACUUM (SKIP_LOCKED, TRUNCATE false) " + String.join(", ", TABLES);
    /**
     * PostgreSQL skips a table its caller may not vacuum with a warning, not an error, so whether
     * the hub's user may is asked first: it must own them (or hold their owner's privileges).
     */
    private static final String MAY_VACUUM = "SELECT COUNT(*) FROM pg_class c WHERE c.oid IN ("
            + String.join(", ", TABLES.stream().map(table -> "to_regclass('" + table + "')").toList())
            + ") AND (pg_has_role(current_user, c.relowner, 'USAGE')"
            + " OR (SELECT rolsuper FROM pg_roles WHERE rolname = current_user))";

    private static final Logger log = LoggerFactory.getLogger(QueueTableVacuum.class);

    private final JdbcTemplate jdbc;
    private final DatabaseProduct database;
    private final boolean enabled;
    private volatile Boolean allowed;

    /** @param interval between passes; zero for none */
    public QueueTableVacuum(JdbcTemplate jdbc, Duration interval) {
        super("queue-table-vacuum", interval);
        this.jdbc = Objects.requireNonNull(jdbc);
        this.database = new DatabaseProduct(jdbc);
        this.enabled = !interval.isZero();
    }

    @Override
    public boolean isAutoStartup() {
        return enabled;
    }

    @Override
    protected void runOnce() {
        vacuum();
    }

    /**
     * One pass; false on H2 (which has no VACUUM) or when the hub's user may not vacuum the tables.
     * A failure (the database down, say) is thrown, and the task logs it and tries again at the
     * next pass. Visible for tests.
     */
    public boolean vacuum() {
        if (!database.isPostgres() || !allowed()) {
            return false;
        }
        // Outside any transaction: this thread has none, and the pool's connections auto-commit.
        jdbc.execute(VACUUM);
        return true;
    }

    private boolean allowed() {
        Boolean known = allowed;
        if (known == null) {
            known = Objects.equals(jdbc.queryForObject(MAY_VACUUM, Integer.class), TABLES.size());
            allowed = known;
            if (!known) {
                log.warn("The queue tables are not vacuumed by the hub: its database user does not own them."
                        + " Autovacuum alone keeps them; the owner is the user Flyway created them as.");
            }
        }
        return known;
    }
}
