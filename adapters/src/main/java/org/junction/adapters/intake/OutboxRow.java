package org.junction.adapters.intake;

import java.time.Instant;
import java.util.List;
import java.util.UUID;

/**
 * A message waiting in the outbox for the broker. Everything but the payload is an id, a code or
 * a pseudonym, because those travel on as broker headers; the payload is an encrypted envelope.
 *
 * @param recipientPartnerId null for a message to the intake queue, else the one recipient it is for
 * @param priority           broker priority, 0 to 9 ({@link Priorities})
 * @param claimedUntil       null for a row the relay is to send; else the stage that wrote it sends it
 *                           itself, its QUEUED event already recorded, and the relay sends it only
 *                           after this time, if the stage never said the broker has it
 */
public record OutboxRow(long id, UUID trackingId, String destination, String duplicateId, String senderPartnerId,
                        String recipientPartnerId, String correlationId, int generation, String purpose,
                        List<String> subjectPseudonyms, byte[] payload, Instant createdAt, int priority,
                        Instant claimedUntil) {

    public OutboxRow {
        subjectPseudonyms = List.copyOf(subjectPseudonyms);
    }

    /** A row for the relay to send. */
    public OutboxRow(long id, UUID trackingId, String destination, String duplicateId, String senderPartnerId,
                     String recipientPartnerId, String correlationId, int generation, String purpose,
                     List<String> subjectPseudonyms, byte[] payload, Instant createdAt, int priority) {
        this(id, trackingId, destination, duplicateId, senderPartnerId, recipientPartnerId, correlationId, generation,
                purpose, subjectPseudonyms, payload, createdAt, priority, null);
    }

    /** The same row claimed until {@code until} by the stage that writes it. */
    public OutboxRow claimedUntil(Instant until) {
        return new OutboxRow(id, trackingId, destination, duplicateId, senderPartnerId, recipientPartnerId,
                correlationId, generation, purpose, subjectPseudonyms, payload, createdAt, priority, until);
    }

    /** Whether a stage claimed the row to send it itself (and recorded its QUEUED event). */
    public boolean claimed() {
        return claimedUntil != null;
    }
}
