package org.junction.security.people;

import java.nio.ByteBuffer;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.time.Instant;
import java.util.OptionalLong;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Time-based one-time passwords (RFC 6238 over RFC 4226): HMAC-SHA1, 30-second steps from the Unix
 * epoch, 6 digits, which is what every authenticator app understands. A code of the step before or
 * after the current one is accepted too, for clocks a little apart.
 */
public final class Totp {

    public static final int DIGITS = 6;
    public static final long STEP_SECONDS = 30;
    /** 160 bits, the HMAC-SHA1 block-sized key RFC 4226 recommends. */
    public static final int SECRET_BYTES = 20;
    private static final int DRIFT_STEPS = 1;

    private Totp() {
    }

    public static byte[] newSecret(SecureRandom random) {
        byte[] secret = new byte[SECRET_BYTES];
        random.nextBytes(secret);
        return secret;
    }

    public static long step(Instant at) {
        return Math.floorDiv(at.getEpochSecond(), STEP_SECONDS);
    }

    /** The code for one time step, zero-padded to {@value #DIGITS} digits. */
    public static String code(byte[] secret, long step) {
        return code(secret, step, "HmacSHA1", DIGITS);
    }

    /** RFC 6238 allows SHA-256 and SHA-512 and 8 digits too; the hub uses SHA-1 and 6, the tests check all. */
    static String code(byte[] secret, long step, String algorithm, int digits) {
        try {
            Mac mac = Mac.getInstance(algorithm);
            mac.init(new SecretKeySpec(secret, algorithm));
            byte[] hash = mac.doFinal(ByteBuffer.allocate(Long.BYTES).putLong(step).array());
            // Dynamic truncation (RFC 4226 section 5.3).
            int offset = hash[hash.length - 1] & 0x0f;
            int binary = ((hash[offset] & 0x7f) << 24) | ((hash[offset + 1] & 0xff) << 16)
                    | ((hash[offset + 2] & 0xff) << 8) | (hash[offset + 3] & 0xff);
            long modulus = (long) Math.pow(10, digits);
            return String.format("%0" + digits + "d", binary % modulus);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(algorithm + " is a required JDK algorithm", e);
        }
    }

    /**
     * The time step whose code {@code presented} is, within the drift window around {@code now};
     * empty when it matches none. Every candidate is compared, in constant time, so timing does not
     * tell which step came close.
     */
    public static OptionalLong matchingStep(byte[] secret, String presented, Instant now) {
        if (presented == null || !presented.matches("\\d{" + DIGITS + "}")) {
            return OptionalLong.empty();
        }
        long current = step(now);
        long matched = Long.MIN_VALUE;
        for (long s = current - DRIFT_STEPS; s <= current + DRIFT_STEPS; s++) {
            if (MessageDigest.isEqual(code(secret, s).getBytes(), presented.getBytes())) {
                matched = s;
            }
        }
        return matched == Long.MIN_VALUE ? OptionalLong.empty() : OptionalLong.of(matched);
    }

    /** The {@code otpauth://} URI authenticator apps read (usually from a QR code). */
    public static String otpauthUri(String issuer, String account, byte[] secret) {
        String label = encode(issuer) + ":" + encode(account);
        return "otpauth://totp/" + label + "?secret=" + Base32.encode(secret) + "&issuer=" + encode(issuer)
                + "&algorithm=SHA1&digits=" + DIGITS + "&period=" + STEP_SECONDS;
    }

    private static String encode(String s) {
        return java.net.URLEncoder.encode(s, java.nio.charset.StandardCharsets.UTF_8).replace("+", "%20");
    }

}
