package org.junction.hub.tls;

import jakarta.validation.constraints.NotEmpty;
import jakarta.validation.constraints.NotNull;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.junction.adapters.partner.SecretReferences;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * HTTPS on the partner-facing listener ({@code hub.tls.*}), read at start.
 *
 * @param enabled            serve HTTPS instead of HTTP; off in the embedded default and the demo
 * @param required           refuse to start unless {@code enabled}; the production profile sets it
 * @param keystore           PKCS#12 file with the hub's server certificate chain and private key
 * @param keystorePassword   reference to its password ({@code env:NAME} or {@code file:/path}), never the password
 * @param keyAlias           the entry to serve when the keystore holds several; unset takes the only one
 * @param truststore         PKCS#12 file with the certificate authorities partners' client
 *                           certificates are issued by; without it no client certificate is asked for
 * @param truststorePassword reference to its password
 * @param clientAuth         {@code WANT}: a client certificate is asked for and, when given, identifies
 *                           the partner; {@code NEED}: a connection without one is refused (production)
 * @param protocols          TLS versions offered; the handshake picks the highest both sides speak,
 *                           so TLS 1.3 is preferred and 1.2 remains for older partner stacks
 */
@Validated
@ConfigurationProperties("hub.tls")
public record TlsProperties(
        @DefaultValue("false") boolean enabled,
        @DefaultValue("false") boolean required,
        Path keystore,
        String keystorePassword,
        String keyAlias,
        Path truststore,
        String truststorePassword,
        @DefaultValue("WANT") @NotNull ClientAuth clientAuth,
        @DefaultValue({"TLSv1.3", "TLSv1.2"}) @NotEmpty List<String> protocols) {

    public static final Set<String> ALLOWED_PROTOCOLS = Set.of("TLSv1.3", "TLSv1.2");

    public enum ClientAuth { NONE, WANT, NEED }

    public boolean asksForClientCertificates() {
        return enabled && truststore != null && clientAuth != ClientAuth.NONE;
    }

    /**
     * Every reason these settings cannot serve, each naming the setting (never a secret): checked at
     * start, so a node that would listen in clear, or with older TLS, never comes up.
     */
    public List<String> problems() {
        List<String> problems = new ArrayList<>();
        if (!enabled) {
            if (required) {
                problems.add("hub.tls.enabled: HTTPS is required by this profile; set hub.tls.enabled=true with "
                        + "hub.tls.keystore and hub.tls.keystore-password");
            }
            return problems;
        }
        store("hub.tls.keystore", keystore, keystorePassword, true, problems);
        store("hub.tls.truststore", truststore, truststorePassword, false, problems);
        if (clientAuth == ClientAuth.NEED && truststore == null) {
            problems.add("hub.tls.client-auth: NEED asks for client certificates, so hub.tls.truststore is required");
        }
        for (String protocol : protocols) {
            if (!ALLOWED_PROTOCOLS.contains(protocol)) {
                problems.add("hub.tls.protocols: '" + protocol + "' is not allowed (only " + ALLOWED_PROTOCOLS.stream()
                        .sorted().toList() + "; TLS 1.2 is the minimum)");
            }
        }
        return problems;
    }

    private static void store(String name, Path file, String password, boolean mandatory, List<String> problems) {
        if (file == null) {
            if (mandatory) {
                problems.add(name + ": required when hub.tls.enabled is true");
            }
            return;
        }
        if (!Files.isReadable(file)) {
            problems.add(name + ": cannot read " + file);
        }
        if (password == null || password.isBlank()) {
            problems.add(name + "-password: required (env:NAME or file:/path)");
        } else if (!SecretReferences.isReference(password)) {
            problems.add(name + "-password: must be a reference (env:NAME or file:/path), never the password itself");
        }
    }
}
