package org.junction.hub.database;

import static org.assertj.core.api.Assertions.assertThat;

import com.zaxxer.hikari.HikariDataSource;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.flywaydb.core.Flyway;
import org.junction.security.audit.ChainVerifier;
import org.junction.security.audit.LedgerEvent;
import org.junction.security.audit.LedgerEventType;
import org.junction.security.audit.LedgerSealer;
import org.junction.security.audit.LedgerWriter;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.datasource.DataSourceTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * The sealing design under load, on H2 and on PostgreSQL: writers record events in overlapping
 * transactions (some rolled back, some committing long after a later one), while two sealers, each
 * with its own connection pool as two hub nodes would have, seal concurrently. The head-row lock
 * elects one sealer at a time; the result must be one gap-free chain holding every committed event
 * exactly once and no rolled-back one, which verifies.
 */
class ConcurrentSealingOnEachDatabaseIT {

    private static final int WRITERS = 6;
    private static final int TRANSACTIONS_PER_WRITER = 25;

    @TempDir
    Path dir;
    private final List<HikariDataSource> pools = new ArrayList<>();
    private String schema;

    @AfterEach
    void closePoolsAndDropSchema() {
        if (schema != null && !pools.isEmpty()) {
            new JdbcTemplate(pools.get(0)).execute("DROP SCHEMA IF EXISTS " + schema + " CASCADE");
        }
        pools.forEach(HikariDataSource::close);
    }

    @Test
    void onH2() throws Exception {
        String url = "jdbc:h2:file:" + dir.resolve("db").toAbsolutePath()
                + ";MODE=PostgreSQL;DATABASE_TO_LOWER=TRUE;LOCK_TIMEOUT=20000;MAX_COMPACT_TIME=0";
        exercise(() -> pool(url, null));
    }

    @Test
    void onPostgres() throws Exception {
        schema = TestDatabases.freshSchemaName();
        TestDatabases.postgres(schema).destroy(); // skips (or fails under CI) when PostgreSQL is not configured
        String url = System.getenv(TestDatabases.POSTGRES_URL_VARIABLE);
        exercise(() -> pool(url, schema));
    }

    private HikariDataSource pool(String url, String schemaName) {
        HikariDataSource ds = TestDatabases.pool(url, schemaName, WRITERS + 2);
        pools.add(ds);
        return ds;
    }

    private void exercise(java.util.function.Supplier<HikariDataSource> newPool) throws Exception {
        HikariDataSource writersPool = newPool.get();
        var flyway = Flyway.configure().dataSource(writersPool).locations("classpath:db/migration");
        if (schema != null) {
            flyway.schemas(schema).createSchemas(true);
        }
        flyway.load().migrate();
        var jdbc = new JdbcTemplate(writersPool);
        var tx = new TransactionTemplate(new DataSourceTransactionManager(writersPool));
        var writer = new LedgerWriter(jdbc);
        List<LedgerSealer> nodes = new ArrayList<>();
        for (int i = 0; i < 2; i++) {
            HikariDataSource node = newPool.get();
            nodes.add(new LedgerSealer(new JdbcTemplate(node),
                    new TransactionTemplate(new DataSourceTransactionManager(node)), Clock.systemUTC()));
        }

        Set<UUID> committed = ConcurrentHashMap.newKeySet();
        Set<UUID> rolledBack = ConcurrentHashMap.newKeySet();
        AtomicBoolean writing = new AtomicBoolean(true);
        ExecutorService threads = Executors.newFixedThreadPool(WRITERS + nodes.size());
        try {
            var start = new CountDownLatch(1);
            List<Future<Integer>> sealers = new ArrayList<>();
            for (LedgerSealer node : nodes) {
                sealers.add(threads.submit(() -> {
                    start.await();
                    int sealed = 0;
                    while (writing.get()) {
                        sealed += node.sealPending(7);
                        Thread.sleep(ThreadLocalRandom.current().nextInt(3));
                    }
                    return sealed;
                }));
            }
            List<Future<?>> writers = new ArrayList<>();
            for (int w = 0; w < WRITERS; w++) {
                writers.add(threads.submit(() -> {
                    start.await();
                    for (int t = 0; t < TRANSACTIONS_PER_WRITER; t++) {
                        writeOneTransaction(tx, writer, committed, rolledBack);
                    }
                    return null;
                }));
            }
            start.countDown();
            for (Future<?> w : writers) {
                w.get(120, TimeUnit.SECONDS);
            }
            writing.set(false);
            int sealedConcurrently = 0;
            for (Future<Integer> s : sealers) {
                sealedConcurrently += s.get(60, TimeUnit.SECONDS);
            }
            // What the writers' last commits left for the next pass.
            int drained = 0;
            for (int n; (n = nodes.get(0).sealPending(500)) > 0; ) {
                drained += n;
            }
            assertThat(sealedConcurrently + drained).isEqualTo(committed.size());
            assertThat(sealedConcurrently).as("most events were sealed while writers ran").isPositive();
        } finally {
            threads.shutdownNow();
        }

        assertThat(rolledBack).as("the scenario rolled some back").isNotEmpty();
        long links = jdbc.queryForObject("SELECT COUNT(*) FROM ledger_chain", Long.class);
        assertThat(links).isEqualTo(committed.size());
        assertThat(jdbc.queryForObject("SELECT MIN(seq) FROM ledger_chain", Long.class)).isEqualTo(1);
        assertThat(jdbc.queryForObject("SELECT MAX(seq) FROM ledger_chain", Long.class)).as("no gap").isEqualTo(links);
        assertThat(jdbc.queryForObject("SELECT last_seq FROM ledger_chain_head", Long.class)).isEqualTo(links);
        List<UUID> sealed = jdbc.queryForList("""
                SELECT e.event_id FROM ledger_chain c JOIN ledger_event e ON e.id = c.ledger_event_id ORDER BY c.seq""",
                UUID.class);
        assertThat(sealed).doesNotHaveDuplicates().containsExactlyInAnyOrderElementsOf(committed);
        assertThat(jdbc.queryForObject("SELECT COUNT(*) FROM ledger_event", Long.class)).isEqualTo(committed.size());
        assertThat(jdbc.queryForObject("SELECT COUNT(*) FROM ledger_unsealed", Long.class)).isZero();
        assertThat(new ChainVerifier(jdbc, 50).verify())
                .isEqualTo(new ChainVerifier.VerificationResult(true, links, null, null));
    }

    /** One to three events; one transaction in five rolls back, one in four holds on before committing. */
    private static void writeOneTransaction(TransactionTemplate tx, LedgerWriter writer, Set<UUID> committed,
                                            Set<UUID> rolledBack) {
        var random = ThreadLocalRandom.current();
        boolean rollback = random.nextInt(5) == 0;
        boolean late = random.nextInt(4) == 0;
        List<UUID> ids = new ArrayList<>();
        tx.executeWithoutResult(status -> {
            int events = 1 + random.nextInt(3);
            for (int i = 0; i < events; i++) {
                var event = LedgerEvent.forReferral(LedgerEventType.DECIDED, UUID.randomUUID(), "system:decide",
                        "police-a", "mash-" + random.nextInt(3), "SAFEGUARDING", "PERMIT", null, 1,
                        List.of("p1:" + UUID.randomUUID()), Instant.now());
                writer.record(event);
                ids.add(event.eventId());
                if (late) {
                    // Holds a lower id open while other writers commit higher ones and sealers run.
                    sleep(5 + random.nextInt(20));
                }
            }
            if (rollback) {
                status.setRollbackOnly();
            }
        });
        (rollback ? rolledBack : committed).addAll(ids);
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
