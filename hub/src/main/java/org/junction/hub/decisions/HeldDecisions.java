package org.junction.hub.decisions;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.UUID;
import java.util.function.Supplier;
import org.junction.console.decisions.DecisionAdministration;
import org.junction.hub.audit.review.OverrideReviews;
import org.junction.routes.decide.DecideService;
import org.junction.routes.decide.HeldDecisionStore;
import org.junction.routes.decide.HeldDecisionStore.Held;
import org.junction.security.audit.LedgerDetails;
import org.junction.security.audit.LedgerEvent;
import org.junction.security.audit.LedgerEventType;
import org.junction.security.audit.LedgerWriter;
import org.junction.security.crypto.EnvelopeCipher;
import org.junction.security.governance.agreement.AgreementRegistry;
import org.junction.security.governance.agreement.AgreementRegistry.AgreementFlow;
import org.junction.security.governance.decision.OverrideRecord;
import org.junction.security.governance.decision.SharingOutcome;
import org.junction.security.identity.Person;
import org.junction.security.sharing.SharingDecisionStore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * The decision queue behind the decisions API. A person may decide a held referral only when its
 * flow authorises one of their role titles in their organisation; an approval is checked against
 * the decision procedure before anything is written, then recorded as a new generation of the
 * decision. Views, approvals and declines are ledger events with the person as actor.
 */
public class HeldDecisions implements DecisionAdministration {

    private static final Logger log = LoggerFactory.getLogger(HeldDecisions.class);
    private static final ObjectMapper JSON = new ObjectMapper().findAndRegisterModules();

    private final HeldDecisionStore held;
    private final Supplier<AgreementRegistry> agreements;
    private final DecideService decide;
    private final SharingDecisionStore decisions;
    private final EnvelopeCipher cipher;
    private final LedgerWriter ledger;
    private final TransactionTemplate transactions;
    private final Clock clock;
    private final OverrideReviews reviews;

    public HeldDecisions(HeldDecisionStore held, Supplier<AgreementRegistry> agreements, DecideService decide,
                         SharingDecisionStore decisions, EnvelopeCipher cipher, LedgerWriter ledger,
                         TransactionTemplate transactions, Clock clock, OverrideReviews reviews) {
        this.reviews = Objects.requireNonNull(reviews);
        this.held = Objects.requireNonNull(held);
        this.agreements = Objects.requireNonNull(agreements);
        this.decide = Objects.requireNonNull(decide);
        this.decisions = Objects.requireNonNull(decisions);
        this.cipher = Objects.requireNonNull(cipher);
        this.ledger = Objects.requireNonNull(ledger);
        this.transactions = Objects.requireNonNull(transactions);
        this.clock = Objects.requireNonNull(clock);
    }

    @Override
    public List<PendingView> pending(Person caller) {
        return held.pendingSingles().stream().filter(item -> authorisedTitle(item, caller).isPresent())
                .map(item -> viewed(item, caller)).toList();
    }

    @Override
    public List<PendingView> waiting(Person caller) {
        return held.pendingSingles().stream().filter(item -> authorisedTitle(item, caller).isPresent())
                .map(item -> view(item, null)).toList();
    }

    @Override
    public Optional<PendingView> pendingItem(UUID id, Person caller) {
        return held.find(id).filter(item -> item.state() == HeldDecisionStore.State.PENDING)
                .filter(item -> authorisedTitle(item, caller).isPresent())
                .map(item -> viewed(item, caller));
    }

    /** The item with its minimised payload, the showing recorded: what a person saw of a subject is itself audit. */
    private PendingView viewed(Held item, Person caller) {
        String payload = new String(cipher.open(item.minimisedPayload(), HeldDecisionStore.minimisedAad(item.id())),
                StandardCharsets.UTF_8);
        transactions.executeWithoutResult(tx -> ledger.record(new LedgerEvent(UUID.randomUUID(), null,
                LedgerEventType.DECISION_VIEWED, clock.instant(), caller.id(), item.trackingId(), item.sender(),
                item.recipient(), item.purpose(), "VIEWED", item.reasonCode(), item.generation(),
                item.pseudonyms())));
        return view(item, payload);
    }

