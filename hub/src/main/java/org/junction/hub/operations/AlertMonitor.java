package org.junction.hub.operations;

import java.sql.Timestamp;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import java.util.function.Supplier;
import org.junction.routes.deliver.PartnerCircuits;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * Watches for the incidents alerts are about. Circuit openings arrive as they happen; dead-letter
 * depths, overdue urgent referrals and missing feeds are checked every check interval. All alert
 * bookkeeping runs on one thread, so an incident is never opened twice by two racing checks, and
 * never on a delivery thread.
 *
 * <p>Overdue referrals are found from what is kept in clear: the urgency recorded at intake, the
 * sharing decisions, the deliveries and the dead-letter ledger events; no payload is opened.
 */
public class AlertMonitor implements PartnerCircuits.Listener, SmartLifecycle {

    private static final Logger log = LoggerFactory.getLogger(AlertMonitor.class);
    private static final String DEAD_LETTER_PREFIX = "DLQ.";
    private static final String DISPATCH_PREFIX = "hub.dispatch.";

    private final Alerts alerts;
    private final AlertProperties settings;
    private final JdbcTemplate jdbc;
    private final Supplier<Map<String, Long>> queueDepths;
    private final Function<String, PartnerCircuits.State> circuitState;
    private final Clock clock;
    private final Instant startedAt;
    private ScheduledExecutorService executor;

    public AlertMonitor(Alerts alerts, AlertProperties settings, JdbcTemplate jdbc,
                        Supplier<Map<String, Long>> queueDepths, Function<String, PartnerCircuits.State> circuitState,
                        Clock clock) {
        this.alerts = Objects.requireNonNull(alerts);
        this.settings = Objects.requireNonNull(settings);
        this.jdbc = Objects.requireNonNull(jdbc);
        this.queueDepths = Objects.requireNonNull(queueDepths);
        this.circuitState = Objects.requireNonNull(circuitState);
        this.clock = Objects.requireNonNull(clock);
        this.startedAt = clock.instant();
    }

    @Override
    public void stateChanged(String partnerId, PartnerCircuits.State state) {
        if (state == PartnerCircuits.State.OPEN) {
            submit(() -> alerts.occurred(AlertKind.CIRCUIT_OPEN, Alerts.Key.of(partnerId)));
        } else if (state == PartnerCircuits.State.CLOSED) {
            submit(() -> alerts.clear(AlertKind.CIRCUIT_OPEN, Alerts.Key.of(partnerId)));
        }
    }

    /** Every check once; exposed for tests that drive time themselves. */
    public void checkAll() {
        run("circuits", this::checkCircuits);
        run("dead letters", this::checkDeadLetters);
        run("overdue referrals", this::checkOverdue);
        run("feeds", this::checkFeeds);
    }

    /**
     * An open incident whose circuit is closed (closed by hand, or forgotten by a restart, which
     * starts every circuit closed) is over. A half-open circuit is still being probed: it stays open.
     */
    void checkCircuits() {
        for (Alerts.Key key : alerts.openKeys(AlertKind.CIRCUIT_OPEN)) {
            if (circuitState.apply(key.partnerId()) == PartnerCircuits.State.CLOSED) {
                alerts.clear(AlertKind.CIRCUIT_OPEN, key);
            }
        }
    }

    void checkDeadLetters() {
        Map<String, Long> depths = queueDepths.get();
        if (depths.isEmpty()) {
            return; // broker not there: no news is not good news, keep what is open
        }
        List<Alerts.Key> growing = new ArrayList<>();
        depths.forEach((queue, depth) -> {
            if (queue.startsWith(DEAD_LETTER_PREFIX) && depth > settings.dlqThreshold()) {
                var key = new Alerts.Key(partnerOf(queue), queue);
                alerts.holds(AlertKind.DLQ_GROWING, key, depth);
                growing.add(key);
            }
        });
        alerts.clearAllBut(AlertKind.DLQ_GROWING, growing);
    }

