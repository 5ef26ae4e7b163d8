package org.junction.console.web.referrals;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.junction.security.identity.Person;

/**
 * A referral's status timeline as the status API answers it, under the same visibility rule:
 * empty when there is no such referral or the viewer may not see it, so neither can be told apart.
 */
public interface ReferralTimelines {

    Optional<Timeline> timeline(Person viewer, UUID trackingId);

    /** @param recipients where the referral stands with each recipient */
    record Timeline(UUID trackingId, String status, Map<String, String> recipients, List<Step> steps) {
    }

    /** One event: codes, partner ids and times only, never the referral's content. */
    record Step(String status, Instant at, String recipient, String outcome, String reason) {
    }
}
