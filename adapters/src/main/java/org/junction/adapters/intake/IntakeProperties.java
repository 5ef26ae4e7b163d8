package org.junction.adapters.intake;

import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * Intake limits ({@code hub.intake.*}).
 *
 * @param maxBodyBytes      largest referral body accepted; larger ones get 413 before parsing
 * @param maxOutboxBacklog  outbox rows not yet handed to the broker above which intake answers
 *                          503, so a stalled broker turns into backpressure, not unbounded growth
 * @param retryAfter        what a 503 tells the sender to wait
 */
@Validated
@ConfigurationProperties("hub.intake")
public record IntakeProperties(
        @DefaultValue("1048576") @Min(1024) @Max(67108864) int maxBodyBytes,
        @DefaultValue("10000") @Min(1) int maxOutboxBacklog,
        @DefaultValue("30s") Duration retryAfter) {
}
