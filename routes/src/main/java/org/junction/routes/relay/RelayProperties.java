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
 */
@Validated
@ConfigurationProperties("hub.relay")
public record RelayProperties(
        @DefaultValue("1s") @NotNull Duration pollInterval,
        @DefaultValue("100") @Min(1) @Max(10000) int batchSize) {
}