    void checkOverdue() {
        Instant now = clock.instant();
        List<Alerts.Key> overdue = new ArrayList<>();
        jdbc.query("""
                SELECT d.recipient_partner_id, COUNT(*) AS overdue
                FROM intake_request r
                JOIN sharing_decision d ON d.tracking_id = r.tracking_id
                WHERE r.urgent = TRUE AND r.received_at >= ? AND r.received_at < ?
                  AND d.outcome = 'PERMIT'
                  AND d.generation = (SELECT MAX(g.generation) FROM sharing_decision g
                                      WHERE g.tracking_id = d.tracking_id
                                        AND g.recipient_partner_id = d.recipient_partner_id)
                  AND NOT EXISTS (SELECT 1 FROM delivery v
                                  WHERE v.tracking_id = d.tracking_id
                                    AND v.recipient_partner_id = d.recipient_partner_id)
                  AND NOT EXISTS (SELECT 1 FROM ledger_event f
                                  WHERE f.tracking_id = d.tracking_id
                                    AND f.event_type IN ('DELIVERY_FAILED', 'DELIVERY_CANCELLED')
                                    AND f.recipient_partner_id = d.recipient_partner_id
                                    AND f.generation = d.generation)
                GROUP BY d.recipient_partner_id""", rs -> {
            var key = Alerts.Key.of(rs.getString(1));
            alerts.holds(AlertKind.OVERDUE, key, rs.getLong(2));
            overdue.add(key);
        }, utc(now.minus(settings.overdueWindow())), utc(now.minus(settings.overdueAfter())));
        alerts.clearAllBut(AlertKind.OVERDUE, overdue);
    }

    /** A feed that never arrived is measured from the hub's start, so a fresh hub does not cry wolf. */
    void checkFeeds() {
        Instant now = clock.instant();
        List<Alerts.Key> missing = new ArrayList<>();
        for (AlertProperties.ExpectedFeed feed : settings.expectedFeeds()) {
            Timestamp last = jdbc.queryForObject("""
                    SELECT MAX(occurred_at) FROM ledger_event
                    WHERE event_type = 'RECEIVED' AND sender_partner_id = ?""", Timestamp.class, feed.partner());
            Instant since = last == null || last.toInstant().isBefore(startedAt) ? startedAt : last.toInstant();
            Duration gap = Duration.between(since, now);
            if (gap.compareTo(feed.maxInterval()) > 0) {
                var key = Alerts.Key.of(feed.partner());
                alerts.holds(AlertKind.FEED_MISSING, key, gap.toMillis() / feed.maxInterval().toMillis());
                missing.add(key);
            }
        }
        alerts.clearAllBut(AlertKind.FEED_MISSING, missing);
    }

    /** The partner whose dispatch queue a dead-letter queue belongs to; null for the intake's. */
    static String partnerOf(String deadLetterQueue) {
        String queue = deadLetterQueue.substring(DEAD_LETTER_PREFIX.length());
        return queue.startsWith(DISPATCH_PREFIX) ? queue.substring(DISPATCH_PREFIX.length()) : null;
    }

    private void run(String what, Runnable check) {
        try {
            check.run();
        } catch (RuntimeException e) {
            log.warn("Alert check of {} failed: {}", what, e.getClass().getSimpleName(), e);
        }
    }

    private synchronized void submit(Runnable action) {
        if (executor == null) {
            run("circuit change", action);
            return;
        }
        executor.execute(() -> run("circuit change", action));
    }

    private static OffsetDateTime utc(Instant at) {
        return OffsetDateTime.ofInstant(at, ZoneOffset.UTC);
    }

    @Override
    public synchronized void start() {
        if (executor != null) {
            return;
        }
        executor = Executors.newSingleThreadScheduledExecutor(runnable -> {
            Thread thread = new Thread(runnable, "junction-alerts");
            thread.setDaemon(true);
            return thread;
        });
        long interval = settings.checkInterval().toMillis();
        executor.scheduleWithFixedDelay(this::checkAll, interval, interval, TimeUnit.MILLISECONDS);
    }

    @Override
    public synchronized void stop() {
        if (executor != null) {
            executor.shutdownNow();
            executor = null;
        }
    }

    @Override
    public synchronized boolean isRunning() {
        return executor != null;
    }
}
