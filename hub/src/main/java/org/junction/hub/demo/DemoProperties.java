package org.junction.hub.demo;

import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;
import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.context.annotation.Profile;
import org.springframework.validation.annotation.Validated;

/**
 * The simulated partners of the {@code demo} profile ({@code hub.demo.*}). Bound only under that
 * profile, so no other deployment carries a demo setting by accident.
 *
 * @param policeApiKey   the API key the simulated police force sends with; its SHA-256 must be
 *                       configured for a police partner in the configuration directory
 * @param policeInterval time between two simulated police referrals
 * @param policeEnabled  whether the simulated police force posts referrals
 * @param gpPort         loopback port of the simulated GP practice's FHIR endpoint; 0 picks a free one
 * @param gpEnabled      whether the simulated GP practice's FHIR endpoint runs
 */
@Validated
@Profile("demo")
@ConfigurationProperties("hub.demo")
public record DemoProperties(
        String policeApiKey,
        @DefaultValue("4s") @NotNull Duration policeInterval,
        @DefaultValue("true") boolean policeEnabled,
        @DefaultValue("8091") @Min(0) @Max(65535) int gpPort,
        @DefaultValue("true") boolean gpEnabled) {

    public DemoProperties {
        if (policeEnabled && (policeApiKey == null || policeApiKey.isBlank())) {
            throw new IllegalArgumentException("hub.demo.police-api-key: required while hub.demo.police-enabled is true");
        }
        if (policeInterval == null || policeInterval.isNegative() || policeInterval.isZero()) {
            throw new IllegalArgumentException("hub.demo.police-interval: must be positive");
        }
    }
}
