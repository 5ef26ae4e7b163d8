package org.junction.routes.decide;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.UUID;
import org.hl7.fhir.r4.model.Bundle;
import org.junction.adapters.intake.BundleHandOffs;
import org.junction.adapters.intake.DuplicateIds;
import org.junction.adapters.intake.IntakeService;
import org.junction.adapters.intake.OutboxRow;
import org.junction.adapters.intake.Priorities;
import org.junction.routes.deliver.DispatchOrder;
import org.junction.routes.relay.OutboxMessages;
import org.junction.adapters.intake.OutboxSignal;
import org.junction.adapters.intake.OutboxStore;
import org.junction.adapters.intake.Queues;
import org.junction.mappings.MappingContext;
import org.junction.mappings.canonical.Referral;
import org.junction.mappings.canonical.ReferralBundles;
import org.junction.mappings.canonical.ReferralModel;
import org.junction.security.governance.agreement.AgreementRegistry;
import org.junction.security.governance.agreement.Recipient;
import org.junction.security.governance.agreement.RecipientKind;
import org.junction.security.governance.decision.BasisKind;
import org.junction.security.governance.decision.DecisionInput;
import org.junction.security.governance.decision.DecisionProcedure;
import org.junction.security.governance.decision.OverrideRecord;
import org.junction.security.governance.decision.ReasonCodes;
import org.junction.security.governance.decision.SharingOutcome;
import org.junction.security.governance.decision.Verdict;
import org.junction.security.governance.routing.RecipientResolver;
import org.junction.mappings.fhir.Fhir;
import org.junction.security.audit.LedgerDetails;
import org.junction.security.audit.LedgerEvent;
import org.junction.security.audit.LedgerEventType;
import org.junction.security.audit.LedgerWriter;
import org.junction.security.consent.ConsentRecord;
import org.junction.security.consent.ConsentStore;
import org.junction.security.consent.FhirConsents;
import org.junction.security.crypto.EnvelopeCipher;
import org.junction.security.pseudonym.Pseudonymiser;
import org.junction.security.sharing.SharingDecision;
import org.junction.security.sharing.SharingDecisionStore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * The decide stage for one intake message: record any consent the referral carries, decide per
 * recipient under the information sharing agreements, and in the same database transaction write
 * the decisions, their ledger events and one encrypted dispatch outbox row per permitted
 * recipient, holding the referral minimised to that recipient's flow. A referral waiting for a
 * person's decision is held. A redelivered message finds its
 * decisions and does nothing, so nobody is decided for, or sent to, twice.
 */
public class DecideService {

    public static final String DISPATCH_STAGE = "dispatch";
    /** The reason code of a held referral a decision-maker declined to share. */
    public static final String DECLINED_BY_DECISION_MAKER = "DECLINED_BY_DECISION_MAKER";
    /** The reason code of a referral naming a recipient that is not a configured partner. */
    public static final String UNKNOWN_RECIPIENT = "UNKNOWN_RECIPIENT";
    /** The actor of the hub's own decisions; any other actor is the person who decided. */
    private static final String HUB_ACTOR = "hub";
    private static final Logger log = LoggerFactory.getLogger(DecideService.class);

    private final EnvelopeCipher cipher;
    private final Pseudonymiser pseudonymiser;
    private final ConsentStore consents;
    private final SharingDecisionStore decisions;
    private final OutboxStore outbox;
    private final LedgerWriter ledger;
    private final TransactionTemplate transactions;
    private final OutboxSignal signal;
    private final DispatchOrder order;
    private final BundleHandOffs handOffs;
    private final Clock clock;
    private final Governance governance;