    private static PendingView view(Held item, String payload) {
        return new PendingView(item.id(), item.trackingId(), item.sender(), item.recipient(), item.purpose(),
                item.agreementId(), item.agreementVersion(), item.flowId(), item.reasonCode(), item.waitingSince(),
                item.decideBy(), payload);
    }

    @Override
    public DecisionOutcome decide(UUID id, DecisionRequest request, Person caller) {
        Optional<Held> found = held.find(id);
        if (found.isEmpty()) {
            return outcome(Result.NOT_FOUND, id, null, null, null, List.of());
        }
        Held item = found.get();
        // Another organisation's item is answered as absent, decided or not: its fate is none of their business.
        if (!FlowAuthorisation.decidesFor(agreements.get(), List.of(flowKey(item)), caller)) {
            return outcome(Result.NOT_FOUND, id, null, null, null, List.of());
        }
        if (item.state() != HeldDecisionStore.State.PENDING) {
            return outcome(Result.ALREADY_DECIDED, id, item.state().name(), null, null, List.of());
        }
        Optional<String> title = authorisedTitle(item, caller);
        if (title.isEmpty()) {
            return outcome(Result.NOT_AUTHORISED, id, item.state().name(), null, null, List.of("decisionMaker.title"));
        }
        if (request == null || request.decision() == null) {
            return outcome(Result.INCOMPLETE, id, item.state().name(), null, null, List.of("decision"));
        }
        return switch (request.decision().toUpperCase(Locale.ROOT)) {
            case "DECLINE" -> decline(item, caller);
            case "APPROVE" -> approve(item, request, caller, title.get());
            default -> outcome(Result.INCOMPLETE, id, item.state().name(), null, null, List.of("decision"));
        };
    }

    @Override
    public List<OverrideView> overrides(Person caller) {
        AgreementRegistry registry = agreements.get();
        Map<UUID, OverrideReviews.Review> reviewed = reviews.all();
        return held.approved().stream()
                .filter(item -> reviewable(registry, item, caller))
                .map(item -> new OverrideView(item.id(), item.trackingId(), item.decisionId(), item.sender(),
                        item.recipient(), item.agreementId(), item.agreementVersion(), item.flowId(), item.reasonCode(),
                        item.decidedBy(), item.decidedAt(), Optional.ofNullable(reviewed.get(item.decisionId()))
                        .map(r -> new ReviewView(r.outcome(), r.reviewedBy(), r.reviewedAt())).orElse(null)))
                .toList();
    }

    private static boolean reviewable(AgreementRegistry registry, Held item, Person caller) {
        return caller.hubWide() || flowOf(registry, item)
                .map(af -> af.agreement().party(caller.organisation()).isPresent()).orElse(false);
    }

    @Override
    public ReviewOutcome review(UUID decisionId, ReviewRequest request, Person caller) {
        Optional<Held> found = held.approved().stream().filter(h -> decisionId.equals(h.decisionId())).findFirst();
        if (found.isEmpty() || !reviewable(agreements.get(), found.get(), caller)) {
            return new ReviewOutcome(ReviewResult.NOT_FOUND, decisionId, null, null, List.of());
        }
        List<String> invalid = new ArrayList<>();
        OverrideReviews.Outcome outcome = request == null ? null
                : parse(OverrideReviews.Outcome.class, request.outcome(), "outcome", invalid);
        if (request == null) {
            invalid.add("outcome");
        }
        String note = request == null || request.note() == null || request.note().isBlank() ? null
                : request.note().strip();
        if ((outcome == OverrideReviews.Outcome.CONCERN_RAISED && note == null)
                || (note != null && (note.length() < ReviewRequest.MIN_NOTE || note.length() > ReviewRequest.MAX_NOTE))) {
            invalid.add("note");
        }
        if (!invalid.isEmpty()) {
            return new ReviewOutcome(ReviewResult.INVALID, decisionId, null, null, invalid);
        }
        Held item = found.get();
        Instant now = clock.instant();
        UUID eventId;
        try {
            eventId = transactions.execute(tx -> reviews.record(new OverrideReviews.Reviewed(decisionId,
                    item.trackingId(), item.sender(), item.recipient(), item.purpose(), item.agreementId(),
                    item.agreementVersion(), item.flowId(), item.pseudonyms()), outcome, note, caller.id(), now));
        } catch (org.springframework.dao.DuplicateKeyException reviewedMeanwhile) {
            eventId = null;
        }
        if (eventId == null) {
            return new ReviewOutcome(ReviewResult.ALREADY_REVIEWED, decisionId, null, null, List.of());
        }
        log.info("Override {} reviewed by {}: {}", decisionId, caller.id(), outcome);
        return new ReviewOutcome(ReviewResult.REVIEWED, decisionId, outcome.name(), eventId, List.of());
    }

