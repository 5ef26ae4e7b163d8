package org.junction.hub.audit;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.HexFormat;
import java.util.Objects;
import java.util.UUID;
import org.junction.security.audit.LedgerEventType;
import org.junction.security.crypto.EnvelopeCipher;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * What people typed when they searched, exported, released or reviewed. The words may name a
 * person, so they are kept only sealed in {@code audit_reason}, bound to the ledger event they
 * explain; the event's reason code is a digest over the event id, the criteria and the sealed words, so
 * an altered reason or criteria row no longer matches its event.
 */
public class AuditReasons {

    private final JdbcTemplate jdbc;
    private final EnvelopeCipher cipher;

    public AuditReasons(JdbcTemplate jdbc, EnvelopeCipher cipher) {
        this.jdbc = Objects.requireNonNull(jdbc);
        this.cipher = Objects.requireNonNull(cipher);
    }

    /** Associated data of a sealed reason: it opens only as this event's. */
    public static byte[] aad(UUID eventId) {
        return ("audit-reason|" + eventId).getBytes(StandardCharsets.UTF_8);
    }

    /**
     * SHA-256 in hex over the event id, the criteria (or none) and the sealed words: over the sealed
     * form, so that a guessed reason cannot be confirmed against the ledger.
     */
    public static String digest(UUID eventId, String criteria, byte[] sealedWords) {
        try {
            MessageDigest sha = MessageDigest.getInstance("SHA-256");
            sha.update((eventId + "|" + (criteria == null ? "" : criteria) + "|").getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(sha.digest(sealedWords));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every JDK", e);
        }
    }

    /**
     * Seals the words for the event; call inside the transaction that records the event.
     *
     * @return the digest the event carries as its reason code
     */
    public String keep(UUID eventId, LedgerEventType type, String person, Instant at, String criteria, String words) {
        byte[] sealed = cipher.seal(words.getBytes(StandardCharsets.UTF_8), aad(eventId));
        jdbc.update("""
                INSERT INTO audit_reason (event_id, event_type, person, recorded_at, criteria, reason)
                VALUES (?, ?, ?, ?, ?, ?)""", eventId, type.name(), person, OffsetDateTime.ofInstant(at, ZoneOffset.UTC),
                criteria, sealed);
        return digest(eventId, criteria, sealed);
    }
}