    public DecideService(EnvelopeCipher cipher, Pseudonymiser pseudonymiser, ConsentStore consents,
                         SharingDecisionStore decisions, OutboxStore outbox, LedgerWriter ledger,
                         TransactionTemplate transactions, OutboxSignal signal, DispatchOrder order,
                         BundleHandOffs handOffs, Clock clock, Governance governance) {
        this.cipher = Objects.requireNonNull(cipher);
        this.pseudonymiser = Objects.requireNonNull(pseudonymiser);
        this.consents = Objects.requireNonNull(consents);
        this.decisions = Objects.requireNonNull(decisions);
        this.outbox = Objects.requireNonNull(outbox);
        this.ledger = Objects.requireNonNull(ledger);
        this.transactions = Objects.requireNonNull(transactions);
        this.signal = Objects.requireNonNull(signal);
        this.order = Objects.requireNonNull(order);
        this.handOffs = Objects.requireNonNull(handOffs);
        this.clock = Objects.requireNonNull(clock);
        this.governance = Objects.requireNonNull(governance);
    }

    /**
     * Decides generation {@code generation} of the referral sealed in {@code envelope}; the relay
     * sends the dispatches.
     */
    public void decide(UUID trackingId, int generation, byte[] envelope) {
        decide(trackingId, generation, envelope, null);
    }

    /**
     * Decides generation {@code generation} of the referral sealed in {@code envelope}, and claims
     * the dispatch rows it writes until {@code claimUntil}, their QUEUED events recorded with them:
     * the caller sends them in the broker transaction that takes the intake message, then tells the
     * relay that the broker has them. Should that commit fail, or its outcome be unknown (a failover
     * during it), the caller ends the claims itself ({@link #releaseClaims}) and the relay sends the
     * rows, which the broker drops as repeats if it has them. Should it never happen (the hub stopped
     * first), the intake message comes again and its redelivery here ends the claims.
     *
     * @return the claimed dispatch rows, in the order they were written; empty when nothing is to be
     *         sent, or when this generation was decided before
     */
    public List<OutboxRow> decideClaiming(UUID trackingId, int generation, byte[] envelope, Instant claimUntil) {
        List<OutboxRow> claimed = new ArrayList<>();
        decide(trackingId, generation, envelope, new Claim(Objects.requireNonNull(claimUntil), claimed));
        return claimed;
    }

    /** Dispatch rows written in one decision and claimed by its caller until {@code until}. */
    private record Claim(Instant until, List<OutboxRow> rows) {
    }

    private void decide(UUID trackingId, int generation, byte[] envelope, Claim claim) {
        byte[] bundleJson = cipher.open(envelope, IntakeService.associatedData(trackingId));
        Bundle bundle = handOffs.toDecide().take(BundleHandOffs.intakeKey(trackingId, generation), envelope)
                .orElseGet(() -> Fhir.parseBundle(new String(bundleJson, StandardCharsets.UTF_8)));
        Referral referral = Referral.of(bundle);
        List<String> pseudonyms = pseudonymiser.pseudonymsOf(referral.subjectIdentifiers());
        Instant now = clock.instant();

        // Checked only here, inside the decision's transaction and in the statement that reads the
        // subject's consents: a redelivery is rare, and opening its envelope again costs less than
        // a statement of its own on every message.
        Boolean decided = transactions.execute(tx -> {
            var onRecord = decisions.consentsUnlessDecided(trackingId, generation, pseudonyms);
            if (onRecord.isEmpty()) {
                return false;
            }
            List<ConsentRecord> stored = onRecord.get();
            List<ConsentRecord> known = new ArrayList<>(stored);
            referral.consent().ifPresent(consent -> {
                ConsentRecord embedded = recordEmbeddedConsent(referral, consent, pseudonyms, stored, now);
                // A subject without identifiers has no stored consents to find: the referral's
                // own consent still counts for this referral.
                if (known.stream().noneMatch(c -> c.id().equals(embedded.id()))) {
                    known.add(embedded);
                }
            });
            decideUnderAgreements(trackingId, generation, referral, bundleJson, known, pseudonyms, now, claim);
            return true;
        });
        if (Boolean.TRUE.equals(decided)) {
            // Claimed rows are the caller's to send; anything else written goes by the relay.
            if (claim == null || claim.rows().isEmpty()) {
                signal.outboxWritten();
            }
            return;
        }
        // Decided before, and the intake message is here again: the broker transaction that was
        // to send the claimed dispatches did not commit, so they go by the relay, now.
        int released = releaseClaims(trackingId, generation);
        log.info("Referral {} generation {} already decided; redelivery ignored ({} claimed dispatches released)",
                trackingId, generation, released);
    }

