package org.junction.security.crypto;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.util.HexFormat;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Signatures of webhook deliveries: HMAC-SHA256 (JDK provider) over the timestamp, a dot and the
 * body, so a receiver can check both that the hub sent it and that it is not a replay of an old
 * delivery (by refusing timestamps outside its window).
 */
public final class WebhookSignatures {

    public static final String SCHEME = "sha256=";

    private WebhookSignatures() {
    }

    /** {@code sha256=<hex>} of HMAC-SHA256(secret, timestamp + "." + body). */
    public static String sign(byte[] secret, String timestamp, byte[] body) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(secret, "HmacSHA256"));
            mac.update(timestamp.getBytes(StandardCharsets.US_ASCII));
            mac.update((byte) '.');
            return SCHEME + HexFormat.of().formatHex(mac.doFinal(body));
        } catch (GeneralSecurityException e) {
            throw new CryptoException("HMAC-SHA256 is unavailable");
        }
    }
}
