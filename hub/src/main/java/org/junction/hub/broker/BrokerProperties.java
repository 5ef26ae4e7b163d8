package org.junction.hub.broker;

import jakarta.validation.Valid;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.file.Path;
import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * The embedded broker's partner-facing side ({@code hub.broker.*}), read at start.
 *
 * @param partnerPort  where partners of adapter type {@code jms} connect (AMQP 1.0 and Artemis
 *                     CORE on one port); unset keeps the broker in-process only
 * @param partnerHost  the interface the partner port binds to; anything but loopback needs TLS,
 *                     since partners log in with their API key
 * @param tls          the partner port's TLS key store; required off loopback
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
     * @param keyStore         PKCS#12 key store with the broker's certificate and key
     * @param keyStorePassword reference to its password ({@code env:NAME} or {@code file:/path})
     */
    public record Tls(@NotNull Path keyStore, @NotBlank String keyStorePassword) {
    }

    public boolean partnerPortOpen() {
        return partnerPort != null;
    }

    /** Refuses settings that would send partners' keys in the clear over a network. */
    void checkSafe() {
        if (partnerPortOpen() && tls == null && !loopback(partnerHost)) {
            throw new IllegalStateException("hub.broker.partner-host " + partnerHost
                    + " is not a loopback address: set hub.broker.tls (partners log in with their API key)");
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
