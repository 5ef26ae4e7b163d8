package org.junction.adapters.intake;

import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/**
 * SHA-256 of a request body as it arrived, kept beside the request id so that a repeat of the
 * same request can be told from the id reused for another referral. A whole referral body is not
 * a value anyone could guess and confirm, unlike a single identifier, so it needs no key.
 */
final class BodyDigests {

    private BodyDigests() {
    }

    static String of(byte[] body) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(body));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JDK has SHA-256", e);
        }
    }
}
