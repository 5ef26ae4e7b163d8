package org.junction.security.pseudonym;

import java.util.Objects;

/**
 * A keyed pseudonym of an identifier: the id of the key that made it and the base64url HMAC value
 * (no padding). The key id travels with the value because pseudonyms made under different keys are
 * unrelated; a search after a key rotation has to look under each key still in use.
 *
 * <p>{@link #toString()} is {@code keyId:value}, the form stored in the ledger and indexes;
 * {@link #parse} reads it back.
 */
public record Pseudonym(String keyId, String value) {

    public Pseudonym {
        Objects.requireNonNull(keyId, "keyId");
        Objects.requireNonNull(value, "value");
        if (keyId.isEmpty() || keyId.indexOf(':') >= 0) {
            throw new IllegalArgumentException("pseudonym key id must be non-empty and contain no ':'");
        }
        if (value.isEmpty()) {
            throw new IllegalArgumentException("pseudonym value must be non-empty");
        }
    }

    /** Reads the {@code keyId:value} form produced by {@link #toString()}. */
    public static Pseudonym parse(String text) {
        Objects.requireNonNull(text, "text");
        int colon = text.indexOf(':');
        if (colon <= 0 || colon == text.length() - 1) {
            throw new IllegalArgumentException("not a pseudonym: expected keyId:value");
        }
        return new Pseudonym(text.substring(0, colon), text.substring(colon + 1));
    }

    @Override
    public String toString() {
        return keyId + ":" + value;
    }
}
