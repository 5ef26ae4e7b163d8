package org.junction.hub.decisions;

import java.time.Clock;
import java.time.Duration;
import java.util.Objects;
import org.junction.hub.operations.AlertKind;
import org.junction.hub.operations.Alerts;
import org.junction.hub.scheduling.PeriodicTask;
import org.junction.routes.decide.VitalInterestsStore;
import org.junction.security.audit.LedgerEvent;
import org.junction.security.audit.LedgerEventType;
import org.junction.security.audit.LedgerWriter;
import org.junction.security.governance.decision.ReasonCodes;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Alerts the sender's IG leads again, once, when a vital-interests share's decision record is
 * past due, and records that in the ledger; making the record closes its alerts. Ids only.
 */
public class VitalInterestsWatch extends PeriodicTask {

    private final VitalInterestsStore store;
    private final Alerts alerts;
    private final LedgerWriter ledger;
    private final TransactionTemplate transactions;
    private final Clock clock;

    public VitalInterestsWatch(VitalInterestsStore store, Alerts alerts, LedgerWriter ledger,
                               TransactionTemplate transactions, Duration interval, Clock clock) {
        super("junction-vital-interests", interval);
        this.store = Objects.requireNonNull(store);
        this.alerts = Objects.requireNonNull(alerts);
        this.ledger = Objects.requireNonNull(ledger);
        this.transactions = Objects.requireNonNull(transactions);
        this.clock = Objects.requireNonNull(clock);
    }

    /** One check; exposed for tests that drive it themselves. */
    public void check() {
        var overdue = transactions.execute(tx -> {
            var found = store.newlyOverdue(clock.instant());
            for (var o : found) {
                ledger.record(LedgerEvent.forReferral(LedgerEventType.VITAL_INTERESTS_RECORD_OVERDUE, o.trackingId(),
                        "hub", o.sender(), o.recipient(), o.purpose(), "OVERDUE", ReasonCodes.VITAL_INTERESTS,
                        o.generation(), o.pseudonyms(), clock.instant()));
            }
            return found;
        });
        for (var o : overdue) {
            alerts.occurred(AlertKind.VITAL_INTERESTS_RECORD_OVERDUE, VitalInterestsRecords.key(o));
        }
        var outstanding = store.outstanding().stream().map(VitalInterestsRecords::key).toList();
        alerts.openEach(AlertKind.VITAL_INTERESTS_SHARED, outstanding);
        alerts.clearAllBut(AlertKind.VITAL_INTERESTS_SHARED, outstanding);
        alerts.clearAllBut(AlertKind.VITAL_INTERESTS_RECORD_OVERDUE, outstanding);
    }

    @Override
    protected void runOnce() {
        check();
    }
}
