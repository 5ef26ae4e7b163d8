package org.junction.security.audit;

import static org.assertj.core.api.Assertions.assertThat;

import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;
import javax.sql.DataSource;
import org.junction.hub.database.MigratedDatabase;
import org.junction.hub.database.OnEachDatabase;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.datasource.DataSourceTransactionManager;
import org.springframework.jdbc.datasource.DelegatingDataSource;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * The ledger writer on H2 and PostgreSQL, where it writes an event and its subjects in one
 * statement: each step recorded once with its subjects, a batch writing only the steps not yet
 * recorded, the listeners told of exactly what was written, nothing left by a transaction rolled
 * back, what was written sealing into a chain that verifies, and (PostgreSQL) one statement where
 * there were two.
 */
class LedgerWriterOnEachDatabaseIT {

    private final Instant now = Instant.now().truncatedTo(ChronoUnit.MILLIS);

    @OnEachDatabase
    void writesEachStepOnceWithItsSubjects(MigratedDatabase db) {
        JdbcTemplate jdbc = db.jdbc();
        var tx = new TransactionTemplate(new DataSourceTransactionManager(db.dataSource()));
        var writer = new LedgerWriter(jdbc);
        List<LedgerEvent> told = new ArrayList<>();
        writer.addListener(told::add);

        UUID trackingId = UUID.randomUUID();
        var first = keyed(LedgerEventType.RECEIVED, trackingId, List.of("p1:a", "p1:b", "p1:a"));
        assertThat(recorded(tx, writer, first)).isTrue();
        assertThat(recorded(tx, writer, keyed(LedgerEventType.RECEIVED, trackingId, List.of("p1:c"))))
                .as("the same step again").isFalse();
        var bare = keyed(LedgerEventType.INTAKE_FAILED, trackingId, List.of());
        assertThat(recorded(tx, writer, bare)).as("a step without subjects").isTrue();
        assertThat(recorded(tx, writer, keyed(LedgerEventType.INTAKE_FAILED, trackingId, List.of())))
                .isFalse();

        assertThat(subjectsOf(jdbc, first)).containsExactlyInAnyOrder("p1:a", "p1:b");
        assertThat(subjectsOf(jdbc, bare)).isEmpty();
        assertThat(told).containsExactly(first, bare);
        assertThat(eventIds(jdbc)).containsExactly(first.eventId(), bare.eventId());
    }

    @OnEachDatabase
    void aBatchWritesOnlyTheStepsNotYetRecorded(MigratedDatabase db) {
        JdbcTemplate jdbc = db.jdbc();
        var tx = new TransactionTemplate(new DataSourceTransactionManager(db.dataSource()));
        var writer = new LedgerWriter(jdbc);
        UUID earlier = UUID.randomUUID();
        UUID bareEarlier = UUID.randomUUID();
        var recorded = keyed(LedgerEventType.QUEUED, earlier, List.of("p1:old"));
        var recordedBare = keyed(LedgerEventType.QUEUED, bareEarlier, List.of());
        tx.executeWithoutResult(s -> writer.recordAll(List.of(recorded, recordedBare)));
        List<LedgerEvent> told = new ArrayList<>();
        writer.addListener(told::add);

        var repeat = keyed(LedgerEventType.QUEUED, earlier, List.of("p1:new"));
        var repeatBare = keyed(LedgerEventType.QUEUED, bareEarlier, List.of());
        var second = keyed(LedgerEventType.QUEUED, UUID.randomUUID(), List.of("p1:x", "p1:y", "p1:x"));
        var third = keyed(LedgerEventType.QUEUED, UUID.randomUUID(), List.of());
        var fourth = unkeyed("p1:z");
        tx.executeWithoutResult(s -> writer.recordAll(List.of(repeat, second, repeatBare, third, fourth)));

        assertThat(eventIds(jdbc)).containsExactly(recorded.eventId(), recordedBare.eventId(), second.eventId(),
                third.eventId(), fourth.eventId());
        assertThat(subjectsOf(jdbc, recorded)).containsExactly("p1:old");
        assertThat(subjectsOf(jdbc, second)).containsExactlyInAnyOrder("p1:x", "p1:y");
        assertThat(subjectsOf(jdbc, third)).isEmpty();
        assertThat(subjectsOf(jdbc, fourth)).containsExactly("p1:z");
        assertThat(told).containsExactly(second, third, fourth);
    }

