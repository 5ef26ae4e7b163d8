package org.junction.mappings;

import java.time.Instant;
import java.util.Objects;
import java.util.UUID;
import java.util.regex.Pattern;

/**
 * What the hub knows about an input besides its bytes. Mappers take every identifier and time
 * from here rather than generating them, which is what makes a mapping reproducible.
 *
 * @param trackingId      hub id of this referral; becomes the Bundle id and seeds every resource id
 * @param senderPartnerId configured id of the authenticated sender
 * @param requestId       the sender's per-request id (BaRS {@code X-Request-ID}); null when the channel has none
 * @param correlationId   the conversation id (BaRS {@code X-Correlation-ID}); null when the channel has none
 * @param receivedAt      when the hub accepted the input
 */
public record MappingContext(UUID trackingId, String senderPartnerId, String requestId, String correlationId,
                             Instant receivedAt) {

    // The partner id is embedded in URIs (endpoint URN, identifier systems), so it must be URI-safe.
    private static final Pattern PARTNER_ID = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0,63}");

    public MappingContext {
        Objects.requireNonNull(trackingId, "trackingId");
        Objects.requireNonNull(senderPartnerId, "senderPartnerId");
        Objects.requireNonNull(receivedAt, "receivedAt");
        if (!PARTNER_ID.matcher(senderPartnerId).matches()) {
            throw new IllegalArgumentException("senderPartnerId must be letters, digits, '.', '_' or '-' (at most 64)");
        }
    }
}
