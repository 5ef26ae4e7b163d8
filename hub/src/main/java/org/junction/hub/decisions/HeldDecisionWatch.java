package org.junction.hub.decisions;

import java.time.Clock;
import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.junction.hub.operations.AlertKind;
import org.junction.hub.operations.Alerts;
import org.junction.routes.decide.HeldDecisionStore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Raises an alert, once, for each held referral still waiting past its flow's maximum decision
 * wait; a decision closes its alerts. Only ids: the recipient and the held decision's id.
 */
public class HeldDecisionWatch implements SmartLifecycle {

    private static final Logger log = LoggerFactory.getLogger(HeldDecisionWatch.class);

    private final HeldDecisionStore held;
    private final Alerts alerts;
    private final TransactionTemplate transactions;
    private final Duration interval;
    private final Clock clock;
    private ScheduledExecutorService executor;

    public HeldDecisionWatch(HeldDecisionStore held, Alerts alerts, TransactionTemplate transactions,
                             Duration interval, Clock clock) {
        this.held = Objects.requireNonNull(held);
        this.alerts = Objects.requireNonNull(alerts);
        this.transactions = Objects.requireNonNull(transactions);
        this.interval = Objects.requireNonNull(interval);
        this.clock = Objects.requireNonNull(clock);
    }

    /** One check; exposed for tests that drive it themselves. */
    public void check() {
        var overdue = transactions.execute(tx -> held.newlyOverdue(clock.instant()));
        for (var item : overdue) {
            alerts.occurred(AlertKind.DECISION_OVERDUE, key(item));
        }
        var waiting = held.pending().stream().map(HeldDecisionWatch::key).toList();
        alerts.clearAllBut(AlertKind.DECISION_WAITING, waiting);
        alerts.clearAllBut(AlertKind.DECISION_OVERDUE, waiting);
    }

    static Alerts.Key key(HeldDecisionStore.Held item) {
        return new Alerts.Key(item.recipient(), item.id().toString());
    }

    @Override
    public synchronized void start() {
        if (executor != null) {
            return;
        }
        executor = Executors.newSingleThreadScheduledExecutor(runnable -> {
            Thread thread = new Thread(runnable, "junction-held-decisions");
            thread.setDaemon(true);
            return thread;
        });
        executor.scheduleWithFixedDelay(() -> {
            try {
                check();
            } catch (RuntimeException e) {
                log.warn("Held decision check failed: {}", e.getClass().getSimpleName(), e);
            }
        }, interval.toMillis(), interval.toMillis(), TimeUnit.MILLISECONDS);
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
