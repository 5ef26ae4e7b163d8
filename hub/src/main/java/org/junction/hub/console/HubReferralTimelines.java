package org.junction.hub.console;

import java.util.Optional;
import java.util.UUID;
import org.junction.adapters.restjson.ReferralController;
import org.junction.console.web.referrals.ReferralTimelines;
import org.junction.security.identity.Person;

/**
 * Timelines for the console through the status API's own handler, so the page and the API answer
 * the same people with the same timeline, and refuse the same people alike.
 */
public class HubReferralTimelines implements ReferralTimelines {

    private final ReferralController status;

    public HubReferralTimelines(ReferralController status) {
        this.status = status;
    }

    @Override
    public Optional<Timeline> timeline(Person viewer, UUID trackingId) {
        var answer = status.status(viewer, trackingId.toString());
        if (!answer.getStatusCode().is2xxSuccessful()
                || !(answer.getBody() instanceof ReferralController.ReferralStatus found)) {
            return Optional.empty();
        }
        return Optional.of(new Timeline(found.trackingId(), found.status(), found.recipients(), found.timeline().stream()
                .map(s -> new Step(s.status(), s.at(), s.recipient(), s.outcome(), s.reason())).toList()));
    }
}