    @OnEachDatabase
    void aStepRolledBackLeavesNoEventAndNoSubjects(MigratedDatabase db) {
        JdbcTemplate jdbc = db.jdbc();
        var tx = new TransactionTemplate(new DataSourceTransactionManager(db.dataSource()));
        var writer = new LedgerWriter(jdbc);
        var event = keyed(LedgerEventType.DECIDED, UUID.randomUUID(), List.of("p1:a"));

        tx.executeWithoutResult(s -> {
            assertThat(writer.record(event)).isTrue();
            s.setRollbackOnly();
        });

        assertThat(jdbc.queryForObject("SELECT COUNT(*) FROM ledger_event", Integer.class)).isZero();
        assertThat(jdbc.queryForObject("SELECT COUNT(*) FROM ledger_subject", Integer.class)).isZero();
        assertThat(recorded(tx, writer, event)).as("the step can be recorded afterwards").isTrue();
    }

    @OnEachDatabase
    void whatIsWrittenSealsIntoAChainThatVerifies(MigratedDatabase db) {
        JdbcTemplate jdbc = db.jdbc();
        var tx = new TransactionTemplate(new DataSourceTransactionManager(db.dataSource()));
        var writer = new LedgerWriter(jdbc);
        tx.executeWithoutResult(s -> writer.record(keyed(LedgerEventType.RECEIVED, UUID.randomUUID(),
                List.of("p1:a", "p2:b"))));
        tx.executeWithoutResult(s -> writer.recordAll(List.of(
                keyed(LedgerEventType.QUEUED, UUID.randomUUID(), List.of("p1:c")),
                keyed(LedgerEventType.QUEUED, UUID.randomUUID(), List.of()))));

        assertThat(new LedgerSealer(jdbc, tx, Clock.systemUTC()).sealPending(10)).isEqualTo(3);
        assertThat(new ChainVerifier(jdbc).verify().valid()).isTrue();
        jdbc.update("DELETE FROM ledger_subject WHERE pseudonym = ?", "p2:b");
        assertThat(new ChainVerifier(jdbc).verify().valid()).as("a subject taken away breaks the chain").isFalse();
    }

    @OnEachDatabase
    void onPostgresAnEventItsMarkForTheSealerAndItsSubjectsAreOneStatement(MigratedDatabase db) {
        int perEvent = db.postgres() ? 1 : 3;
        assertThat(statementsPrepared(db.dataSource(), writer -> writer.record(
                keyed(LedgerEventType.RECEIVED, UUID.randomUUID(), List.of("p1:a", "p2:b"))))).isEqualTo(perEvent);
        assertThat(statementsPrepared(db.dataSource(), writer -> writer.record(
                keyed(LedgerEventType.RECEIVED, UUID.randomUUID(), List.of())))).isEqualTo(db.postgres() ? 1 : 2);
        assertThat(statementsPrepared(db.dataSource(), writer -> writer.recordAll(List.of(
                keyed(LedgerEventType.QUEUED, UUID.randomUUID(), List.of("p1:a")),
                keyed(LedgerEventType.QUEUED, UUID.randomUUID(), List.of("p1:b", "p2:c"))))))
                .as("a batch: the events' statement, then (H2) their marks' and their subjects'").isEqualTo(perEvent);
        assertThat(db.jdbc().queryForObject("SELECT COUNT(*) FROM ledger_unsealed", Integer.class))
                .as("each event marked for the sealer").isEqualTo(4);
    }

