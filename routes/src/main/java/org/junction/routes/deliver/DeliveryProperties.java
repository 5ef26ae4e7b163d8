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
 */
@Validated
@ConfigurationProperties("hub.delivery")
public record DeliveryProperties(
        @DefaultValue("12") @Min(0) int maximumRedeliveries,
        @DefaultValue("2s") @NotNull Duration initialDelay,
        @DefaultValue("2.0") @DecimalMin("1.0") double multiplier,
        @DefaultValue("5m") @NotNull Duration maximumDelay,
        @DefaultValue("5s") @NotNull Duration connectTimeout,
        @DefaultValue("30s") @NotNull Duration socketTimeout) {
}
