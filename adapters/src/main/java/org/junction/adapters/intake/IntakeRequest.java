package org.junction.adapters.intake;

import java.util.Objects;
import org.junction.mappings.InboundMapper;

/**
 * A referral as it arrived from a partner, before mapping.
 *
 * @param requestId     the sender's X-Request-ID: with the sender it is the idempotency key
 * @param correlationId groups a conversation (referral, updates, feedback)
 * @param mapper        the mapper that understands the sender's format
 * @param body          the raw body, which may hold personal data: never log it
 */
public record IntakeRequest(String requestId, String correlationId, InboundMapper mapper, byte[] body) {

    public IntakeRequest {
        Objects.requireNonNull(requestId, "requestId");
        Objects.requireNonNull(correlationId, "correlationId");
        Objects.requireNonNull(mapper, "mapper");
        Objects.requireNonNull(body, "body");
    }
}
