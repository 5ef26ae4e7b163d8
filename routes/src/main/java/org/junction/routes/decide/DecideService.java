package org.junction.routes.decide;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.UUID;
import java.util.function.Supplier;
import org.junction.adapters.intake.DuplicateIds;
import org.junction.adapters.intake.IntakeService;
import org.junction.adapters.intake.OutboxRow;
import org.junction.adapters.intake.OutboxSignal;
import org.junction.adapters.intake.OutboxStore;
import org.junction.adapters.intake.Queues;
import org.junction.mappings.canonical.Referral;
import org.junction.mappings.fhir.Fhir;
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
import org.junction.security.sharing.SharingProcedure;
import org.junction.security.sharing.SharingRules;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * The decide stage for one intake message: record any consent the referral carries, decide per
 * recipient, and in the same database transaction write the decisions, their ledger events and
 * one encrypted dispatch outbox row per permitted recipient. A redelivered message finds its
 * decisions and does nothing, so nobody is decided for, or sent to, twice.
 */
public class DecideService {

    public static final String DISPATCH_STAGE = "dispatch";
    private static final Logger log = LoggerFactory.getLogger(DecideService.class);

    private final EnvelopeCipher cipher;
    private final Pseudonymiser pseudonymiser;
    private final ConsentStore consents;
    private final SharingDecisionStore decisions;
    private final Supplier<SharingRules> rules;
    private final OutboxStore outbox;
    private final LedgerWriter ledger;
    private final TransactionTemplate transactions;
    private final OutboxSignal signal;
    private final Clock clock;

    public DecideService(EnvelopeCipher cipher, Pseudonymiser pseudonymiser, ConsentStore consents,
                         SharingDecisionStore decisions, Supplier<SharingRules> rules, OutboxStore outbox,
                         LedgerWriter ledger, TransactionTemplate transactions, OutboxSignal signal, Clock clock) {
        this.cipher = Objects.requireNonNull(cipher);
        this.pseudonymiser = Objects.requireNonNull(pseudonymiser);
        this.consents = Objects.requireNonNull(consents);
        this.decisions = Objects.requireNonNull(decisions);
        this.rules = Objects.requireNonNull(rules);
        this.outbox = Objects.requireNonNull(outbox);
        this.ledger = Objects.requireNonNull(ledger);
        this.transactions = Objects.requireNonNull(transactions);
        this.signal = Objects.requireNonNull(signal);
        this.clock = Objects.requireNonNull(clock);
    }

    /** Decides generation {@code generation} of the referral sealed in {@code envelope}. */
    public void decide(UUID trackingId, int generation, byte[] envelope) {
        if (decisions.decided(trackingId, generation)) {
            log.info("Referral {} generation {} already decided; redelivery ignored", trackingId, generation);
            return;
        }
        byte[] bundleJson = cipher.open(envelope, IntakeService.associatedData(trackingId));
        Referral referral = Referral.of(Fhir.parseBundle(new String(bundleJson, StandardCharsets.UTF_8)));
        String sender = referral.senderPartnerId();
        List<String> pseudonyms = pseudonymiser.pseudonymsOf(referral.subjectIdentifiers());
        Instant now = clock.instant();

        transactions.executeWithoutResult(tx -> {
            if (decisions.decided(trackingId, generation)) {
                return;
            }
            List<ConsentRecord> known = new ArrayList<>(consents.forSubject(pseudonyms));
            referral.consent().ifPresent(consent -> {
                ConsentRecord embedded = recordEmbeddedConsent(referral, consent, pseudonyms, now);
                // A subject without identifiers has no stored consents to find: the referral's
                // own consent still counts for this referral.
                if (known.stream().noneMatch(c -> c.id().equals(embedded.id()))) {
                    known.add(embedded);
                }
            });
            List<SharingDecision> outcome = SharingProcedure.decide(rules.get(), sender, referral.purpose(), known, now);
            for (SharingDecision decision : outcome) {
                decisions.insert(trackingId, generation, decision, now);
                String recipient = SharingDecision.NO_RECIPIENT.equals(decision.recipientPartnerId())
                        ? null : decision.recipientPartnerId();
                ledger.record(LedgerEvent.forReferral(LedgerEventType.DECIDED, trackingId, "hub", sender, recipient,
                        referral.purpose(), decision.outcome().name(), decision.reasonCode(), generation, pseudonyms, now));
                if (decision.permits()) {
                    outbox.insert(new OutboxRow(0, trackingId, Queues.dispatch(recipient),
                            DuplicateIds.of(trackingId, DISPATCH_STAGE, recipient, generation), sender, recipient,
                            referral.correlationId().orElse(null), generation, referral.purpose(), pseudonyms,
                            cipher.seal(bundleJson, IntakeService.associatedData(trackingId, recipient)), now));
                }
                log.info("Referral {} for {}: {} ({})", trackingId, decision.recipientPartnerId(),
                        decision.outcome(), decision.reasonCode());
            }
        });
        signal.outboxWritten();
    }

