package org.junction.routes.decide;

import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
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
 */
@Validated
@ConfigurationProperties("hub.decide")
public record DecideProperties(@DefaultValue("4") @Min(1) @Max(64) int consumers) {
}
