package org.junction.hub.operations;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.Executors;
import org.flywaydb.core.Flyway;
import org.junction.routes.deliver.PartnerCircuits;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.datasource.DataSourceTransactionManager;
import org.springframework.jdbc.datasource.DriverManagerDataSource;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * The alert rules on the hub's own schema (H2 in PostgreSQL mode, migrated by Flyway): one
 * incident per kind and partner while it lasts, told once when it opens and once when it resolves,
 * and a new incident only after the last one resolved.
 */
class AlertRulesTest {

    private static final Instant T0 = Instant.parse("2026-03-02T09:00:00Z");

    private final MutableClock clock = new MutableClock(T0);
    private final List<Alert> told = new ArrayList<>();
    private final Map<String, Long> depths = new HashMap<>();
    private final Map<String, PartnerCircuits.State> circuits = new HashMap<>();
    private JdbcTemplate jdbc;
    private AlertStore store;
    private TransactionTemplate transactions;
    private Alerts alerts;

    @BeforeEach
    void database() {
        var ds = new DriverManagerDataSource("jdbc:h2:mem:alerts-" + UUID.randomUUID()
                + ";MODE=PostgreSQL;DATABASE_TO_LOWER=TRUE;DEFAULT_NULL_ORDERING=HIGH;DB_CLOSE_DELAY=-1", "sa", "");
        Flyway.configure().dataSource(ds).locations("classpath:db/migration").load().migrate();
        jdbc = new JdbcTemplate(ds);
        transactions = new TransactionTemplate(new DataSourceTransactionManager(ds));
        store = new AlertStore(jdbc, transactions);
        alerts = new Alerts(store, told::add, clock);
    }

    @Test
    void theListCanBeNarrowedToOneStateKindOrPartnerAndKeepsOpenIncidentsFirst() {
        store.raise(AlertKind.CIRCUIT_OPEN, "gp-a", null, T0, 1, 1);
        store.raise(AlertKind.CIRCUIT_OPEN, "gp-b", null, T0.plusSeconds(1), 1, 1);
        store.raise(AlertKind.DLQ_GROWING, "gp-a", "DLQ.partner.gp-a.in", T0.plusSeconds(2), 1, 1);
        store.resolve(AlertKind.CIRCUIT_OPEN, "gp-a", null, T0.plusSeconds(3));
        store.raise(AlertKind.CIRCUIT_OPEN, "gp-a", null, T0.plusSeconds(4), 1, 1);

        assertThat(store.recent(null, null, null, 10))
                .extracting(a -> a.kind() + ":" + a.partnerId() + ":" + a.state())
                .containsExactly("CIRCUIT_OPEN:gp-a:OPEN", "DLQ_GROWING:gp-a:OPEN", "CIRCUIT_OPEN:gp-b:OPEN",
                        "CIRCUIT_OPEN:gp-a:RESOLVED");
        assertThat(store.recent(null, AlertKind.CIRCUIT_OPEN, "gp-a", 10)).extracting(Alert::state)
                .as("one partner's circuit, the open incident first")
                .containsExactly(Alert.State.OPEN, Alert.State.RESOLVED);
        assertThat(store.recent(Alert.State.RESOLVED, null, null, 10)).singleElement()
                .satisfies(a -> assertThat(a.partnerId()).isEqualTo("gp-a"));
        assertThat(store.recent(Alert.State.OPEN, AlertKind.DLQ_GROWING, null, 10)).singleElement()
                .satisfies(a -> assertThat(a.subject()).isEqualTo("DLQ.partner.gp-a.in"));
        assertThat(store.recent(Alert.State.OPEN, null, "gp-b", 10)).extracting(Alert::kind)
                .containsExactly(AlertKind.CIRCUIT_OPEN);
        assertThat(store.recent(null, AlertKind.FEED_MISSING, null, 10)).isEmpty();
        assertThat(store.recent(Alert.State.OPEN, null, null, 1)).hasSize(1);
    }

