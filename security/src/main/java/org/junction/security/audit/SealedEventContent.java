package org.junction.security.audit;

import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.UUID;

/**
 * Everything a chain link vouches for about one ledger event: the stored row (including its
 * database id, so a chain row cannot be re-pointed at a twin event) and its subject pseudonyms.
 *
 * <p>{@code eventType} is kept as the stored text rather than {@link LedgerEventType} so that a
 * verifier can still hash, and so report, a row whose type was tampered into an unknown value.
 */
public record SealedEventContent(
        long ledgerEventId,
        UUID eventId,
        String stageKey,
        String eventType,
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

    public SealedEventContent {
        Objects.requireNonNull(eventId, "eventId");
        Objects.requireNonNull(eventType, "eventType");
        Objects.requireNonNull(occurredAt, "occurredAt");
        Objects.requireNonNull(actor, "actor");
        subjectPseudonyms = List.copyOf(subjectPseudonyms);
        details = details == null ? LedgerDetails.NONE : details;
    }

    /** The same event with the given pseudonyms; rows and their pseudonyms are read by separate queries. */
    public SealedEventContent withSubjectPseudonyms(List<String> pseudonyms) {
        return new SealedEventContent(ledgerEventId, eventId, stageKey, eventType, occurredAt, actor, trackingId,
                senderPartnerId, recipientPartnerId, purpose, outcome, reasonCode, generation, pseudonyms, details);
    }

    /** The content of {@code event} once stored under {@code ledgerEventId}. */
    public static SealedEventContent of(long ledgerEventId, LedgerEvent event) {
        return new SealedEventContent(ledgerEventId, event.eventId(), event.stageKey(), event.type().name(),
                event.occurredAt(), event.actor(), event.trackingId(), event.senderPartnerId(),
                event.recipientPartnerId(), event.purpose(), event.outcome(), event.reasonCode(), event.generation(),
                event.subjectPseudonyms().stream().distinct().toList(), event.details());
    }
}
