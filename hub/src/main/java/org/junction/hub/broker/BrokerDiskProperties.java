package org.junction.hub.broker;

import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;
import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.util.unit.DataSize;
import org.springframework.validation.annotation.Validated;

/**
 * The embedded broker's disk limits ({@code hub.broker.max-disk-usage}, {@code .min-disk-free},
 * {@code .disk-scan-period}), read at start. Past either limit the broker blocks producers instead of
 * writing the disk full: the outbox relay's sends are then abandoned after
 * {@code hub.relay.send-timeout}, accepted referrals wait in the outbox, and intake answers 503 once
 * the outbox passes {@code hub.intake.max-outbox-backlog}. All resumes when space returns.
 *
 * @param maxDiskUsage   the share (percent) of the journal's filesystem in use above which the broker
 *                       blocks; 90 as in Artemis, -1 for no limit by share
 * @param minDiskFree    the free space below which the broker blocks; unset (the default) for no limit
 *                       by free space
 * @param diskScanPeriod how often the broker looks at the filesystem
 */
@Validated
@ConfigurationProperties("hub.broker")
public record BrokerDiskProperties(
        @DefaultValue("90") @Min(-1) @Max(100) int maxDiskUsage,
        DataSize minDiskFree,
        @DefaultValue("5s") @NotNull Duration diskScanPeriod) {

    public BrokerDiskProperties {
        if (minDiskFree != null && minDiskFree.isNegative()) {
            throw new IllegalArgumentException("hub.broker.min-disk-free must not be negative");
        }
        if (diskScanPeriod != null && (diskScanPeriod.toMillis() < 1 || diskScanPeriod.toMillis() > Integer.MAX_VALUE)) {
            throw new IllegalArgumentException("hub.broker.disk-scan-period must be between 1 ms and 24 days");
        }
    }

    /** Artemis' own value: bytes, or -1 for none. */
    long minDiskFreeBytes() {
        return minDiskFree == null ? -1 : minDiskFree.toBytes();
    }
}
