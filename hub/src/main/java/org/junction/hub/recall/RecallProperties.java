package org.junction.hub.recall;

import jakarta.validation.constraints.NotNull;
import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * @param interval         how often the hub looks for recalls owed and for what became of queued ones
 * @param withdrawalWindow how far back each pass reads recorded withdrawals; a delivery that
 *                         completes within this time after a withdrawal is still recalled
 */
@Validated
@ConfigurationProperties("hub.recall")
public record RecallProperties(@NotNull @DefaultValue("2s") Duration interval,
                               @NotNull @DefaultValue("15m") Duration withdrawalWindow) {
}