    private DecisionOutcome decline(Held item, Person caller) {
        Instant now = clock.instant();
        Integer generation = transactions.execute(tx -> {
            if (held.lock(item.id()).map(h -> h.state() != HeldDecisionStore.State.PENDING).orElse(true)) {
                return null;
            }
            int next = decisions.latestGeneration(item.trackingId(), item.recipient()) + 1;
            held.decide(item.id(), HeldDecisionStore.State.DECLINED, caller.id(), now, null, null, null);
            ledger.record(LedgerEvent.forReferral(LedgerEventType.DECISION_DECLINED, item.trackingId(), caller.id(),
                    item.sender(), item.recipient(), item.purpose(), "DECLINED", item.reasonCode(), next,
                    item.pseudonyms(), now).withDetails(heldDetails(item, null, caller.id())));
            decide.recordDeclined(item, next, caller.id());
            return next;
        });
        if (generation == null) {
            return outcome(Result.ALREADY_DECIDED, item.id(), current(item.id()), null, null, List.of());
        }
        log.info("Held decision {} declined by {} (generation {})", item.id(), caller.id(), generation);
        return new DecisionOutcome(Result.DECLINED, item.id(), HeldDecisionStore.State.DECLINED.name(), generation,
                "DENY", null, DecideService.DECLINED_BY_DECISION_MAKER, null, List.of());
    }

    private DecisionOutcome approve(Held item, DecisionRequest request, Person caller, String title) {
        Instant now = clock.instant();
        List<String> invalid = new ArrayList<>();
        OverrideRecord record = overrideRecord(request, caller, title, now, invalid);
        if (record == null) {
            return outcome(Result.INCOMPLETE, item.id(), item.state().name(), null, null, invalid);
        }
        OverrideRecord.Reason reason = record.reason();
        int probeGeneration = decisions.latestGeneration(item.trackingId(), item.recipient()) + 1;
        SharingOutcome probe = decide.decideHeld(item, probeGeneration, record, caller.id(), false);
        if (!probe.permits()) {
            List<String> missing = record.missing(probe.disclosure() != null && probe.disclosure().specialCategory(), now);
            if (!missing.isEmpty()) {
                return outcome(Result.INCOMPLETE, item.id(), item.state().name(), null, probe.reasonCode(), missing);
            }
            return outcome(Result.NOT_PERMITTED, item.id(), item.state().name(), null, probe.reasonCode(), List.of());
        }
        byte[] sealedRecord = cipher.seal(json(record), ("override|" + record.decisionId()).getBytes(StandardCharsets.UTF_8));
        SharingOutcome done = transactions.execute(tx -> {
            if (held.lock(item.id()).map(h -> h.state() != HeldDecisionStore.State.PENDING).orElse(true)) {
                return null;
            }
            int next = decisions.latestGeneration(item.trackingId(), item.recipient()) + 1;
            held.decide(item.id(), HeldDecisionStore.State.APPROVED, caller.id(), now, record.decisionId(),
                    reason.name(), sealedRecord);
            ledger.record(LedgerEvent.forReferral(LedgerEventType.DECISION_APPROVED, item.trackingId(), caller.id(),
                    item.sender(), item.recipient(), item.purpose(), "APPROVED", reason.name(), next,
                    item.pseudonyms(), now).withDetails(heldDetails(item, record.decisionId(), caller.id())));
            SharingOutcome outcome = decide.decideHeld(item, next, record, caller.id(), true);
            if (!outcome.permits()) {
                // Nothing changed between the check and now but the clock; never half-record an approval.
                throw new IllegalStateException("held decision " + item.id() + " no longer permits: "
                        + outcome.reasonCode());
            }
            return outcome;
        });
        if (done == null) {
            return outcome(Result.ALREADY_DECIDED, item.id(), current(item.id()), null, null, List.of());
        }
        decide.outboxWritten();
        int generation = decisions.latestGeneration(item.trackingId(), item.recipient());
        log.info("Held decision {} approved by {}: PERMIT {} (generation {})", item.id(), caller.id(),
                done.basisKind(), generation);
        return new DecisionOutcome(Result.APPROVED, item.id(), HeldDecisionStore.State.APPROVED.name(), generation,
                done.verdict().name(), done.basisKind().name(), done.reasonCode(), record.decisionId(), List.of());
    }

