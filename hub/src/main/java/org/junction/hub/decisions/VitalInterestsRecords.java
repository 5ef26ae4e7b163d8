package org.junction.hub.decisions;

import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.UUID;
import java.util.function.Supplier;
import org.junction.console.decisions.DecisionAdministration.DecisionRequest;
import org.junction.console.decisions.VitalInterestsAdministration;
import org.junction.hub.operations.AlertKind;
import org.junction.hub.operations.Alerts;
import org.junction.routes.decide.HeldDecisionStore;
import org.junction.routes.decide.VitalInterestsStore;
import org.junction.routes.decide.VitalInterestsStore.Obligation;
import org.junction.security.audit.LedgerEvent;
import org.junction.security.audit.LedgerEventType;
import org.junction.security.audit.LedgerWriter;
import org.junction.security.crypto.EnvelopeCipher;
import org.junction.security.governance.agreement.AgreementRegistry;
import org.junction.security.governance.decision.OverrideRecord;
import org.junction.security.identity.Person;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * The retrospective decision records owed for referrals shared on vital interests. Only a person
 * holding a title the share's flow authorises, in their organisation, makes one; it must be as
 * complete as an approval of a held referral. Making it is a ledger event with the person as
 * actor, and closes the alerts the share raised.
 */
public class VitalInterestsRecords implements VitalInterestsAdministration {

    private static final Logger log = LoggerFactory.getLogger(VitalInterestsRecords.class);

    private final VitalInterestsStore store;
    private final Supplier<AgreementRegistry> agreements;
    private final EnvelopeCipher cipher;
    private final LedgerWriter ledger;
    private final Alerts alerts;
    private final TransactionTemplate transactions;
    private final Clock clock;

    public VitalInterestsRecords(VitalInterestsStore store, Supplier<AgreementRegistry> agreements,
                                 EnvelopeCipher cipher, LedgerWriter ledger, Alerts alerts,
                                 TransactionTemplate transactions, Clock clock) {
        this.store = Objects.requireNonNull(store);
        this.agreements = Objects.requireNonNull(agreements);
        this.cipher = Objects.requireNonNull(cipher);
        this.ledger = Objects.requireNonNull(ledger);
        this.alerts = Objects.requireNonNull(alerts);
        this.transactions = Objects.requireNonNull(transactions);
        this.clock = Objects.requireNonNull(clock);
    }

    /** The alert a share raises at once and the one it raises when overdue: the sender, and the obligation's id. */
    static Alerts.Key key(Obligation obligation) {
        return new Alerts.Key(obligation.sender(), obligation.id().toString());
    }

    @Override
    public List<OutstandingView> outstanding(Person caller) {
        Instant now = clock.instant();
        return store.outstanding().stream()
                .filter(o -> visibleTo(o, caller))
                .map(o -> new OutstandingView(o.id(), o.trackingId(), o.sender(), o.recipient(), o.purpose(),
                        o.agreementId(), o.agreementVersion(), o.flowId(), o.sharedAt(), o.recordDue(), o.overdue(now)))
                .toList();
    }

    @Override
    public RecordOutcome record(UUID id, DecisionRequest request, Person caller) {
        Optional<Obligation> found = store.find(id);
        if (found.isEmpty()) {
            return outcome(Result.NOT_FOUND, id, null, List.of());
        }
        Obligation obligation = found.get();
        // Scope first, as the list shows them: another organisation's share is answered as absent,
        // recorded or not, so neither its existence nor its state can be probed.
        if (!visibleTo(obligation, caller)) {
            return outcome(Result.NOT_FOUND, id, null, List.of());
        }
        if (obligation.state() != VitalInterestsStore.State.OUTSTANDING) {
            return outcome(Result.ALREADY_RECORDED, id, obligation.state().name(), List.of());
        }
        Optional<String> title = authorisedTitle(obligation, caller);
        if (title.isEmpty()) {
            return outcome(Result.NOT_AUTHORISED, id, obligation.state().name(), List.of("decisionMaker.title"));
        }
        if (request == null) {
            return outcome(Result.INCOMPLETE, id, obligation.state().name(), List.of("reason", "subjectInformed"));
        }
        Instant now = clock.instant();
        List<String> invalid = new ArrayList<>();
        OverrideRecord record = HeldDecisions.overrideRecord(request, caller, title.get(), now, invalid);
        if (record == null) {
            return outcome(Result.INCOMPLETE, id, obligation.state().name(), invalid);
        }
        OverrideRecord.Reason reason = record.reason();
        List<String> missing = record.missing(obligation.specialCategory(), now);
        if (!missing.isEmpty()) {
            return outcome(Result.INCOMPLETE, id, obligation.state().name(), missing);
        }
        byte[] sealed = cipher.seal(HeldDecisions.json(record), VitalInterestsStore.recordAad(id));
        Boolean recorded = transactions.execute(tx -> {
            if (store.lock(id).map(o -> o.state() != VitalInterestsStore.State.OUTSTANDING).orElse(true)) {
                return false;
            }
            store.record(id, caller.id(), now, record.decisionId(), reason.name(), sealed);
            ledger.record(LedgerEvent.forReferral(LedgerEventType.VITAL_INTERESTS_RECORDED, obligation.trackingId(),
                    caller.id(), obligation.sender(), obligation.recipient(), obligation.purpose(),
                    obligation.overdue(now) ? "RECORDED_LATE" : "RECORDED", reason.name(), obligation.generation(),
                    obligation.pseudonyms(), now).withDetails(HeldDecisions.decisionDetails(obligation.agreementId(),
                    obligation.agreementVersion(), obligation.flowId(), record.decisionId(), caller.id())));
            return true;
        });
        if (!Boolean.TRUE.equals(recorded)) {
            return outcome(Result.ALREADY_RECORDED, id, VitalInterestsStore.State.RECORDED.name(), List.of());
        }
        alerts.clear(AlertKind.VITAL_INTERESTS_SHARED, key(obligation));
        alerts.clear(AlertKind.VITAL_INTERESTS_RECORD_OVERDUE, key(obligation));
        log.info("Vital-interests share {} of referral {}: decision record {} made by {}", id, obligation.trackingId(),
                record.decisionId(), caller.id());
        return new RecordOutcome(Result.RECORDED, id, VitalInterestsStore.State.RECORDED.name(), record.decisionId(),
                now, List.of());
    }

    /**
     * Whether a share is the caller's business: their organisation sent it or may decide along its
     * flow; the hub-wide see every share.
     */
    private boolean visibleTo(Obligation obligation, Person caller) {
        return caller.hubWide() || obligation.senderOrganisation().equals(caller.organisation())
                || FlowAuthorisation.decidesFor(agreements.get(), List.of(flowKey(obligation)), caller);
    }

    /** The first of the caller's role titles the share's flow authorises in the caller's organisation. */
    private Optional<String> authorisedTitle(Obligation obligation, Person caller) {
        return FlowAuthorisation.authorisedTitle(agreements.get(), List.of(flowKey(obligation)), caller);
    }

    private static HeldDecisionStore.FlowKey flowKey(Obligation obligation) {
        return new HeldDecisionStore.FlowKey(obligation.agreementId(), obligation.agreementVersion(),
                obligation.flowId());
    }

    private static RecordOutcome outcome(Result result, UUID id, String state, List<String> fields) {
        return new RecordOutcome(result, id, state, null, null, fields);
    }
}
