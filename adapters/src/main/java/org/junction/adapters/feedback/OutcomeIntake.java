package org.junction.adapters.feedback;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.UUID;
import org.hl7.fhir.r4.model.Bundle;
import org.junction.adapters.intake.IntakeRequest;
import org.junction.mappings.InboundMapper;
import org.junction.mappings.MappingContext;
import org.junction.mappings.fhir.Fhir;
import org.junction.mappings.outcome.Outcome;
import org.junction.mappings.outcome.OutcomeModel;
import org.junction.mappings.problem.MappingException;
import org.junction.mappings.problem.Violation;
import org.junction.security.audit.LedgerEvent;
import org.junction.security.audit.LedgerEventType;
import org.junction.security.audit.LedgerWriter;
import org.junction.security.crypto.EnvelopeCipher;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Takes in what a recipient reports about a referral the hub delivered to it: maps it to the
 * canonical outcome message, links it to that referral, and commits the encrypted outcome with its
 * OUTCOME_RECEIVED ledger event in one transaction. The outcome is linked only when the hub
 * delivered the referral to the partner reporting on it; otherwise it is refused exactly as an
 * outcome naming no referral at all, so nobody learns of referrals sent to others.
 *
 * <p>Idempotent per (sender, request id), as referral intake is: a repeat stores nothing new and
 * answers the original outcome.
 */
public class OutcomeIntake {

    private static final Logger log = LoggerFactory.getLogger(OutcomeIntake.class);

    private final OutcomeStore store;
    private final ReferralReferences references;
    private final EnvelopeCipher cipher;
    private final LedgerWriter ledger;
    private final TransactionTemplate transactions;
    private final Clock clock;

    public OutcomeIntake(OutcomeStore store, ReferralReferences references, EnvelopeCipher cipher, LedgerWriter ledger,
                         TransactionTemplate transactions, Clock clock) {
        this.store = Objects.requireNonNull(store);
        this.references = Objects.requireNonNull(references);
        this.cipher = Objects.requireNonNull(cipher);
        this.ledger = Objects.requireNonNull(ledger);
        this.transactions = Objects.requireNonNull(transactions);
        this.clock = Objects.requireNonNull(clock);
    }

    /**
     * @throws MappingException the input is malformed or breaks a rule: nothing stored
     * @throws UnlinkedOutcomeException it names no referral delivered to this sender: nothing stored
     * @throws IllegalArgumentException the mapper is not an outcome format
     */
    public OutcomeReceipt accept(String senderPartnerId, IntakeRequest request) {
        InboundMapper mapper = request.mapper();
        if (!OutcomeFormats.isOutcome(mapper.id())) {
            throw new IllegalArgumentException(mapper.id() + " is not an outcome format");
        }
        var earlier = store.findByRequest(senderPartnerId, request.requestId());
        if (earlier.isPresent()) {
            return new OutcomeReceipt(earlier.get().outcomeId(), earlier.get().referralTrackingId(), true);
        }
        UUID outcomeId = UUID.randomUUID();
        Instant receivedAt = clock.instant();
        Bundle bundle = mapper.map(request.body(), new MappingContext(outcomeId, senderPartnerId, request.requestId(),
                request.correlationId(), receivedAt));
        OutcomeModel model = Outcome.of(bundle).model();
        UUID referral;
        OutcomeStore.ReferralFacts facts;
        try {
            referral = link(senderPartnerId, mapper.id(), model);
            facts = store.referralFacts(referral)
                    .orElseThrow(() -> new UnlinkedOutcomeException(mapper.id(),
                            OutcomeFormats.referralField(mapper.id(), model.referralTrackingId() != null)));
        } catch (UnlinkedOutcomeException refused) {
            recordRefused(senderPartnerId, mapper.id(), model.referralTrackingId(), receivedAt);
            throw refused;
        }
        byte[] sealed = cipher.seal(Fhir.toJson(bundle).getBytes(StandardCharsets.UTF_8), associatedData(outcomeId));
        var row = new OutcomeStore.StoredOutcome(outcomeId, senderPartnerId, request.requestId(),
                request.correlationId(), referral, facts.referrerPartnerId(), mapper.id(), model.outcomeCode(),
                model.taskStatus(), model.decidedAt(), receivedAt, sealed);
        var event = new LedgerEvent(UUID.randomUUID(), "outcome|" + outcomeId, LedgerEventType.OUTCOME_RECEIVED,
                receivedAt, senderPartnerId, referral, facts.referrerPartnerId(), senderPartnerId, facts.purpose(),
                model.taskStatus(), model.outcomeCode(), 1, facts.subjectPseudonyms());
        try {
            transactions.executeWithoutResult(tx -> {
                store.insert(row);
                ledger.record(event);
            });
        } catch (DuplicateKeyException concurrentRepeat) {
            // The same request id raced in on another connection and won; answer as for any repeat.
            return store.findByRequest(senderPartnerId, request.requestId())
                    .map(o -> new OutcomeReceipt(o.outcomeId(), o.referralTrackingId(), true))
                    .orElseThrow(() -> concurrentRepeat);
        }
        log.info("Outcome {} from {} on referral {}: {} ({})", outcomeId, senderPartnerId, referral,
                model.outcomeCode(), model.taskStatus());
        return new OutcomeReceipt(outcomeId, referral, false);
    }

    /**
     * Feedback from a partner the referral was never delivered to: recorded for the audit (kept out
     * of the referral's status view), whichever channel it came by. The tracking id is the one the
     * partner quoted, if any; a source reference is not kept, being the referrer's own words.
     */
    private void recordRefused(String partnerId, String format, UUID quotedTrackingId, Instant at) {
        transactions.executeWithoutResult(tx -> ledger.record(new LedgerEvent(UUID.randomUUID(), null,
                LedgerEventType.FEEDBACK_REFUSED, at, partnerId, quotedTrackingId, null, partnerId, null, format,
                "NOT_RECIPIENT", 1, List.of())));
        log.warn("Outcome from {} refused: it names no referral delivered to this partner", partnerId);
    }

    /** Binds an outcome's envelope to its id, so a payload moved onto another row fails to open. */
    public static byte[] associatedData(UUID outcomeId) {
        return ("outcome|" + outcomeId).getBytes(StandardCharsets.UTF_8);
    }

    private UUID link(String senderPartnerId, String mapperId, OutcomeModel model) {
        if (model.referralTrackingId() != null) {
            if (store.deliveredTo(model.referralTrackingId(), senderPartnerId)) {
                return model.referralTrackingId();
            }
            throw new UnlinkedOutcomeException(mapperId, OutcomeFormats.referralField(mapperId, true));
        }
        String field = OutcomeFormats.referralField(mapperId, false);
        List<UUID> found = store.deliveredByReference(references.pseudonymsOf(model.referralSourceRef()),
                senderPartnerId);
        if (found.isEmpty()) {
            throw new UnlinkedOutcomeException(mapperId, field);
        }
        if (found.size() > 1) {
            // Only referrals this sender received are counted, so saying so reveals nothing it did not have.
            throw new MappingException(mapperId, List.of(Violation.rule(field,
                    "names more than one referral delivered to this partner: quote the hub's tracking id")));
        }
        return found.get(0);
    }
}
