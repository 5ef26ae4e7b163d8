package org.junction.adapters.intake;

import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;
import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * Bundles handed from one stage to the next in memory ({@code hub.hand-off.*}; see
 * {@link BundleHandOff}). Each of the two hand-offs holds up to {@code capacity} parsed referrals.
 *
 * @param capacity Bundles each hand-off holds at most; 0 turns handing over off, and every stage
 *                 then parses what it takes. A message that waits behind more than this many
 *                 finds its Bundle gone and is parsed, which costs time, never correctness
 * @param maxAge   how long a Bundle waits for the stage that takes its message
 */
@Validated
@ConfigurationProperties("hub.hand-off")
public record HandOffProperties(
        @DefaultValue("256") @Min(0) @Max(10000) int capacity,
        @DefaultValue("30s") @NotNull Duration maxAge) {

    /** A hand-off with these bounds, on the JVM's monotonic clock. */
    public BundleHandOff newHandOff() {
        return new BundleHandOff(capacity, maxAge.toNanos(), System::nanoTime);
    }
}
