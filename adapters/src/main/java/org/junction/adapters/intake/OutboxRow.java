package org.junction.adapters.intake;

import java.time.Instant;
import java.util.List;
import java.util.UUID;

/**
 * A message waiting in the outbox for the broker. Everything but the payload is an id, a code or
 * a pseudonym, because those travel on as broker headers; the payload is an encrypted envelope.
 */
public record OutboxRow(long id, UUID trackingId, String destination, String duplicateId, String senderPartnerId,
                        String purpose, List<String> subjectPseudonyms, byte[] payload, Instant createdAt) {

    public OutboxRow {
        subjectPseudonyms = List.copyOf(subjectPseudonyms);
    }
}