    @OnEachDatabase
    void aStepRecordedBeforeIsNotMarkedForTheSealerAgain(MigratedDatabase db) {
        JdbcTemplate jdbc = db.jdbc();
        var tx = new TransactionTemplate(new DataSourceTransactionManager(db.dataSource()));
        var writer = new LedgerWriter(jdbc);
        UUID trackingId = UUID.randomUUID();
        assertThat(recorded(tx, writer, keyed(LedgerEventType.RECEIVED, trackingId, List.of("p1:a")))).isTrue();
        assertThat(recorded(tx, writer, keyed(LedgerEventType.RECEIVED, trackingId, List.of("p1:a")))).isFalse();
        assertThat(recorded(tx, writer, keyed(LedgerEventType.DECIDED, trackingId, List.of()))).isTrue();
        assertThat(recorded(tx, writer, keyed(LedgerEventType.DECIDED, trackingId, List.of()))).isFalse();
        tx.executeWithoutResult(s -> writer.recordAll(List.of(keyed(LedgerEventType.RECEIVED, trackingId, List.of("p1:a")),
                keyed(LedgerEventType.QUEUED, trackingId, List.of()))));

        assertThat(jdbc.queryForList("SELECT u.ledger_event_id FROM ledger_unsealed u ORDER BY 1", Long.class))
                .as("one mark per event, none for a repeat")
                .isEqualTo(jdbc.queryForList("SELECT id FROM ledger_event ORDER BY id", Long.class)).hasSize(3);
    }

    /** How many statements the writer prepares, on connections that count them, while {@code work} runs. */
    private static int statementsPrepared(DataSource dataSource, Consumer<LedgerWriter> work) {
        AtomicInteger prepared = new AtomicInteger();
        DataSource counting = new DelegatingDataSource(dataSource) {
            @Override
            public Connection getConnection() throws SQLException {
                Connection connection = super.getConnection();
                return (Connection) Proxy.newProxyInstance(Connection.class.getClassLoader(),
                        new Class<?>[] {Connection.class}, (proxy, method, args) -> {
                            if (method.getName().equals("prepareStatement")) {
                                prepared.incrementAndGet();
                            }
                            try {
                                return method.invoke(connection, args);
                            } catch (InvocationTargetException e) {
                                throw e.getCause();
                            }
                        });
            }
        };
        var writer = new LedgerWriter(new JdbcTemplate(counting));
        new TransactionTemplate(new DataSourceTransactionManager(counting)).executeWithoutResult(s -> work.accept(writer));
        return prepared.get();
    }

    private static boolean recorded(TransactionTemplate tx, LedgerWriter writer, LedgerEvent event) {
        return Boolean.TRUE.equals(tx.execute(s -> writer.record(event)));
    }

    private static List<String> subjectsOf(JdbcTemplate jdbc, LedgerEvent event) {
        return jdbc.queryForList("""
                SELECT s.pseudonym FROM ledger_subject s JOIN ledger_event e ON e.id = s.ledger_event_id
                WHERE e.event_id = ?""", String.class, event.eventId());
    }

    private static List<UUID> eventIds(JdbcTemplate jdbc) {
        return jdbc.queryForList("SELECT event_id FROM ledger_event ORDER BY id", UUID.class);
    }

    private LedgerEvent keyed(LedgerEventType type, UUID trackingId, List<String> pseudonyms) {
        return LedgerEvent.forReferral(type, trackingId, "hub", "police-a", null, "PATSFTY", null, null, 1,
                pseudonyms, now);
    }

    private LedgerEvent unkeyed(String pseudonym) {
        return new LedgerEvent(UUID.randomUUID(), null, LedgerEventType.RECEIVED, now, "hub", null, null, null, null,
                null, null, 1, List.of(pseudonym));
    }
}
