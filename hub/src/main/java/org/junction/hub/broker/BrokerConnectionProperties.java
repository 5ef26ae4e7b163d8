package org.junction.hub.broker;

import jakarta.validation.constraints.NotNull;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * Which broker the hub's pipeline runs on ({@code hub.broker.mode}, {@code .url}, {@code .user},
 * {@code .password}), read at start.
 *
 * @param mode     {@code EMBEDDED} (the default: Artemis in the hub's own JVM, journal under
 *                 {@code hub.data-dir}) or {@code EXTERNAL} (a broker or HA pair someone else runs;
 *                 the embedded broker is then not started)
 * @param url      with {@code EXTERNAL}: the Artemis client URL naming every broker of the pair, with
 *                 {@code ha=true}, e.g. {@code (tcp://a:61717,tcp://b:61718)?ha=true&reconnectAttempts=-1}
 * @param user     with {@code EXTERNAL}: the hub's login on that broker
 * @param password with {@code EXTERNAL}: a reference to its password ({@code env:NAME} or
 *                 {@code file:/path}), never the password itself
 */
@Validated
@ConfigurationProperties("hub.broker")
public record BrokerConnectionProperties(
        @DefaultValue("EMBEDDED") @NotNull Mode mode,
        String url,
        String user,
        String password) {

    public enum Mode { EMBEDDED, EXTERNAL }

    public boolean external() {
        return mode == Mode.EXTERNAL;
    }

    /** Refuses an external mode that could not connect, or could connect only by a password in the clear. */
    void checkExternal() {
        if (url == null || url.isBlank()) {
            throw new IllegalStateException("hub.broker.url: required with hub.broker.mode=EXTERNAL "
                    + "(e.g. (tcp://live:61717,tcp://backup:61718)?ha=true&reconnectAttempts=-1)");
        }
        if (user == null || user.isBlank()) {
            throw new IllegalStateException("hub.broker.user: required with hub.broker.mode=EXTERNAL");
        }
        if (password == null || !org.junction.adapters.partner.SecretReferences.isReference(password)) {
            throw new IllegalStateException("hub.broker.password: required with hub.broker.mode=EXTERNAL, "
                    + "as a reference (env:NAME or file:/path), never the password itself");
        }
    }
}