    @Test
    void whatATransactionRaisesIsRaisedAfterItCommitsAndRaisesQueuedMeanwhileCountOnce() {
        List<Runnable> queued = new ArrayList<>();
        var afterCommit = new Alerts(store, told::add, clock, queued::add);
        var batch = new Alerts.Key("gp-a", "batch:" + UUID.randomUUID());

        transactions.executeWithoutResult(tx -> {
            afterCommit.occurredAfterCommit(AlertKind.DECISION_WAITING, batch);
            afterCommit.occurredAfterCommit(AlertKind.DECISION_WAITING, batch);
            assertThat(queued).as("nothing before the commit").isEmpty();
        });
        transactions.executeWithoutResult(tx -> afterCommit.occurredAfterCommit(AlertKind.DECISION_WAITING, batch));
        transactions.executeWithoutResult(tx -> {
            afterCommit.occurredAfterCommit(AlertKind.DECISION_WAITING, new Alerts.Key("gp-b", "rolled-back"));
            tx.setRollbackOnly();
        });
        assertThat(queued).as("one raise for the three commits, none for the rollback").hasSize(1);
        assertThat(rows("OPEN")).isZero();

        queued.get(0).run();
        assertThat(rows("OPEN")).isEqualTo(1);
        assertThat(jdbc.queryForObject("SELECT seen_count FROM operations_alert", Long.class)).isEqualTo(3);
        assertThat(told).singleElement().satisfies(a -> assertThat(a.subject()).isEqualTo(batch.subject()));

        afterCommit.occurredAfterCommit(AlertKind.DECISION_WAITING, batch);
        assertThat(queued).as("a raise after the queued one ran is queued anew").hasSize(2);
        queued.get(1).run();
        assertThat(jdbc.queryForObject("SELECT seen_count FROM operations_alert", Long.class)).isEqualTo(4);
        assertThat(told).hasSize(1);
    }

    @Test
    void aRaiseWhileTheHubStopsFailsNoTransactionAndIsLeftToTheWatch() {
        var executor = Executors.newSingleThreadExecutor();
        var stopping = new Alerts(store, told::add, clock, executor);
        var key = new Alerts.Key("gp-a", "held-1");
        stopping.close();

        // Committed without an error, though nothing could take the raise.
        transactions.executeWithoutResult(tx -> stopping.occurredAfterCommit(AlertKind.DECISION_WAITING, key));
        transactions.executeWithoutResult(tx -> stopping.occurredAfterCommit(AlertKind.DECISION_WAITING, key));
        assertThat(rows("OPEN")).isZero();
        assertThat(executor.isTerminated()).isTrue();

        alerts.openEach(AlertKind.DECISION_WAITING, List.of(key));
        assertThat(rows("OPEN")).isEqualTo(1);
        assertThat(told).singleElement().satisfies(a -> assertThat(a.subject()).isEqualTo("held-1"));
    }

    @Test
    void aWatchOpensEachIncidentThatHoldsWithoutOneAndLeavesOpenOnesAlone() {
        var open = alerts.occurred(AlertKind.DECISION_WAITING, new Alerts.Key("gp-a", "held-1"));
        clock.advance(Duration.ofMinutes(1));

        alerts.openEach(AlertKind.DECISION_WAITING, List.of(new Alerts.Key("gp-a", "held-1"),
                new Alerts.Key("gp-a", "held-2"), new Alerts.Key("gp-a", "held-2")));

        assertThat(rows("OPEN")).isEqualTo(2);
        assertThat(told).extracting(Alert::subject).containsExactly("held-1", "held-2");
        assertThat(jdbc.queryForObject("SELECT last_seen FROM operations_alert WHERE id = ?", OffsetDateTime.class,
                open.id()).toInstant()).as("the open one untouched").isEqualTo(T0);
    }

