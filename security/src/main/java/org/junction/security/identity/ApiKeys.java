package org.junction.security.identity;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/**
 * API keys are configured by their SHA-256 only, so a leaked configuration file leaks no
 * credential; a presented key is hashed and compared in constant time.
 */
public final class ApiKeys {

    private ApiKeys() {
    }

    public static byte[] sha256(String key) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(key.getBytes(StandardCharsets.UTF_8));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is a required JDK algorithm", e);
        }
    }

    public static String sha256Hex(String key) {
        return HexFormat.of().formatHex(sha256(key));
    }

    public static boolean matches(byte[] presentedHash, byte[] configuredHash) {
        return MessageDigest.isEqual(presentedHash, configuredHash);
    }
}
