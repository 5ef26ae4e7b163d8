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
 */
public record OutboxRow(long id, UUID trackingId, String destination, String duplicateId, String senderPartnerId,
                        String recipientPartnerId, String correlationId, int generation, String purpose,
                        List<String> subjectPseudonyms, byte[] payload, Instant createdAt, int priority) {

    public OutboxRow {
        subjectPseudonyms = List.copyOf(subjectPseudonyms);
    }
}