    /**
     * Hands a referral's claimed dispatches to the relay, which sends them at once: for a caller
     * whose broker transaction did not commit them, or may not have (see {@link #decideClaiming}).
     * Returns how many were still claimed.
     */
    public int releaseClaims(UUID trackingId, int generation) {
        int released = outbox.releaseClaims(trackingId, generation, clock.instant());
        if (released > 0) {
            signal.outboxWritten();
        }
        return released;
    }

    /**
     * Decides again for one recipient, as generation {@code generation}, under the agreements and
     * the consents in force now: what a replay of a dead-lettered dispatch must pass. A consent
     * withdrawn since, or a flow no longer allowed, gives DENY and nothing is queued. Joins the
     * caller's transaction; the caller signals the outbox after it commits.
     */
    public SharingDecision redecide(UUID trackingId, String recipient, int generation, byte[] bundleJson, String actor) {
        Referral referral = Referral.of(Fhir.parseBundle(new String(bundleJson, StandardCharsets.UTF_8)));
        String sender = referral.senderPartnerId();
        List<String> pseudonyms = pseudonymiser.pseudonymsOf(referral.subjectIdentifiers());
        Instant now = clock.instant();
        List<ConsentRecord> known = knownConsents(referral, pseudonyms, now);
        SharingOutcome outcome = redecideUnderAgreements(trackingId, recipient, generation, referral, known,
                pseudonyms, null, actor, now, true);
        // A replay is sent or not: one that would now wait for a person is not sent.
        return new SharingDecision(recipient, outcome.permits() ? SharingDecision.Outcome.PERMIT
                : SharingDecision.Outcome.DENY, outcome.reasonCode());
    }

    /**
     * Decides a held referral again for its recipient as generation {@code generation}, with the
     * decision-maker's override record, under the agreements and consents in force now. Joins the
     * caller's transaction; the caller signals the outbox after it commits. Anything but PERMIT
     * queues nothing.
     *
     * @param write false to learn the outcome without recording or queueing anything (to check a request first)
     */
    public SharingOutcome decideHeld(HeldDecisionStore.Held held, int generation, OverrideRecord override,
                                     String actor, boolean write) {
        byte[] bundleJson = cipher.open(held.referralPayload(), HeldDecisionStore.referralAad(held.id()));
        Referral referral = Referral.of(Fhir.parseBundle(new String(bundleJson, StandardCharsets.UTF_8)));
        Instant now = clock.instant();
        return redecideUnderAgreements(held.trackingId(), held.recipient(), generation, referral,
                knownConsents(referral, held.pseudonyms(), now), held.pseudonyms(), override, actor, now, write);
    }

    /**
     * Decides one row of a batch a decision-maker approved, as generation {@code generation}, with
     * the batch's override record, under the agreements and consents in force now. PERMIT queues
     * the row for its recipient; anything else is recorded as a DENY with the procedure's reason
     * (a row the batch's record does not cover, say, a withdrawn consent), so a batch approval
     * never leaves a row waiting on a decision already taken. Joins the caller's transaction; the
     * caller signals the outbox after it commits.
     */
    public SharingOutcome decideHeldInBatch(HeldDecisionStore.Held held, int generation, OverrideRecord override,
                                            String actor) {
        byte[] bundleJson = cipher.open(held.referralPayload(), HeldDecisionStore.referralAad(held.id()));
        Referral referral = Referral.of(Fhir.parseBundle(new String(bundleJson, StandardCharsets.UTF_8)));
        Instant now = clock.instant();
        SharingOutcome outcome = redecideUnderAgreements(held.trackingId(), held.recipient(), generation, referral,
                knownConsents(referral, held.pseudonyms(), now), held.pseudonyms(), override, actor, now, false);
        if (outcome.verdict() == Verdict.HOLD) {
            decisions.insert(held.trackingId(), generation, new SharingDecision(held.recipient(),
                    SharingDecision.Outcome.DENY, outcome.reasonCode()), now);
            ledger.record(LedgerEvent.forReferral(LedgerEventType.DECIDED, held.trackingId(), actor, held.sender(),
                    held.recipient(), held.purpose(), Verdict.DENY.name(), outcome.reasonCode(), generation,
                    held.pseudonyms(), now).withDetails(heldDetails(held, override.decisionId(), actor)));
        } else {
            record(held.trackingId(), generation, referral, outcome, held.pseudonyms(), actor);
        }
        return outcome;
    }