    @Test
    void repeatedOpeningsUpdateOneIncidentAndTellOnce() {
        Alert first = alerts.occurred(AlertKind.CIRCUIT_OPEN, Alerts.Key.of("gp-a"));
        clock.advance(Duration.ofSeconds(5));
        Alert second = alerts.occurred(AlertKind.CIRCUIT_OPEN, Alerts.Key.of("gp-a"));

        assertThat(second.id()).isEqualTo(first.id());
        assertThat(second.count()).isEqualTo(2);
        assertThat(second.firstSeen()).isEqualTo(T0);
        assertThat(second.lastSeen()).isEqualTo(T0.plusSeconds(5));
        assertThat(told).singleElement().satisfies(a -> {
            assertThat(a.kind()).isEqualTo(AlertKind.CIRCUIT_OPEN);
            assertThat(a.state()).isEqualTo(Alert.State.OPEN);
        });
        assertThat(rows("OPEN")).isEqualTo(1);
    }

    @Test
    void partnersAndKindsAreSeparateIncidents() {
        alerts.occurred(AlertKind.CIRCUIT_OPEN, Alerts.Key.of("gp-a"));
        alerts.occurred(AlertKind.CIRCUIT_OPEN, Alerts.Key.of("council-b"));
        alerts.holds(AlertKind.OVERDUE, Alerts.Key.of("gp-a"), 3);

        assertThat(told).hasSize(3);
        assertThat(rows("OPEN")).isEqualTo(3);
    }

    @Test
    void aResolvedIncidentIsToldOnceAndANewOneStartsAfterIt() {
        Alert first = alerts.occurred(AlertKind.CIRCUIT_OPEN, Alerts.Key.of("gp-a"));
        clock.advance(Duration.ofMinutes(1));
        alerts.clear(AlertKind.CIRCUIT_OPEN, Alerts.Key.of("gp-a"));
        alerts.clear(AlertKind.CIRCUIT_OPEN, Alerts.Key.of("gp-a"));

        assertThat(told).hasSize(2);
        assertThat(told.get(1).state()).isEqualTo(Alert.State.RESOLVED);
        assertThat(told.get(1).resolvedAt()).isEqualTo(T0.plus(Duration.ofMinutes(1)));

        clock.advance(Duration.ofMinutes(1));
        Alert next = alerts.occurred(AlertKind.CIRCUIT_OPEN, Alerts.Key.of("gp-a"));
        assertThat(next.id()).isNotEqualTo(first.id());
        assertThat(next.count()).isEqualTo(1);
        assertThat(told).hasSize(3);
        assertThat(rows("OPEN")).isEqualTo(1);
        assertThat(rows("RESOLVED")).isEqualTo(1);
    }

    @Test
    void aConditionKeepsItsLargestSize() {
        alerts.holds(AlertKind.DLQ_GROWING, new Alerts.Key("gp-a", "DLQ.hub.dispatch.gp-a"), 12);
        Alert later = alerts.holds(AlertKind.DLQ_GROWING, new Alerts.Key("gp-a", "DLQ.hub.dispatch.gp-a"), 11);
        Alert larger = alerts.holds(AlertKind.DLQ_GROWING, new Alerts.Key("gp-a", "DLQ.hub.dispatch.gp-a"), 20);

        assertThat(later.count()).isEqualTo(12);
        assertThat(larger.count()).isEqualTo(20);
        assertThat(told).hasSize(1);
    }

