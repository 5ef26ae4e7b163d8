package org.junction.mappings;

import org.junction.mappings.canonical.Referral;

/**
 * Renders a canonical referral in one recipient format. Implementations are pure and
 * thread-safe: no I/O, no clocks, every value taken from the referral or the context.
 */
public interface OutboundMapper {

    /** Versioned format id, for example {@code council-referral-json-v1}. */
    String id();

    /** Media type of what {@link #render} produces, for example {@code application/json}. */
    String mediaType();

    byte[] render(Referral referral, RenderContext context);
}
