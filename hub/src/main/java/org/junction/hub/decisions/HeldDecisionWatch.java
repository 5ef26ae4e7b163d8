package org.junction.hub.decisions;

import java.time.Clock;
import java.time.Duration;
import java.util.Objects;
import org.junction.hub.operations.AlertKind;
import org.junction.hub.operations.Alerts;
import org.junction.hub.scheduling.PeriodicTask;
import org.junction.routes.decide.HeldDecisionStore;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Raises an alert, once, for each held referral still waiting past its flow's maximum decision
 * wait; a decision closes its alerts. A referral (or batch) waiting without its DECISION_WAITING
 * incident, its raise lost to a stop just after the hold committed, gets it here. Only ids: the
 * recipient and the held decision's id.
 */
public class HeldDecisionWatch extends PeriodicTask {

    private final HeldDecisionStore held;
    private final Alerts alerts;
    private final TransactionTemplate transactions;
    private final Clock clock;
    private final Runnable resumeBatches;

    public HeldDecisionWatch(HeldDecisionStore held, Alerts alerts, TransactionTemplate transactions,
                             Duration interval, Clock clock) {
        this(held, alerts, transactions, interval, clock, () -> { });
    }

    /** @param resumeBatches carries on batch decisions a restart cut short */
    public HeldDecisionWatch(HeldDecisionStore held, Alerts alerts, TransactionTemplate transactions,
                             Duration interval, Clock clock, Runnable resumeBatches) {
        super("junction-held-decisions", interval);
        this.held = Objects.requireNonNull(held);
        this.alerts = Objects.requireNonNull(alerts);
        this.transactions = Objects.requireNonNull(transactions);
        this.clock = Objects.requireNonNull(clock);
        this.resumeBatches = Objects.requireNonNull(resumeBatches);
    }

    /** One check; exposed for tests that drive it themselves. */
    public void check() {
        var overdue = transactions.execute(tx -> held.newlyOverdue(clock.instant()));
        for (var item : overdue) {
            alerts.occurred(AlertKind.DECISION_OVERDUE, key(item));
        }
        var waiting = held.pending().stream().map(HeldDecisionWatch::key).distinct().toList();
        alerts.openEach(AlertKind.DECISION_WAITING, waiting);
        alerts.clearAllBut(AlertKind.DECISION_WAITING, waiting);
        alerts.clearAllBut(AlertKind.DECISION_OVERDUE, waiting);
        resumeBatches.run();
    }

    static Alerts.Key key(HeldDecisionStore.Held item) {
        // The rows of a bulk run wait as one batch decision: one alert for the batch, not one per row.
        return new Alerts.Key(item.recipient(), item.batchId() == null ? item.id().toString()
                : "batch:" + item.batchId());
    }

    @Override
    protected void runOnce() {
        check();
    }
}