    @Test
    void deadLetterQueuesOverTheirThresholdAlertUntilTheyDrain() {
        AlertMonitor monitor = monitor(Duration.ofMinutes(15), List.of());
        depths.put("hub.dispatch.gp-a", 500L);
        depths.put("DLQ.hub.dispatch.gp-a", 11L);
        depths.put("DLQ.hub.intake", 10L);
        monitor.checkDeadLetters();
        monitor.checkDeadLetters();

        assertThat(told).singleElement().satisfies(a -> {
            assertThat(a.kind()).isEqualTo(AlertKind.DLQ_GROWING);
            assertThat(a.partnerId()).isEqualTo("gp-a");
            assertThat(a.subject()).isEqualTo("DLQ.hub.dispatch.gp-a");
            assertThat(a.count()).isEqualTo(11);
        });

        depths.put("DLQ.hub.intake", 40L);
        monitor.checkDeadLetters();
        assertThat(told).hasSize(2);
        assertThat(told.get(1).partnerId()).isNull();
        assertThat(told.get(1).subject()).isEqualTo("DLQ.hub.intake");

        depths.put("DLQ.hub.dispatch.gp-a", 3L);
        monitor.checkDeadLetters();
        assertThat(told).hasSize(3);
        assertThat(told.get(2).state()).isEqualTo(Alert.State.RESOLVED);
        assertThat(told.get(2).partnerId()).isEqualTo("gp-a");
    }

    @Test
    void anUrgentReferralPermittedAndNotDeliveredInTimeIsOverdueOnceUntilDelivered() {
        AlertMonitor monitor = monitor(Duration.ofMinutes(15), List.of());
        UUID urgent = referral(true, T0);
        UUID routine = referral(false, T0);
        UUID denied = referral(true, T0);
        decide(urgent, "gp-a", "PERMIT");
        decide(routine, "gp-a", "PERMIT");
        decide(denied, "council-b", "DENY");

        clock.advance(Duration.ofMinutes(14));
        monitor.checkOverdue();
        assertThat(told).isEmpty();

        clock.advance(Duration.ofMinutes(2));
        monitor.checkOverdue();
        monitor.checkOverdue();
        assertThat(told).singleElement().satisfies(a -> {
            assertThat(a.kind()).isEqualTo(AlertKind.OVERDUE);
            assertThat(a.partnerId()).isEqualTo("gp-a");
            assertThat(a.count()).isEqualTo(1);
        });

        jdbc.update("INSERT INTO delivery (tracking_id, recipient_partner_id, generation, response_id, delivered_at) "
                + "VALUES (?, 'gp-a', 1, 'r-1', ?)", urgent, utc(clock.instant()));
        monitor.checkOverdue();
        assertThat(told).hasSize(2);
        assertThat(told.get(1).state()).isEqualTo(Alert.State.RESOLVED);
    }

    @Test
    void aDeadLetteredUrgentReferralIsLeftToTheDeadLetterAlert() {
        AlertMonitor monitor = monitor(Duration.ofMinutes(15), List.of());
        UUID urgent = referral(true, T0);
        decide(urgent, "gp-a", "PERMIT");
        jdbc.update("""
                INSERT INTO ledger_event (event_id, stage_key, event_type, occurred_at, actor, tracking_id,
                    recipient_partner_id, outcome, reason_code, generation)
                VALUES (?, ?, 'DELIVERY_FAILED', ?, 'hub', ?, 'gp-a', 'FAILED', 'HTTP_400', 1)""",
                UUID.randomUUID(), "k-" + urgent, utc(T0), urgent);

        clock.advance(Duration.ofHours(1));
        monitor.checkOverdue();
        assertThat(told).isEmpty();
    }

    @Test
    void aMissingFeedAlertsUntilTheNextReferralArrives() {
        AlertMonitor monitor = monitor(Duration.ofMinutes(15),
                List.of(new AlertProperties.ExpectedFeed("police-a", Duration.ofHours(1))));
        clock.advance(Duration.ofMinutes(59));
        monitor.checkFeeds();
        assertThat(told).isEmpty();

        clock.advance(Duration.ofMinutes(2));
        monitor.checkFeeds();
        clock.advance(Duration.ofHours(1));
        monitor.checkFeeds();
        assertThat(told).singleElement().satisfies(a -> {
            assertThat(a.kind()).isEqualTo(AlertKind.FEED_MISSING);
            assertThat(a.partnerId()).isEqualTo("police-a");
        });
        assertThat(alerts.openKeys(AlertKind.FEED_MISSING)).containsExactly(Alerts.Key.of("police-a"));
        assertThat(jdbc.queryForObject("SELECT seen_count FROM operations_alert", Long.class)).isEqualTo(2);

        jdbc.update("""
                INSERT INTO ledger_event (event_id, stage_key, event_type, occurred_at, actor, tracking_id,
                    sender_partner_id, generation)
                VALUES (?, ?, 'RECEIVED', ?, 'police-a', ?, 'police-a', 1)""",
                UUID.randomUUID(), "k-feed", utc(clock.instant()), UUID.randomUUID());
        monitor.checkFeeds();
        assertThat(told).hasSize(2);
        assertThat(told.get(1).state()).isEqualTo(Alert.State.RESOLVED);
    }

