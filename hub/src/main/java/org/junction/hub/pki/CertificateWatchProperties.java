package org.junction.hub.pki;

import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * Certificates the hub watches for expiry ({@code hub.pki.*}): its own server certificate, partner
 * trust files, anything an outage would follow from if it lapsed unnoticed.
 *
 * @param watch        files (PKCS12, or PEM/DER certificates) or directories of them
 * @param warnWithin   a certificate expiring sooner than this is reported as expiring
 * @param checkInterval how often the files are read again (renewed certificates are picked up)
 */
@Validated
@ConfigurationProperties("hub.pki")
public record CertificateWatchProperties(
        @DefaultValue List<@Valid Watched> watch,
        @DefaultValue("30d") @NotNull Duration warnWithin,
        @DefaultValue("1h") @NotNull Duration checkInterval) {

    /**
     * @param path     a certificate file, PKCS12 file or directory
     * @param password for PKCS12 files: a secret reference ({@code env:NAME} or {@code file:/path})
     */
    public record Watched(@NotNull Path path, @Pattern(regexp = "(env|file):.+") String password) {
    }
}
