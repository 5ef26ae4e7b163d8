package org.junction.adapters.intake;

import jakarta.validation.constraints.DecimalMin;
import jakarta.validation.constraints.Min;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * Requests each partner may make to the partner APIs ({@code hub.intake.rate-limit.*}): a token
 * bucket per partner id, so one partner's runaway client slows only itself. The defaults are far
 * above what a real partner system sends, including a bulk catch-up after an outage.
 *
 * @param enabled           off only for tests and benchmarks that drive one partner flat out
 * @param burst             requests a partner may send at once after a quiet period
 * @param requestsPerSecond sustained rate, refilling the bucket continuously
 */
@Validated
@ConfigurationProperties("hub.intake.rate-limit")
public record RateLimitProperties(
        @DefaultValue("true") boolean enabled,
        @DefaultValue("200") @Min(1) int burst,
        @DefaultValue("50") @DecimalMin("0.01") double requestsPerSecond) {
}