    /** Records a decline of a held referral: a DENY of a new generation, nothing sent. */
    public void recordDeclined(HeldDecisionStore.Held held, int generation, String actor) {
        Instant now = clock.instant();
        decisions.insert(held.trackingId(), generation, new SharingDecision(held.recipient(),
                SharingDecision.Outcome.DENY, DECLINED_BY_DECISION_MAKER), now);
        ledger.record(LedgerEvent.forReferral(LedgerEventType.DECIDED, held.trackingId(), actor, held.sender(),
                held.recipient(), held.purpose(), Verdict.DENY.name(), DECLINED_BY_DECISION_MAKER, generation,
                held.pseudonyms(), now).withDetails(heldDetails(held, null, actor)));
    }

    /** The agreement and flow a held referral waited under, the decision recorded (if any) and who took it. */
    private static LedgerDetails heldDetails(HeldDecisionStore.Held held, UUID decisionId, String decisionMaker) {
        return new LedgerDetails(null, null, List.of(), held.agreementId(), held.agreementVersion(), held.flowId(),
                null, decisionId, decisionMaker, List.of(), List.of());
    }

    private List<ConsentRecord> knownConsents(Referral referral, List<String> pseudonyms, Instant now) {
        List<ConsentRecord> known = new ArrayList<>(consents.forSubject(pseudonyms));
        referral.consent().ifPresent(consent -> {
            // Stored when the referral was first decided, unless the subject had no identifier to
            // file it under: then only the referral itself carries it.
            UUID consentId = embeddedConsentId(referral);
            if (known.stream().noneMatch(c -> c.id().equals(consentId))) {
                known.add(FhirConsents.readEmbedded(consent, referral.subjectIdentifiers(), consentId, now,
                        "WITHDRAWN".equals(referral.consentStatus())).record());
            }
        });
        return known;
    }

    /**
     * Per recipient the flows reach, the decision procedure: PERMIT queues the minimised referral,
     * HOLD keeps it (sealed) for a decision-maker, DENY sends nothing. Every outcome is recorded
     * with what it rested on, and in the ledger.
     */
    private void decideUnderAgreements(UUID trackingId, int generation, Referral referral, byte[] bundleJson,
                                       List<ConsentRecord> known, List<String> pseudonyms, Instant now, Claim claim) {
        AgreementRegistry registry = governance.agreements().get();
        Map<String, Recipient> partners = governance.recipients().get();
        ReferralModel model = referral.model();
        String sender = referral.senderPartnerId();
        DecisionInput input = input(trackingId, referral, model, known, now);
        // Every flow, in force or not: a recipient under an agreement not (yet) in force is denied
        // with the agreement's own reason instead of silently never considered.
        var resolution = RecipientResolver.resolve(new RecipientResolver.Request(sender, model.purpose(),
                model.referralType(), requestedKind(model), model.requestedRecipient()), model, registry.flows(),
                partners, governance.routing().get());
        if (resolution.unknown() != null) {
            decisions.insert(trackingId, generation, new SharingDecision(SharingDecision.NO_RECIPIENT,
                    SharingDecision.Outcome.DENY, UNKNOWN_RECIPIENT), now);
            ledger.record(LedgerEvent.forReferral(LedgerEventType.DECIDED, trackingId, "hub", sender, null,
                    referral.purpose(), Verdict.DENY.name(), UNKNOWN_RECIPIENT, generation, pseudonyms, now));
            log.info("Referral {}: the named recipient is not a configured partner ({})", trackingId, UNKNOWN_RECIPIENT);
            return;
        }
        if (resolution.recipients().isEmpty() && resolution.misdirected().isEmpty()) {
            decisions.insert(trackingId, generation, new SharingDecision(SharingDecision.NO_RECIPIENT,
                    SharingDecision.Outcome.DENY, ReasonCodes.NO_ISA), now);
            ledger.record(LedgerEvent.forReferral(LedgerEventType.DECIDED, trackingId, "hub", sender, null,
                    referral.purpose(), Verdict.DENY.name(), ReasonCodes.NO_ISA, generation, pseudonyms, now));
            log.info("Referral {}: no flow reaches any recipient (NO_ISA)", trackingId);
            return;
        }
        for (Recipient recipient : resolution.recipients()) {
            decideFor(registry, input, recipient, false, trackingId, generation, referral, bundleJson, pseudonyms, now,
                    claim);
        }
        // A named recipient outside the subject's area: a person checks before anything goes.
        for (Recipient recipient : resolution.misdirected()) {
            decideFor(registry, input, recipient, true, trackingId, generation, referral, bundleJson, pseudonyms, now,
                    claim);
        }
    }

