package org.junction.security.audit;

import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.UUID;

/**
 * One audit ledger event. It carries ids, codes and subject pseudonyms only: never a payload,
 * a name or an identifier in clear, so the ledger can be searched and exported without
 * becoming a second copy of the referrals.
 *
 * @param stageKey deterministic key of the pipeline step (tracking id, step, recipient,
 *                 generation) so that a re-run step finds its own record; null for events
 *                 that are not part of a referral's pipeline
 * @param details  what a decision or action rested on (basis, agreement, consent, decision-maker,
 *                 categories disclosed); {@link LedgerDetails#NONE} when nothing more is known
 */
public record LedgerEvent(
        UUID eventId,
        String stageKey,
        LedgerEventType type,
        Instant occurredAt,
        String actor,
        UUID trackingId,
        String senderPartnerId,
        String recipientPartnerId,
        String purpose,
        String outcome,
        String reasonCode,
        int generation,
        List<String> subjectPseudonyms,
        LedgerDetails details) {

    public LedgerEvent {
        Objects.requireNonNull(eventId, "eventId");
        Objects.requireNonNull(type, "type");
        Objects.requireNonNull(occurredAt, "occurredAt");
        Objects.requireNonNull(actor, "actor");
        if (generation < 1) {
            throw new IllegalArgumentException("generation starts at 1");
        }
        subjectPseudonyms = List.copyOf(subjectPseudonyms);
        details = details == null ? LedgerDetails.NONE : details;
    }

    /** An event whose own columns say all there is. */
    public LedgerEvent(UUID eventId, String stageKey, LedgerEventType type, Instant occurredAt, String actor,
                       UUID trackingId, String senderPartnerId, String recipientPartnerId, String purpose,
                       String outcome, String reasonCode, int generation, List<String> subjectPseudonyms) {
        this(eventId, stageKey, type, occurredAt, actor, trackingId, senderPartnerId, recipientPartnerId, purpose,
                outcome, reasonCode, generation, subjectPseudonyms, LedgerDetails.NONE);
    }

    /** The same event with what it rested on. */
    public LedgerEvent withDetails(LedgerDetails eventDetails) {
        return new LedgerEvent(eventId, stageKey, type, occurredAt, actor, trackingId, senderPartnerId,
                recipientPartnerId, purpose, outcome, reasonCode, generation, subjectPseudonyms, eventDetails);
    }

    /** The stage key of a referral step for one recipient (or none) and generation. */
    public static String stageKey(UUID trackingId, LedgerEventType type, String recipient, int generation) {
        return trackingId + "|" + type + "|" + (recipient == null ? "-" : recipient) + "|" + generation;
    }

    /** An event in a referral's pipeline, keyed so that a repeat of the step is recognised. */
    public static LedgerEvent forReferral(LedgerEventType type, UUID trackingId, String actor, String sender,
                                          String recipient, String purpose, String outcome, String reasonCode,
                                          int generation, List<String> pseudonyms, Instant at) {
        return new LedgerEvent(UUID.randomUUID(), stageKey(trackingId, type, recipient, generation), type, at,
                actor, trackingId, sender, recipient, purpose, outcome, reasonCode, generation, pseudonyms);
    }
}
