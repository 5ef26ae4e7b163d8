package org.junction.hub.database;

import static org.assertj.core.api.Assertions.assertThat;

import com.zaxxer.hikari.HikariDataSource;
import java.nio.file.Path;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.flywaydb.core.Flyway;
import org.junction.adapters.intake.OutboxRow;
import org.junction.adapters.intake.OutboxStore;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.datasource.DataSourceTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Two relays over one outbox, as two hub nodes run them, on H2 and on PostgreSQL: the rows one
 * relay has read and locked are not handed to the other while its transaction is open, and once it
 * has moved (deleted) them the other is given only the rows still there. So no row is sent by both.
 */
class OutboxLockOnEachDatabaseIT {

    @TempDir
    Path dir;
    private final List<HikariDataSource> pools = new ArrayList<>();
    private final ExecutorService secondNode = Executors.newSingleThreadExecutor();
    private String schema;

    @AfterEach
    void closePoolsAndDropSchema() {
        secondNode.shutdownNow();
        if (schema != null && !pools.isEmpty()) {
            new JdbcTemplate(pools.get(0)).execute("DROP SCHEMA IF EXISTS " + schema + " CASCADE");
        }
        pools.forEach(HikariDataSource::close);
    }

    @Test
    void onH2() throws Exception {
        exercise("jdbc:h2:file:" + dir.resolve("db").toAbsolutePath()
                + ";MODE=PostgreSQL;DATABASE_TO_LOWER=TRUE;LOCK_TIMEOUT=20000;MAX_COMPACT_TIME=0", null);
    }

    @Test
    void onPostgres() throws Exception {
        schema = TestDatabases.freshSchemaName();
        TestDatabases.postgres(schema).destroy(); // skips (or fails under CI) when PostgreSQL is not configured
        exercise(System.getenv(TestDatabases.POSTGRES_URL_VARIABLE), schema);
    }

    private void exercise(String url, String schemaName) throws Exception {
        HikariDataSource first = pool(url, schemaName);
        var flyway = Flyway.configure().dataSource(first).locations("classpath:db/migration");
        if (schemaName != null) {
            flyway.schemas(schemaName).createSchemas(true);
        }
        flyway.load().migrate();
        HikariDataSource second = pool(url, schemaName);
        var firstStore = new OutboxStore(new JdbcTemplate(first));
        var secondStore = new OutboxStore(new JdbcTemplate(second));
        var firstTx = new TransactionTemplate(new DataSourceTransactionManager(first));
        var secondTx = new TransactionTemplate(new DataSourceTransactionManager(second));
        List<UUID> referrals = List.of(UUID.randomUUID(), UUID.randomUUID(), UUID.randomUUID());
        Instant now = Instant.now().truncatedTo(ChronoUnit.MILLIS);
        firstTx.executeWithoutResult(s -> referrals.forEach(trackingId -> firstStore.insert(new OutboxRow(0, trackingId,
                "hub.intake", "dup-" + trackingId, "police-a", null, null, 1, "PATSFTY", List.of("p1:aaa"),
                new byte[] {1, 2, 3}, now, 4))));

        CountDownLatch firstHolds = new CountDownLatch(1);
        CompletableFuture<List<UUID>> secondRead = new CompletableFuture<>();
        List<UUID> firstMoved = firstTx.execute(s -> {
            List<OutboxRow> locked = firstStore.lockOldest(2, Instant.now());
            assertThat(locked).extracting(OutboxRow::trackingId).containsExactly(referrals.get(0), referrals.get(1));
            assertThat(locked.get(0).payload()).containsExactly(1, 2, 3);
            assertThat(locked.get(0).priority()).isEqualTo(4);
            assertThat(locked.get(0).createdAt()).isEqualTo(now);
            Future<?> reading = secondNode.submit(() -> {
                firstHolds.countDown();
                secondRead.complete(secondTx.execute(t -> secondStore.lockOldest(10, Instant.now()).stream()
                        .map(OutboxRow::trackingId).toList()));
            });
            try {
                assertThat(firstHolds.await(10, TimeUnit.SECONDS)).isTrue();
                // Long enough for the other node's statement to have reached the locked rows.
                secondRead.get(500, TimeUnit.MILLISECONDS);
                throw new AssertionError("the other relay was given rows this one holds: " + secondRead.join());
            } catch (TimeoutException waiting) {
                // As it should: the other relay waits for this transaction.
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
            assertThat(reading.isDone()).isFalse();
            firstStore.delete(locked.stream().map(OutboxRow::id).toList());
            return locked.stream().map(OutboxRow::trackingId).toList();
        });

        assertThat(secondRead.get(20, TimeUnit.SECONDS)).as("only the row the first relay did not move")
                .containsExactly(referrals.get(2)).doesNotContainAnyElementsOf(firstMoved);
    }

    private HikariDataSource pool(String url, String schemaName) {
        HikariDataSource ds = TestDatabases.pool(url, schemaName, 2);
        pools.add(ds);
        return ds;
    }
}
