package org.junction.security.audit;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Base64;
import java.util.Objects;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A signed statement that the sealed chain had {@code headHash} at position {@code seq} at
 * {@code createdAt}. It carries positions, hashes, a time and a key id only: nothing about any
 * person or message, so it can be handed to partners and kept in files outside the hub.
 *
 * <p>The signature is Ed25519 over {@link #signedText()}, UTF-8: the lines
 * {@code junction.ledger.checkpoint.v1}, seq (decimal), head hash (lowercase hex), time (ISO-8601 UTC,
 * as {@link Instant#toString()} prints a whole-millisecond instant) and key id, joined by {@code \n}.
 */
public record LedgerCheckpoint(long seq, String headHash, Instant createdAt, String keyId, String signature) {

    private static final Pattern HASH = Pattern.compile("[0-9a-f]{64}");
    private static final Pattern LINE = Pattern.compile(
            "\\{\"seq\":(\\d{1,19}),\"headHash\":\"([0-9a-f]{64})\",\"createdAt\":\"([0-9TZ:.+-]{1,40})\","
                    + "\"keyId\":\"([a-z0-9._-]{1,64})\",\"signature\":\"([A-Za-z0-9+/=]{1,200})\"}");

    public LedgerCheckpoint {
        if (seq < 1) {
            throw new IllegalArgumentException("checkpoint seq must be at least 1");
        }
        if (headHash == null || !HASH.matcher(headHash).matches()) {
            throw new IllegalArgumentException("checkpoint head hash must be 64 lowercase hex digits");
        }
        Objects.requireNonNull(createdAt, "createdAt");
        Objects.requireNonNull(keyId, "keyId");
        Objects.requireNonNull(signature, "signature");
    }

    /** What is signed for a checkpoint of {@code seq} / {@code headHash} made at {@code createdAt} with {@code keyId}. */
    public static String signedText(long seq, String headHash, Instant createdAt, String keyId) {
        return "junction.ledger.checkpoint.v1\n" + seq + "\n" + headHash + "\n" + createdAt + "\n" + keyId;
    }

    public String signedText() {
        return signedText(seq, headHash, createdAt, keyId);
    }

    public byte[] signedBytes() {
        return signedText().getBytes(StandardCharsets.UTF_8);
    }

    public byte[] signatureBytes() {
        try {
            return Base64.getDecoder().decode(signature);
        } catch (IllegalArgumentException e) {
            return new byte[0];
        }
    }

    /** One line of JSON, the form of the checkpoint file and of the API (field order fixed, no spaces). */
    public String toJsonLine() {
        return "{\"seq\":" + seq + ",\"headHash\":\"" + headHash + "\",\"createdAt\":\"" + createdAt
                + "\",\"keyId\":\"" + keyId + "\",\"signature\":\"" + signature + "\"}";
    }

    /**
     * Reads a line written by {@link #toJsonLine()}.
     *
     * @throws IllegalArgumentException for anything else; the message does not echo the line
     */
    public static LedgerCheckpoint fromJsonLine(String line) {
        Matcher m = LINE.matcher(line.strip());
        if (!m.matches()) {
            throw new IllegalArgumentException("not a checkpoint line");
        }
        try {
            return new LedgerCheckpoint(Long.parseLong(m.group(1)), m.group(2), Instant.parse(m.group(3)), m.group(4),
                    m.group(5));
        } catch (RuntimeException e) {
            throw new IllegalArgumentException("not a checkpoint line", e);
        }
    }
}