    /**
     * The override record of an approval, naming the caller; null, with the fields at fault added
     * to {@code invalid}, when the request lacks a reason or says nothing of telling the subject.
     */
    static OverrideRecord overrideRecord(DecisionRequest request, Person caller, String title, Instant now,
                                         List<String> invalid) {
        OverrideRecord.Reason reason = parse(OverrideRecord.Reason.class, request.reason(), "reason", invalid);
        OverrideRecord.SubjectInformed informed = parse(OverrideRecord.SubjectInformed.class,
                request.subjectInformed(), "subjectInformed", invalid);
        if (!invalid.isEmpty()) {
            return null;
        }
        var risk = request.riskEvidence() == null ? null : new OverrideRecord.RiskEvidence(request.riskEvidence().tool(),
                request.riskEvidence().grade(), request.riskEvidence().assessor(),
                Boolean.TRUE.equals(request.riskEvidence().childProtectionConcern()),
                Boolean.TRUE.equals(request.riskEvidence().adultAtRiskTestMet()));
        // The login id is the name the hub knows a person by; it is what the record names.
        return new OverrideRecord(UUID.randomUUID(), reason, request.basisCodes(), risk, request.justification(),
                new OverrideRecord.DecisionMaker(caller.id(), title, caller.organisation(), caller.id()), now, informed,
                request.notInformedReason());
    }

    private String current(UUID id) {
        return held.find(id).map(h -> h.state().name()).orElse(null);
    }

    /** The first of the caller's role titles the held item's flow authorises in the caller's organisation. */
    private Optional<String> authorisedTitle(Held item, Person caller) {
        return FlowAuthorisation.authorisedTitle(agreements.get(), List.of(flowKey(item)), caller);
    }

    private static HeldDecisionStore.FlowKey flowKey(Held item) {
        return new HeldDecisionStore.FlowKey(item.agreementId(), item.agreementVersion(), item.flowId());
    }

    private static Optional<AgreementFlow> flowOf(AgreementRegistry registry, Held item) {
        return registry.flows().stream()
                .filter(af -> af.agreement().id().equals(item.agreementId())
                        && af.agreement().version() == item.agreementVersion()
                        && af.flow().id().equals(item.flowId()))
                .findFirst();
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

    static byte[] json(OverrideRecord record) {
        try {
            return JSON.writeValueAsBytes(record);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("override record not serialisable", e);
        }
    }

    private static DecisionOutcome outcome(Result result, UUID id, String state, Integer generation, String reasonCode,
                                           List<String> fields) {
        return new DecisionOutcome(result, id, state, generation, null, null, reasonCode, null, fields);
    }

    /** The agreement a held referral waited under, the decision recorded (if any) and who took it. */
    private static LedgerDetails heldDetails(HeldDecisionStore.Held item, UUID decisionId, String decisionMaker) {
        return decisionDetails(item.agreementId(), item.agreementVersion(), item.flowId(), decisionId, decisionMaker);
    }

    /** The agreement and flow a decision by a person was taken under, the decision recorded (if any) and who took it. */
    static LedgerDetails decisionDetails(String agreementId, int agreementVersion, String flowId, UUID decisionId,
                                         String decisionMaker) {
        return new LedgerDetails(null, null, List.of(), agreementId, agreementVersion, flowId, null, decisionId,
                decisionMaker, List.of(), List.of());
    }
}