    private void decideFor(AgreementRegistry registry, DecisionInput input, Recipient recipient, boolean misdirected,
                           UUID trackingId, int generation, Referral referral, byte[] bundleJson,
                           List<String> pseudonyms, Instant now, Claim claim) {
        SharingOutcome outcome = DecisionProcedure.decide(registry, input, recipient, misdirected);
        record(trackingId, generation, referral, outcome, pseudonyms, "hub", claim);
        if (outcome.verdict() == Verdict.HOLD) {
            hold(trackingId, generation, referral, bundleJson, outcome, pseudonyms, now);
        }
    }

    /** The recipient kind the sender asked for, as the governance knows kinds; null when none (or not one it knows). */
    private static RecipientKind requestedKind(ReferralModel model) {
        if (model.requestedRecipientKind() == null) {
            return null;
        }
        try {
            return RecipientKind.valueOf(model.requestedRecipientKind());
        } catch (IllegalArgumentException unknown) {
            return null;
        }
    }

    private SharingOutcome redecideUnderAgreements(UUID trackingId, String recipientId, int generation,
                                                   Referral referral, List<ConsentRecord> known,
                                                   List<String> pseudonyms, OverrideRecord override, String actor,
                                                   Instant now, boolean write) {
        AgreementRegistry registry = governance.agreements().get();
        Recipient recipient = governance.recipients().get().get(recipientId);
        if (recipient == null) {
            // The partner is no longer configured as a recipient: nothing can reach it.
            recipient = new Recipient(recipientId, recipientId, RecipientKind.VOLUNTEER);
        }
        DecisionInput input = input(trackingId, referral, referral.model(), known, now).withOverride(override);
        SharingOutcome outcome = DecisionProcedure.decide(registry, input, recipient);
        if (write) {
            record(trackingId, generation, referral, outcome, pseudonyms, actor);
        }
        return outcome;
    }

    private DecisionInput input(UUID trackingId, Referral referral, ReferralModel model, List<ConsentRecord> known,
                                Instant now) {
        String sender = referral.senderPartnerId();
        Instant received = referral.bundle().getTimestamp() == null ? now : referral.bundle().getTimestamp().toInstant();
        return new DecisionInput(trackingId, referral.correlationId().orElse(null), sender,
                governance.organisationOf().apply(sender), model, known, null, model.immediateRiskToLife(), received,
                now);
    }

    /** The decision row, its ledger event and, for a PERMIT, the minimised referral's dispatch. */
    private void record(UUID trackingId, int generation, Referral referral, SharingOutcome outcome,
                        List<String> pseudonyms, String actor) {
        record(trackingId, generation, referral, outcome, pseudonyms, actor, null);
    }

