package org.junction.console.web.referrals;

import java.time.Instant;
import java.util.List;
import java.util.UUID;
import org.junction.security.identity.Person;

/**
 * The payload copies the hub still holds of a referral, through the payload API's own handler: the
 * same reason rule, the same scope, and the same BODY_VIEWED record. Implemented by the hub.
 */
public interface PayloadCopies {

    Answer view(Person viewer, UUID trackingId, String reason);

    enum Outcome {
        SHOWN,
        /** The reason does not meet the API's rule; nothing was recorded. */
        REASON_REFUSED,
        /** Not in the viewer's scope, or nothing held: the API answers both alike. */
        NOT_AVAILABLE
    }

    /** @param reasonRule the API's words for what a reason needs, when refused */
    record Answer(Outcome outcome, String reasonRule, UUID eventId, List<Copy> copies) {
    }

    /** @param payload the FHIR Bundle as held; null where only the broker holds it (a dead letter) */
    record Copy(String location, String recipient, Integer generation, String reasonCode, Instant since,
                String payload) {
    }
}
