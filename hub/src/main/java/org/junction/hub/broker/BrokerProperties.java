package org.junction.hub.broker;

import jakarta.validation.Valid;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotEmpty;
import jakarta.validation.constraints.NotNull;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junction.hub.tls.TlsProperties;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * The embedded broker's partner-facing side ({@code hub.broker.*}), read at start.
 *
 * @param partnerPort  where partners of adapter type {@code jms} connect (AMQP 1.0 and Artemis
 *                     CORE on one port); unset keeps the broker in-process only
 * @param partnerHost  the interface the partner port binds to; anything but loopback needs TLS,
 *                     since partners may log in with their API key
 * @param tls          the partner port's TLS: required off loopback, and with a trust store wherever
 *                     API keys are refused (production), since partners then log in by certificate
 * @param partnerDeliveryAttempts  how often a message on a partner's queue is tried (the hub's
 *                     intake of {@code partner.<id>.in}, the partner's own consumption of
 *                     {@code partner.<id>.out}) before the broker moves it to its dead-letter queue
 * @param partnerRedeliveryDelay   the first wait before such a retry; it doubles up to
 *                     {@code partnerMaxRedeliveryDelay}
 */
@Validated
@ConfigurationProperties("hub.broker")
public record BrokerProperties(
        @Min(1) @Max(65535) Integer partnerPort,
        @DefaultValue("127.0.0.1") @NotBlank String partnerHost,
        @Valid Tls tls,
        @DefaultValue("20") @Min(1) int partnerDeliveryAttempts,
        @DefaultValue("1s") @NotNull Duration partnerRedeliveryDelay,
        @DefaultValue("5m") @NotNull Duration partnerMaxRedeliveryDelay) {

    /**
     * @param keyStore           PKCS#12 key store with the broker's certificate and key
     * @param keyStorePassword   reference to its password ({@code env:NAME} or {@code file:/path})
     * @param trustStore         PKCS#12 file with the CAs that issue partners' client certificates;
     *                           without it no certificate is asked for and partners log in by API key only
     * @param trustStorePassword reference to its password
     * @param clientAuth         with a trust store: {@code WANT} asks for a certificate, {@code NEED}
     *                           refuses a handshake without one
     * @param protocols          TLS versions offered; the highest both sides speak is used, so 1.3 is
     *                           preferred and 1.2 the minimum
     */
    public record Tls(@NotNull Path keyStore, @NotBlank String keyStorePassword, Path trustStore,
                      String trustStorePassword,
                      @DefaultValue("WANT") @NotNull TlsProperties.ClientAuth clientAuth,
                      @DefaultValue({"TLSv1.3", "TLSv1.2"}) @NotEmpty List<String> protocols) {

        /** A server key store only: TLS without client certificates. (A second constructor would stop binding.) */
        public static Tls serverOnly(Path keyStore, String keyStorePassword) {
            return new Tls(keyStore, keyStorePassword, null, null, TlsProperties.ClientAuth.WANT, List.of("TLSv1.3", "TLSv1.2"));
        }

        /** Whether partners are asked for a client certificate in the handshake. */
        public boolean asksForClientCertificates() {
            return trustStore != null && clientAuth != TlsProperties.ClientAuth.NONE;
        }
    }

    public boolean partnerPortOpen() {
        return partnerPort != null;
    }

    /** Refuses settings that would send partners' keys in the clear over a network. */
    void checkSafe() {
        checkSafe(true);
    }

    /**
     * Refuses settings that would send partners' keys in the clear over a network, offer TLS older
     * than 1.2, or (where API keys are refused) leave partners no way to log in but a certificate
     * the port never asks for.
     */
    void checkSafe(boolean apiKeysAllowed) {
        if (!partnerPortOpen()) {
            return;
        }
        if (tls == null && !loopback(partnerHost)) {
            throw new IllegalStateException("hub.broker.partner-host " + partnerHost
                    + " is not a loopback address: set hub.broker.tls (partners log in with their API key)");
        }
        if (!apiKeysAllowed && (tls == null || !tls.asksForClientCertificates())) {
            throw new IllegalStateException("hub.broker.tls.trust-store: API keys are refused "
                    + "(hub.security.api-keys-allowed=false), so partners log in to the broker by client certificate: "
                    + "set hub.broker.tls with a trust-store and client-auth WANT or NEED");
        }
        if (tls != null) {
            for (String protocol : tls.protocols()) {
                if (!TlsProperties.ALLOWED_PROTOCOLS.contains(protocol)) {
                    throw new IllegalStateException("hub.broker.tls.protocols: '" + protocol + "' is not allowed (only "
                            + TlsProperties.ALLOWED_PROTOCOLS.stream().sorted().toList() + "; TLS 1.2 is the minimum)");
                }
            }
            if (tls.trustStore() != null && (tls.trustStorePassword() == null || tls.trustStorePassword().isBlank())) {
                throw new IllegalStateException("hub.broker.tls.trust-store-password: required with a trust store "
                        + "(env:NAME or file:/path)");
            }
        }
    }

    private static boolean loopback(String host) {
        try {
            return InetAddress.getByName(host).isLoopbackAddress();
        } catch (UnknownHostException e) {
            return false;
        }
    }
}