    /** @param claim where the dispatch row is claimed by the caller, who sends it; null for the relay to send it */
    private void record(UUID trackingId, int generation, Referral referral, SharingOutcome outcome,
                        List<String> pseudonyms, String actor, Claim claim) {
        String sender = referral.senderPartnerId();
        String recipient = outcome.recipient().partnerId();
        decisions.insert(trackingId, generation, outcome);
        ledger.record(LedgerEvent.forReferral(LedgerEventType.DECIDED, trackingId, actor, sender, recipient,
                referral.purpose(), outcome.verdict().name(), outcome.reasonCode(), generation, pseudonyms,
                outcome.decidedAt()).withDetails(outcome.ledgerDetails(referral.correlationId().orElse(null),
                HUB_ACTOR.equals(actor) ? null : actor, referral.model().restrictedDisclosure())));
        if (outcome.permits()) {
            Bundle minimised = minimisedBundle(trackingId, referral, outcome);
            byte[] sealed = cipher.seal(Fhir.toJson(minimised).getBytes(StandardCharsets.UTF_8),
                    IntakeService.associatedData(trackingId, recipient));
            OutboxRow row = new OutboxRow(0, trackingId, Queues.dispatch(recipient),
                    DuplicateIds.of(trackingId, DISPATCH_STAGE, recipient, generation), sender, recipient,
                    referral.correlationId().orElse(null), generation, referral.purpose(), pseudonyms, sealed,
                    outcome.decidedAt(), Priorities.of(referral));
            if (claim != null) {
                row = row.claimedUntil(claim.until());
                claim.rows().add(row);
            }
            outbox.insert(row);
            // Handed over before the commit: the entry answers only to this very envelope, so should the
            // transaction roll back, no message ever carries it and it ages out unused.
            handOffs.toDeliver().put(BundleHandOffs.dispatchKey(trackingId, recipient, generation), sealed, minimised);
            order.record(trackingId, recipient, generation, pseudonyms);
            if (claim != null) {
                // Queued as far as the hub is concerned: the row is committed with the decision, and
                // the caller's broker transaction or, failing that, the relay sends it.
                ledger.record(OutboxMessages.queuedEvent(row, clock.instant()));
            }
        }
        if (outcome.basisKind() == BasisKind.VITAL_INTERESTS) {
            owesRecord(trackingId, generation, referral, outcome, pseudonyms);
        }
        log.info("Referral {} for {} generation {}: {} ({}, agreement {} v{}, flow {})", trackingId, recipient,
                generation, outcome.verdict(), outcome.reasonCode(), outcome.agreementId(), outcome.agreementVersion(),
                outcome.flowId());
    }

    /**
     * A share on vital interests went without consent or a person's decision: the decision record
     * is owed afterwards, by the time the flow sets. Once per referral and recipient.
     */
    private void owesRecord(UUID trackingId, int generation, Referral referral, SharingOutcome outcome,
                            List<String> pseudonyms) {
        if (governance.vitalInterests() == null) {
            return;
        }
        String sender = referral.senderPartnerId();
        String recipient = outcome.recipient().partnerId();
        var obligation = new VitalInterestsStore.Obligation(VitalInterestsStore.idOf(trackingId, recipient), trackingId,
                recipient, sender, governance.organisationOf().apply(sender), referral.purpose(), generation,
                outcome.agreementId(), outcome.agreementVersion(), outcome.flowId(),
                outcome.disclosure() != null && outcome.disclosure().specialCategory(), pseudonyms,
                outcome.decidedAt(), outcome.retrospectiveRecordDue(), VitalInterestsStore.State.OUTSTANDING, null,
                null, null);
        if (governance.vitalInterests().insertIfAbsent(obligation)) {
            ledger.record(LedgerEvent.forReferral(LedgerEventType.VITAL_INTERESTS_RECORD_DUE, trackingId, "hub", sender,
                    recipient, referral.purpose(), "DUE", ReasonCodes.VITAL_INTERESTS, generation, pseudonyms,
                    outcome.decidedAt()));
            governance.onVitalInterests().accept(obligation);
        }
    }

