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
 * @param maxConcurrent     referrals mapped and stored at once. Intake shares the database pool
 *                          with the stages after it; unbounded, a burst of senders holds every
 *                          connection and the decide and deliver stages, which drain what intake
 *                          took, wait behind it. Keep it under the pool size.
 * @param concurrencyWait   how long a referral may wait for its turn before the sender is told
 *                          503 with this as Retry-After
 * @param backlogRecount    how long a count of the outbox backlog stands before intake counts
 *                          again; the bound is a guard against an outbox that grows without end,
 *                          not an exact limit, and counting per request costs a scan each time
 */
@Validated
@ConfigurationProperties("hub.intake")
public record IntakeProperties(
        @DefaultValue("1048576") @Min(1024) @Max(67108864) int maxBodyBytes,
        @DefaultValue("10000") @Min(1) int maxOutboxBacklog,
        @DefaultValue("30s") Duration retryAfter,
        @DefaultValue("4") @Min(1) @Max(1000) int maxConcurrent,
        @DefaultValue("5s") Duration concurrencyWait,
        @DefaultValue("250ms") Duration backlogRecount) {
}