    /**
     * Decides again for one recipient, as generation {@code generation}, under the rules and the
     * consents in force now: what a replay of a dead-lettered dispatch must pass. A consent
     * withdrawn since, or a flow no longer allowed, gives DENY and nothing is queued. Joins the
     * caller's transaction; the caller signals the outbox after it commits.
     */
    public SharingDecision redecide(UUID trackingId, String recipient, int generation, byte[] bundleJson, String actor) {
        Referral referral = Referral.of(Fhir.parseBundle(new String(bundleJson, StandardCharsets.UTF_8)));
        String sender = referral.senderPartnerId();
        List<String> pseudonyms = pseudonymiser.pseudonymsOf(referral.subjectIdentifiers());
        Instant now = clock.instant();
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
        SharingDecision decision = SharingProcedure.decide(rules.get(), sender, referral.purpose(), known, now).stream()
                .filter(d -> d.recipientPartnerId().equals(recipient)).findFirst()
                .orElse(new SharingDecision(recipient, SharingDecision.Outcome.DENY, SharingDecision.NO_SHARING_RULE));
        decisions.insert(trackingId, generation, decision, now);
        ledger.record(LedgerEvent.forReferral(LedgerEventType.DECIDED, trackingId, actor, sender, recipient,
                referral.purpose(), decision.outcome().name(), decision.reasonCode(), generation, pseudonyms, now));
        if (decision.permits()) {
            outbox.insert(new OutboxRow(0, trackingId, Queues.dispatch(recipient),
                    DuplicateIds.of(trackingId, DISPATCH_STAGE, recipient, generation), sender, recipient,
                    referral.correlationId().orElse(null), generation, referral.purpose(), pseudonyms,
                    cipher.seal(bundleJson, IntakeService.associatedData(trackingId, recipient)), now));
        }
        log.info("Referral {} for {} decided again as generation {}: {} ({})", trackingId, recipient, generation,
                decision.outcome(), decision.reasonCode());
        return decision;
    }

    /** Tells the relay that dispatch rows are waiting, once the caller's transaction has committed. */
    public void outboxWritten() {
        signal.outboxWritten();
    }

    private static UUID embeddedConsentId(Referral referral) {
        return UUID.nameUUIDFromBytes((referral.trackingId() + "/consent").getBytes(StandardCharsets.UTF_8));
    }

    /** Records that an intake message was dead-lettered, so its status reads FAILED instead of QUEUED for ever. */
    public void recordUndecidable(UUID trackingId, String reasonCode) {
        transactions.executeWithoutResult(tx -> ledger.record(LedgerEvent.forReferral(LedgerEventType.INTAKE_FAILED,
                trackingId, "hub", null, null, null, "FAILED", reasonCode, 1, List.of(), clock.instant())));
    }

    private ConsentRecord recordEmbeddedConsent(Referral referral, org.hl7.fhir.r4.model.Consent consent,
                                                List<String> pseudonyms, Instant now) {
        UUID consentId = embeddedConsentId(referral);
        var parsed = FhirConsents.readEmbedded(consent, referral.subjectIdentifiers(), consentId, now,
                "WITHDRAWN".equals(referral.consentStatus()));
        if (pseudonyms.isEmpty()) {
            return parsed.record();
        }
        byte[] sealed = cipher.seal(Fhir.toJson(consent).getBytes(StandardCharsets.UTF_8),
                ("consent|" + consentId).getBytes(StandardCharsets.UTF_8));
        if (consents.save(parsed.record(), pseudonyms, "referral", referral.senderPartnerId(), sealed)) {
            ledger.record(LedgerEvent.forReferral(LedgerEventType.CONSENT_RECORDED, referral.trackingId(),
                    referral.senderPartnerId(), referral.senderPartnerId(), null, referral.purpose(),
                    parsed.record().provision().name(), null, 1, pseudonyms, now));
        }
        return parsed.record();
    }
}
