package org.junction.mappings;

import org.hl7.fhir.r4.model.Bundle;
import org.junction.mappings.cancel.Cancellation;
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

    /**
     * Renders the notice that recalls a referral this format delivered earlier, in the same media
     * type. A format that cannot say so refuses: the recall then fails visibly instead of sending
     * something the recipient would read as a referral.
     */
    default byte[] renderCancellation(Cancellation cancellation, RenderContext context) {
        throw new UnsupportedOperationException(id() + " has no cancellation notice");
    }

    /** Renders what a dispatch carries: a referral, or the cancellation of one ({@link Cancellation#from}). */
    default byte[] renderDispatch(Bundle bundle, RenderContext context) {
        return Cancellation.from(bundle).map(c -> renderCancellation(c, context))
                .orElseGet(() -> render(Referral.of(bundle), context));
    }
}
