package org.junction.mappings;

import java.time.Instant;
import java.util.Objects;

/**
 * What an outbound mapper knows besides the referral.
 *
 * @param recipientPartnerId the partner the rendering is for
 * @param renderedAt         the time to stamp on the rendering
 */
public record RenderContext(String recipientPartnerId, Instant renderedAt) {

    public RenderContext {
        Objects.requireNonNull(recipientPartnerId, "recipientPartnerId");
        Objects.requireNonNull(renderedAt, "renderedAt");
    }
}
