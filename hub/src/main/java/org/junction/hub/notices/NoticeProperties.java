package org.junction.hub.notices;

import jakarta.validation.constraints.NotNull;
import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * @param interval how often the hub looks for refusals its senders have not been told of
 * @param window   how far back each pass reads decisions; a refusal older than this when the hub
 *                 first sees it (say, decided before notices existed) is not announced
 */
@Validated
@ConfigurationProperties("hub.notices")
public record NoticeProperties(@NotNull @DefaultValue("2s") Duration interval,
                               @NotNull @DefaultValue("1h") Duration window) {
}
