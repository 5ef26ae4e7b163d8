package org.junction.routes.relay;

import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;
import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * Outbox relay settings ({@code hub.relay.*}).
 *
 * @param pollInterval how often the relay looks for rows it was not told about (after a restart,
 *                     or when the broker refused a send)
 * @param batchSize    rows moved per pass
 * @param sendTimeout  the longest one send, or a batch's commit, may wait for the broker. A broker
 *                     over its disk limit holds producers without an answer; past this wait the send
 *                     is abandoned, the batch's transactions roll back (releasing its row locks) and
 *                     the rows wait in the outbox for a later pass, while intake goes on filling
 *                     the outbox up to {@code hub.intake.max-outbox-backlog}
 */
@Validated
@ConfigurationProperties("hub.relay")
public record RelayProperties(
        @DefaultValue("1s") @NotNull Duration pollInterval,
        @DefaultValue("100") @Min(1) @Max(10000) int batchSize,
        @DefaultValue("10s") @NotNull Duration sendTimeout) {

    public RelayProperties {
        if (sendTimeout != null && (sendTimeout.isNegative() || sendTimeout.isZero())) {
            throw new IllegalArgumentException("hub.relay.send-timeout must be positive");
        }
    }
}
