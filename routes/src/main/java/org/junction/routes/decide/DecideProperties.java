package org.junction.routes.decide;

import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * Decide stage settings ({@code hub.decide.*}).
 *
 * @param consumers referrals decided at once. Each decision waits mostly on the database and on
 *                  the broker's commit, so one consumer leaves the machine idle while intake
 *                  queues up behind it. Referrals about one person still go one at a time and in
 *                  order: intake messages are grouped by the person (see
 *                  {@link org.junction.adapters.intake.BrokerHeaders#GROUP_ID}).
 * @param dispatchClaim how long the relay leaves a dispatch alone that the decide stage sends
 *                      itself, in the broker transaction of its intake message. Normally that
 *                      commits within milliseconds and the relay only deletes the row; if the hub
 *                      stops before it does, the intake message comes again and releases the row
 *                      at once. The claim is the backstop behind both, so it must outlast a
 *                      broker commit that waits (a broker at its disk limit holds it): shorter,
 *                      the relay may send a second copy, which the deliver stage skips once the
 *                      first is delivered. At least one second.
 */
@Validated
@ConfigurationProperties("hub.decide")
public record DecideProperties(@DefaultValue("4") @Min(1) @Max(64) int consumers,
                               @DefaultValue("60s") Duration dispatchClaim) {

    public DecideProperties {
        if (dispatchClaim == null || dispatchClaim.compareTo(Duration.ofSeconds(1)) < 0) {
            throw new IllegalArgumentException("hub.decide.dispatch-claim must be at least 1s, got " + dispatchClaim);
        }
    }
}
