package org.junction.adapters.outbound;

import java.util.function.Supplier;
import javax.net.ssl.SSLContext;

/**
 * How the hub presents itself to one partner's API: the TLS context carrying the hub's client
 * certificate for that partner (and the partner's CA, where given), and the source of access tokens.
 *
 * @param sslContext null for the JDK's defaults (no client certificate, the JDK's trusted CAs)
 * @param protocols  TLS versions offered; TLS 1.2 is the minimum
 * @param tokens     null when the partner's API takes no access token
 */
public record PartnerOutbound(SSLContext sslContext, String[] protocols, Supplier<String> tokens) {

    public static final String[] PROTOCOLS = {"TLSv1.3", "TLSv1.2"};

    public static PartnerOutbound plain() {
        return new PartnerOutbound(null, PROTOCOLS, null);
    }

    /** The current access token, or null when the partner takes none. */
    public String accessToken() {
        return tokens == null ? null : tokens.get();
    }

    /** The context to open connections with: the partner's, else the JDK's default. */
    public SSLContext sslContextOrDefault() {
        try {
            return sslContext != null ? sslContext : SSLContext.getDefault();
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException("no default TLS context", e);
        }
    }
}
