package org.junction.security.keys;

import java.util.Random;
import javax.crypto.SecretKey;
import javax.crypto.spec.SecretKeySpec;

/** Deterministic keys for tests: seeded, so a failure reproduces with the same bytes. */
public final class TestKeys {

    private TestKeys() {
    }

    public static SecretKey aes(long seed) {
        return new SecretKeySpec(bytes(seed), "AES");
    }

    public static SecretKey hmac(long seed) {
        return new SecretKeySpec(bytes(seed), "HmacSHA256");
    }

    public static byte[] bytes(long seed) {
        byte[] b = new byte[32];
        new Random(seed).nextBytes(b);
        return b;
    }

    /** A ring with KEK {@code a} and pseudonym key {@code p1}, both active. */
    public static KeyRing ring() {
        return KeyRing.builder()
                .kek("a", aes(1)).activeKek("a")
                .pseudonymKey("p1", hmac(101)).activePseudonymKey("p1")
                .build();
    }
}
