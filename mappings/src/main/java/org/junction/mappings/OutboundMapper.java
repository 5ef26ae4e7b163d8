package org.junction.mappings;

import org.hl7.fhir.r4.model.Bundle;
import org.junction.mappings.cancel.Cancellation;
import org.junction.mappings.canonical.Referral;
import org.junction.mappings.notice.FeedbackNotice;
import org.junction.mappings.notice.RejectionNotice;

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

    /**
     * Renders the notice that tells a sender its referral was refused, in the same media type. A
     * format that cannot say so refuses, and the notice fails visibly (dead-lettered with a reason).
     */
    default byte[] renderRejection(RejectionNotice notice, RenderContext context) {
        throw new UnsupportedOperationException(id() + " has no rejection notice");
    }

    /**
     * Renders a recipient's feedback forwarded to the referral's sender, in the same media type. A
     * format that cannot say so refuses, and the forwarding fails visibly.
     */
    default byte[] renderFeedback(FeedbackNotice notice, RenderContext context) {
        throw new UnsupportedOperationException(id() + " has no feedback notice");
    }

    /**
     * Renders what a dispatch carries: a referral, the cancellation of one ({@link Cancellation#from})
     * a rejection notice to its sender ({@link RejectionNotice#from}) or feedback forwarded to it
     * ({@link FeedbackNotice#from}).
     */
    default byte[] renderDispatch(Bundle bundle, RenderContext context) {
        var cancellation = Cancellation.from(bundle);
        if (cancellation.isPresent()) {
            return renderCancellation(cancellation.get(), context);
        }
        var rejection = RejectionNotice.from(bundle);
        if (rejection.isPresent()) {
            return renderRejection(rejection.get(), context);
        }
        return FeedbackNotice.from(bundle).map(n -> renderFeedback(n, context))
                .orElseGet(() -> render(Referral.of(bundle), context));
    }
}
