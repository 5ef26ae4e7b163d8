package org.junction.bench.passthrough;

import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Positive;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.validation.annotation.Validated;

/**
 * Settings of the passthrough ({@code passthrough.*}).
 *
 * @param partnerUrl where every referral is posted on: the partner stub
 * @param queue      the durable queue between intake and delivery
 * @param maxBodyBytes larger bodies are refused with 413, as the hub refuses them
 * @param consumers  transacted consumers of the queue: 1 by default, the B1 of every recorded run
 *                   (bench/README.md); the hub's decide and deliver stages run 4 each
 *                   ({@code hub.decide.consumers}, {@code hub.delivery.consumers})
 */
@Validated
@ConfigurationProperties("passthrough")
public record PassthroughProperties(@NotBlank String partnerUrl, @NotBlank String queue, @Positive int maxBodyBytes,
                                    @Positive @Max(64) int consumers) {
}
