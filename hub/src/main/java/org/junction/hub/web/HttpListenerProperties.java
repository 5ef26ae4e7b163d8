package org.junction.hub.web;

import jakarta.validation.constraints.NotNull;
import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * Timeouts of the partner-facing HTTP listener against slow clients ({@code hub.http.*}).
 *
 * @param readTimeout      longest wait for the next bytes of a request (its line, headers or
 *                         body) before the connection is closed
 * @param keepAliveTimeout how long an idle kept-alive connection stays open for its next request
 * @param bodyReadTimeout  longest time a whole request body may take to arrive, however steadily
 *                         it trickles; answered 408
 */
@Validated
@ConfigurationProperties("hub.http")
public record HttpListenerProperties(
        @DefaultValue("20s") @NotNull Duration readTimeout,
        @DefaultValue("30s") @NotNull Duration keepAliveTimeout,
        @DefaultValue("60s") @NotNull Duration bodyReadTimeout) {

    public HttpListenerProperties {
        for (Duration d : new Duration[] {readTimeout, keepAliveTimeout, bodyReadTimeout}) {
            if (d != null && (d.isNegative() || d.isZero())) {
                throw new IllegalArgumentException("hub.http timeouts must be positive");
            }
        }
    }
}
