package org.junction.adapters.intake;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.UUID;

/**
 * Deterministic broker duplicate ids. The same (message, stage, recipient, generation) always
 * yields the same id, so a resend after a crash is dropped by the broker's duplicate detection,
 * while a deliberate new generation (replay, forced re-send) gets a fresh one.
 */
public final class DuplicateIds {

    private DuplicateIds() {
    }

    public static String of(UUID trackingId, String stage, String recipient, int generation) {
        String key = trackingId + "|" + stage + "|" + (recipient == null ? "-" : recipient) + "|" + generation;
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(key.getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(digest);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is a required JDK algorithm", e);
        }
    }
}