    private void hold(UUID trackingId, int generation, Referral referral, byte[] bundleJson, SharingOutcome outcome,
                      List<String> pseudonyms, Instant now) {
        UUID id = UUID.nameUUIDFromBytes((trackingId + "|held|" + outcome.recipient().partnerId() + "|" + generation)
                .getBytes(StandardCharsets.UTF_8));
        var held = new HeldDecisionStore.Held(id, trackingId, outcome.recipient().partnerId(),
                referral.senderPartnerId(), referral.purpose(), generation, outcome.agreementId(),
                outcome.agreementVersion(), outcome.flowId(), outcome.reasonCode(), pseudonyms,
                cipher.seal(bundleJson, HeldDecisionStore.referralAad(id)),
                cipher.seal(Fhir.toJson(minimisedBundle(trackingId, referral, outcome))
                        .getBytes(StandardCharsets.UTF_8), HeldDecisionStore.minimisedAad(id)), now,
                outcome.decisionDueBy(), HeldDecisionStore.State.PENDING, null, null, null,
                referral.bulkBatch().orElse(null));
        governance.held().insert(held);
        governance.onHold().accept(held);
    }

    /**
     * The canonical Bundle of what the recipient may have, built the way intake builds every
     * referral, so the recipient's renderer reads it like any other.
     */
    private static Bundle minimisedBundle(UUID trackingId, Referral referral, SharingOutcome outcome) {
        Instant received = referral.bundle().getTimestamp() == null ? outcome.decidedAt()
                : referral.bundle().getTimestamp().toInstant();
        var context = new MappingContext(trackingId, referral.senderPartnerId(), null,
                referral.correlationId().orElse(null), received);
        return ReferralBundles.toBundle(outcome.disclosure().referral(), context);
    }

    /** Tells the relay that dispatch rows are waiting, once the caller's transaction has committed. */
    public void outboxWritten() {
        signal.outboxWritten();
    }

    private static LedgerDetails consentDetails(UUID consentId) {
        return new LedgerDetails(null, null, List.of(), null, null, null, consentId, null, null, List.of(), List.of());
    }

    private static UUID embeddedConsentId(Referral referral) {
        return UUID.nameUUIDFromBytes((referral.trackingId() + "/consent").getBytes(StandardCharsets.UTF_8));
    }

    /** Records that an intake message was dead-lettered, so its status reads FAILED instead of QUEUED for ever. */
    public void recordUndecidable(UUID trackingId, String reasonCode) {
        transactions.executeWithoutResult(tx -> ledger.record(LedgerEvent.forReferral(LedgerEventType.INTAKE_FAILED,
                trackingId, "hub", null, null, null, "FAILED", reasonCode, 1, List.of(), clock.instant())));
    }

    /** @param stored the consents already on record for the subject, read in the same transaction */
    private ConsentRecord recordEmbeddedConsent(Referral referral, org.hl7.fhir.r4.model.Consent consent,
                                                List<String> pseudonyms, List<ConsentRecord> stored, Instant now) {
        UUID consentId = embeddedConsentId(referral);
        var parsed = FhirConsents.readEmbedded(consent, referral.subjectIdentifiers(), consentId, now,
                "WITHDRAWN".equals(referral.consentStatus()));
        if (pseudonyms.isEmpty()) {
            return parsed.record();
        }
        byte[] sealed = cipher.seal(Fhir.toJson(consent).getBytes(StandardCharsets.UTF_8),
                ("consent|" + consentId).getBytes(StandardCharsets.UTF_8));
        LedgerEventType type = parsed.record().withdraws(stored)
                ? LedgerEventType.CONSENT_WITHDRAWN : LedgerEventType.CONSENT_RECORDED;
        if (consents.save(parsed.record(), pseudonyms, "referral", referral.senderPartnerId(), sealed)) {
            ledger.record(LedgerEvent.forReferral(type, referral.trackingId(),
                    referral.senderPartnerId(), referral.senderPartnerId(), null, referral.purpose(),
                    parsed.record().provision().name(), null, 1, pseudonyms, now)
                    .withDetails(consentDetails(consentId)));
        }
        return parsed.record();
    }
}