    @Test
    void anOpenCircuitIncidentResolvesWhenItsCircuitIsClosedEvenWithoutAnEvent() {
        AlertMonitor monitor = monitor(Duration.ofMinutes(15), List.of());
        monitor.stateChanged("gp-a", PartnerCircuits.State.OPEN);
        monitor.stateChanged("gp-a", PartnerCircuits.State.HALF_OPEN);
        monitor.stateChanged("gp-a", PartnerCircuits.State.OPEN);
        circuits.put("gp-a", PartnerCircuits.State.HALF_OPEN);
        monitor.checkCircuits();
        assertThat(told).hasSize(1);
        assertThat(jdbc.queryForObject("SELECT seen_count FROM operations_alert", Long.class)).isEqualTo(2);

        circuits.put("gp-a", PartnerCircuits.State.CLOSED);
        monitor.checkCircuits();
        assertThat(told).hasSize(2);
        assertThat(told.get(1).state()).isEqualTo(Alert.State.RESOLVED);
    }

    @Test
    void deadLetterQueueNamesGiveTheirPartner() {
        assertThat(AlertMonitor.partnerOf("DLQ.hub.dispatch.gp-a")).isEqualTo("gp-a");
        assertThat(AlertMonitor.partnerOf("DLQ.hub.intake")).isNull();
    }

    private AlertMonitor monitor(Duration overdueAfter, List<AlertProperties.ExpectedFeed> feeds) {
        var settings = new AlertProperties(null, null, Duration.ofSeconds(5), Duration.ofSeconds(30), 10, overdueAfter,
                Duration.ofDays(7), feeds);
        return new AlertMonitor(alerts, settings, jdbc, () -> Map.copyOf(depths),
                partner -> circuits.getOrDefault(partner, PartnerCircuits.State.CLOSED), clock);
    }

    private UUID referral(boolean urgent, Instant receivedAt) {
        UUID trackingId = UUID.randomUUID();
        jdbc.update("""
                INSERT INTO intake_request (sender_partner_id, request_id, tracking_id, received_at, urgent)
                VALUES ('police-a', ?, ?, ?, ?)""", "req-" + trackingId, trackingId, utc(receivedAt), urgent);
        return trackingId;
    }

    private void decide(UUID trackingId, String recipient, String outcome) {
        jdbc.update("""
                INSERT INTO sharing_decision (tracking_id, recipient_partner_id, generation, outcome, reason_code,
                    decided_at)
                VALUES (?, ?, 1, ?, 'CONSENT_GIVEN', ?)""", trackingId, recipient, outcome, utc(clock.instant()));
    }

    private int rows(String state) {
        Integer n = jdbc.queryForObject("SELECT COUNT(*) FROM operations_alert WHERE state = ?", Integer.class, state);
        return n == null ? 0 : n;
    }

    private static OffsetDateTime utc(Instant at) {
        return OffsetDateTime.ofInstant(at, ZoneOffset.UTC);
    }

    private static final class MutableClock extends Clock {
        private Instant now;

        MutableClock(Instant now) {
            this.now = now;
        }

        void advance(Duration by) {
            now = now.plus(by);
        }

        @Override
        public ZoneId getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(ZoneId zone) {
            return this;
        }

        @Override
        public Instant instant() {
            return now;
        }
    }
}
