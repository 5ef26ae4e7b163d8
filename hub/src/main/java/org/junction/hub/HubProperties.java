package org.junction.hub;

import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junction.security.identity.OperatorSettings;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * Top-level hub settings ({@code hub.*}), read at start.
 *
 * @param dataDir  where the embedded default keeps its broker journal, database and generated keys
 * @param configDir the reloadable configuration directory: {@code partners/*.yaml} and
 *                  {@code agreements/*.yaml}
 * @param configWatch whether a change to the configuration directory's files reloads it
 * @param configWatchQuiet how long the directory must be left alone before a change is reloaded
 * @param operators people's (IG leads', admins') API access until interactive logins arrive
 * @param fhirPackageDir FHIR packages (profiles, value sets: UK Core, say) for partners validated at
 *                  level PACKAGES; loaded from here, never copied into the hub
 * @param sealInterval how often ledger events are appended to the hash chain: the longest an
 *                  event stays unsealed
 */
@Validated
@ConfigurationProperties("hub")
public record HubProperties(
        @DefaultValue("./data") @NotNull Path dataDir,
        @DefaultValue("./config") @NotNull Path configDir,
        @DefaultValue("true") boolean configWatch,
        @DefaultValue("1s") @NotNull Duration configWatchQuiet,
        @DefaultValue List<@Valid OperatorSettings> operators,
        @DefaultValue("1s") @NotNull Duration sealInterval,
        Path fhirPackageDir) {
}
