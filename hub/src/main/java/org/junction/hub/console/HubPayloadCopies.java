package org.junction.hub.console;

import java.util.UUID;
import org.junction.console.web.referrals.PayloadCopies;
import org.junction.hub.payload.PayloadViewController;
import org.junction.hub.payload.PayloadViews;
import org.junction.security.identity.Person;
import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;

/**
 * Payload views for the console through the payload API's own handler, so the reason rule, the
 * scope and the BODY_VIEWED record are the API's, and the page refuses whom the API refuses.
 */
public class HubPayloadCopies implements PayloadCopies {

    private final PayloadViewController api;

    public HubPayloadCopies(PayloadViewController api) {
        this.api = api;
    }

    @Override
    public Answer view(Person viewer, UUID trackingId, String reason) {
        var answer = api.view(trackingId.toString(), new PayloadViewController.ViewRequest(reason), viewer);
        if (answer.getStatusCode().value() == HttpStatus.BAD_REQUEST.value()) {
            String rule = answer.getBody() instanceof ProblemDetail problem ? problem.getDetail() : null;
            return new Answer(Outcome.REASON_REFUSED, rule, null, java.util.List.of());
        }
        if (!(answer.getBody() instanceof PayloadViews.View view) || view.outcome() != PayloadViews.Outcome.SHOWN) {
            return new Answer(Outcome.NOT_AVAILABLE, null, null, java.util.List.of());
        }
        return new Answer(Outcome.SHOWN, null, view.eventId(), view.copies().stream()
                .map(c -> new Copy(c.location().name(), c.recipient(), c.generation(), c.reasonCode(), c.since(),
                        c.payload()))
                .toList());
    }
}
