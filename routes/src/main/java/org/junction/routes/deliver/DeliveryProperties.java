package org.junction.routes.deliver;

import jakarta.validation.constraints.DecimalMin;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;
import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * Delivery retries ({@code hub.delivery.*}). The defaults ride out a partner outage of about half
 * an hour before a message is dead-lettered; tests use milliseconds.
 *
 * @param maximumRedeliveries attempts after the first before the message is dead-lettered
 * @param initialDelay        wait before the first retry
 * @param multiplier          growth of the wait per retry
 * @param maximumDelay        cap on the wait
 * @param connectTimeout      HTTP connect timeout to a partner endpoint
 * @param socketTimeout       HTTP read timeout to a partner endpoint
 * @param jitter              spread of each wait, as a fraction of it (0.3: plus or minus 30 %), so
 *                            that messages failed together do not all come back together
 * @param circuitFailureThreshold consecutive transient failures that open a partner's circuit
 * @param circuitOpenDuration how long an open circuit keeps the partner's consumer suspended before
 *                            one probe attempt (a Retry-After from the partner, when longer, wins)
 * @param holdBackDelay       how long a dispatch waits before it looks again for an earlier one to
 *                            the same recipient about the same subject
 * @param consumers           deliveries to one partner in flight at once. Each waits mostly on the
 *                            partner's answer and on the database, so one at a time leaves both
 *                            idle; order per person is kept by the hold-back, not by the count
 */
@Validated
@ConfigurationProperties("hub.delivery")
public record DeliveryProperties(
        @DefaultValue("12") @Min(0) int maximumRedeliveries,
        @DefaultValue("2s") @NotNull Duration initialDelay,
        @DefaultValue("2.0") @DecimalMin("1.0") double multiplier,
        @DefaultValue("5m") @NotNull Duration maximumDelay,
        @DefaultValue("5s") @NotNull Duration connectTimeout,
        @DefaultValue("30s") @NotNull Duration socketTimeout,
        @DefaultValue("0.3") @DecimalMin("0.0") @jakarta.validation.constraints.DecimalMax("1.0") double jitter,
        @DefaultValue("5") @Min(1) int circuitFailureThreshold,
        @DefaultValue("30s") @NotNull Duration circuitOpenDuration,
        @DefaultValue("2s") @NotNull Duration holdBackDelay,
        @DefaultValue("4") @Min(1) @jakarta.validation.constraints.Max(32) int consumers) {
}
