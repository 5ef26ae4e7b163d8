package org.junction.hub.decisions;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;
import java.util.UUID;
import java.util.function.Supplier;
import org.junction.console.decisions.DecisionAdministration.DecisionRequest;
import org.junction.console.decisions.VitalInterestsAdministration;
import org.junction.hub.operations.AlertKind;
import org.junction.hub.operations.Alerts;
import org.junction.routes.decide.VitalInterestsStore;
import org.junction.routes.decide.VitalInterestsStore.Obligation;
import org.junction.security.audit.LedgerEvent;
import org.junction.security.audit.LedgerEventType;
import org.junction.security.audit.LedgerWriter;
import org.junction.security.crypto.EnvelopeCipher;
import org.junction.security.governance.agreement.AgreementRegistry;
import org.junction.security.governance.agreement.Flow;
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
    private static final ObjectMapper JSON = new ObjectMapper().findAndRegisterModules();

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
                .filter(o -> caller.hubWide() || o.senderOrganisation().equals(caller.organisation()))
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
        OverrideRecord.Reason reason = parse(OverrideRecord.Reason.class, request.reason(), "reason", invalid);
        OverrideRecord.SubjectInformed informed = parse(OverrideRecord.SubjectInformed.class,
                request.subjectInformed(), "subjectInformed", invalid);
        if (!invalid.isEmpty()) {
            return outcome(Result.INCOMPLETE, id, obligation.state().name(), invalid);
        }
        var risk = request.riskEvidence() == null ? null : new OverrideRecord.RiskEvidence(request.riskEvidence().tool(),
                request.riskEvidence().grade(), request.riskEvidence().assessor(),
                Boolean.TRUE.equals(request.riskEvidence().childProtectionConcern()),
                Boolean.TRUE.equals(request.riskEvidence().adultAtRiskTestMet()));
        var record = new OverrideRecord(UUID.randomUUID(), reason, request.basisCodes(), risk, request.justification(),
                new OverrideRecord.DecisionMaker(caller.id(), title.get(), caller.organisation(), caller.id()), now,
                informed, request.notInformedReason());
        List<String> missing = record.missing(obligation.specialCategory(), now);
        if (!missing.isEmpty()) {
            return outcome(Result.INCOMPLETE, id, obligation.state().name(), missing);
        }
        byte[] sealed = cipher.seal(json(record), VitalInterestsStore.recordAad(id));
        Boolean recorded = transactions.execute(tx -> {
            if (store.lock(id).map(o -> o.state() != VitalInterestsStore.State.OUTSTANDING).orElse(true)) {
                return false;
            }
            store.record(id, caller.id(), now, record.decisionId(), reason.name(), sealed);
            ledger.record(LedgerEvent.forReferral(LedgerEventType.VITAL_INTERESTS_RECORDED, obligation.trackingId(),
                    caller.id(), obligation.sender(), obligation.recipient(), obligation.purpose(),
                    obligation.overdue(now) ? "RECORDED_LATE" : "RECORDED", reason.name(), obligation.generation(),
                    obligation.pseudonyms(), now));
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

    /** The first of the caller's role titles the share's flow authorises in the caller's organisation. */
    private Optional<String> authorisedTitle(Obligation obligation, Person caller) {
        Optional<Flow> flow = agreements.get().flows().stream()
                .filter(af -> af.agreement().id().equals(obligation.agreementId())
                        && af.agreement().version() == obligation.agreementVersion()
                        && af.flow().id().equals(obligation.flowId()))
                .map(af -> af.flow()).findFirst();
        if (flow.isEmpty()) {
            return Optional.empty();
        }
        return caller.roleTitles().stream().sorted()
                .filter(t -> flow.get().authorises(caller.organisation(), t)).findFirst();
    }

    private static <E extends Enum<E>> E parse(Class<E> type, String value, String field, List<String> invalid) {
        if (value == null || value.isBlank()) {
            invalid.add(field);
            return null;
        }
        try {
            return Enum.valueOf(type, value.strip().toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException unknown) {
            invalid.add(field);
            return null;
        }
    }

    private static byte[] json(OverrideRecord record) {
        try {
            return JSON.writeValueAsBytes(record);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("decision record not serialisable", e);
        }
    }

    private static RecordOutcome outcome(Result result, UUID id, String state, List<String> fields) {
        return new RecordOutcome(result, id, state, null, null, fields);
    }
}
