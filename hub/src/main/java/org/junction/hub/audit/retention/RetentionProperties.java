package org.junction.hub.audit.retention;

import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;
import java.time.Duration;
import java.time.Period;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * Retention of payload copies and of the audit ledger ({@code hub.retention.*}). An agreement's own
 * retention (hub-transit, audit-log) wins; these defaults apply when a referral's agreement is no
 * longer loaded, or the ledger holds events of no agreement.
 *
 * @param enabled              run the retention passes at all
 * @param interval             how often payload copies due for purging are looked for
 * @param defaultTransit       how long the hub keeps a payload copy after delivery when the agreement is unknown
 * @param defaultAuditPeriod   how long ledger events are kept when no agreement says longer
 * @param segmentCheckInterval how often the ledger is checked for a segment old enough to close (each check
 *                             verifies the whole chain first)
 * @param batch                payload copies purged per pass at most
 */
@Validated
@ConfigurationProperties("hub.retention")
public record RetentionProperties(
        @DefaultValue("true") boolean enabled,
        @DefaultValue("1h") @NotNull Duration interval,
        @DefaultValue("P30D") @NotNull Period defaultTransit,
        @DefaultValue("P8Y") @NotNull Period defaultAuditPeriod,
        @DefaultValue("1d") @NotNull Duration segmentCheckInterval,
        @DefaultValue("500") @Min(1) @Max(100_000) int batch) {

    public RetentionProperties {
        if (interval != null && (interval.isNegative() || interval.isZero())) {
            throw new IllegalArgumentException("hub.retention.interval must be positive");
        }
        if (defaultTransit != null && defaultTransit.isNegative()) {
            throw new IllegalArgumentException("hub.retention.default-transit must not be negative");
        }
        if (defaultAuditPeriod != null && (defaultAuditPeriod.isNegative() || defaultAuditPeriod.isZero())) {
            throw new IllegalArgumentException("hub.retention.default-audit-period must be positive");
        }
    }
}
