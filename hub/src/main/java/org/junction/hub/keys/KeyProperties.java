package org.junction.hub.keys;

import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import java.nio.file.Path;
import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.ConstructorBinding;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * The hub's key material ({@code hub.keys.*}). Every node of a deployment must share the same
 * keystore: data sealed on one node is opened on another.
 *
 * @param keystore           PKCS12 file holding the key-encryption keys and pseudonym keys
 * @param password           keystore password; set it from an environment variable or secret file,
 *                           never in a committed file
 * @param activeKekId        key id new envelopes are sealed under
 * @param activePseudonymKeyId key id new pseudonyms are made with
 * @param generateIfMissing  embedded default only: create a keystore (and a password file beside
 *                           it) on first start; the production profile turns this off
 * @param refreshInterval    how often a running node compares its key ring with the key state
 *                           recorded in the database, so a rotation reaches every node without restart
 */
@Validated
@ConfigurationProperties("hub.keys")
public record KeyProperties(
        Path keystore,
        String password,
        @DefaultValue("k1") @NotBlank @Pattern(regexp = "[A-Za-z0-9._-]{1,64}") String activeKekId,
        @DefaultValue("p1") @NotBlank @Pattern(regexp = "[A-Za-z0-9._-]{1,64}") String activePseudonymKeyId,
        @DefaultValue("false") boolean generateIfMissing,
        @DefaultValue("30s") @NotNull Duration refreshInterval) {

    @ConstructorBinding
    public KeyProperties {
    }

    public KeyProperties(Path keystore, String password, String activeKekId, String activePseudonymKeyId,
                         boolean generateIfMissing) {
        this(keystore, password, activeKekId, activePseudonymKeyId, generateIfMissing, Duration.ofSeconds(30));
    }
}
