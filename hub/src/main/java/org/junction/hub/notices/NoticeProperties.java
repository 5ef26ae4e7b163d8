package org.junction.hub.notices;

import jakarta.validation.constraints.NotNull;
import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * @param interval how often the hub looks for refusals its senders have not been told of
 * @param window   how far back most passes read refusals and outcomes; the first pass after a start,
 *                 and one each window after, read them all, so nothing older that was never handled
 *                 is left out (a bound on a pass's work, not on what is owed)
 */
@Validated
@ConfigurationProperties("hub.notices")
public record NoticeProperties(@NotNull @DefaultValue("2s") Duration interval,
                               @NotNull @DefaultValue("1h") Duration window) {
}
