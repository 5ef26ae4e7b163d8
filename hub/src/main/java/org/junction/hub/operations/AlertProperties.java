package org.junction.hub.operations;

import jakarta.validation.Valid;
import jakarta.validation.constraints.AssertTrue;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import org.junction.adapters.partner.SecretReferences;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * Operational alerts ({@code hub.alerts.*}), read at start.
 *
 * @param webhookUrl     where alerts are posted when an incident opens or resolves; none when unset
 * @param webhookSecret  reference ({@code env:NAME} or {@code file:/path}) to the HMAC-SHA256 key that
 *                       signs each post; unsigned when unset
 * @param webhookTimeout connect and response timeout of one post
 * @param checkInterval  how often dead-letter depths, overdue referrals and feeds are checked
 * @param dlqThreshold   a dead-letter queue deeper than this raises DLQ_GROWING
 * @param overdueAfter   an urgent referral permitted to a partner and not delivered this long after it
 *                       was received raises OVERDUE
 * @param overdueWindow  how far back overdue referrals are looked for; older ones are left to the
 *                       dead-letter and status views
 * @param expectedFeeds  partners that send on a schedule, each with the longest gap allowed between
 *                       two referrals received from it
 */
@Validated
@ConfigurationProperties("hub.alerts")
public record AlertProperties(
        URI webhookUrl,
        String webhookSecret,
        @DefaultValue("5s") @NotNull Duration webhookTimeout,
        @DefaultValue("30s") @NotNull Duration checkInterval,
        @DefaultValue("10") @Min(0) int dlqThreshold,
        @DefaultValue("15m") @NotNull Duration overdueAfter,
        @DefaultValue("7d") @NotNull Duration overdueWindow,
        @DefaultValue List<@Valid ExpectedFeed> expectedFeeds) {

    /**
     * @param partner     the sending partner's id
     * @param maxInterval the longest gap allowed between two referrals received from it
     */
    public record ExpectedFeed(@NotBlank String partner, @NotNull Duration maxInterval) {

        @AssertTrue(message = "max-interval must be positive")
        public boolean isMaxIntervalPositive() {
            return maxInterval == null || !maxInterval.isNegative() && !maxInterval.isZero();
        }
    }

    @AssertTrue(message = "webhook-secret must be a reference (env:NAME or file:/path), not a value")
    public boolean isWebhookSecretAReference() {
        return webhookSecret == null || webhookSecret.isBlank() || SecretReferences.isReference(webhookSecret);
    }

    @AssertTrue(message = "webhook-url must be an absolute http(s) URL")
    public boolean isWebhookUrlHttp() {
        return webhookUrl == null || webhookUrl.isAbsolute()
                && ("https".equals(webhookUrl.getScheme()) || "http".equals(webhookUrl.getScheme()));
    }

    @AssertTrue(message = "check-interval and overdue-after must be positive")
    public boolean isTimingPositive() {
        return checkInterval == null || overdueAfter == null
                || !checkInterval.isNegative() && !checkInterval.isZero() && !overdueAfter.isNegative();
    }
}
