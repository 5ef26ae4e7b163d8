package org.junction.security.keys;

import java.util.Arrays;
import java.util.Collections;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeMap;
import java.util.regex.Pattern;
import javax.crypto.SecretKey;
import javax.crypto.spec.SecretKeySpec;

/**
 * The keys every hub node shares: key-encryption keys (AES-256) and pseudonym keys (HMAC-SHA256),
 * each versioned by an id with one active id per family.
 *
 * <p>Several ids per family exist so that keys can be rotated without downtime: new data is always
 * protected with the active key, while anything produced earlier names the id it was made with and
 * can still be read. Instances are immutable; rotation produces a new ring ({@link #withKek},
 * {@link #withActiveKek}), which callers swap in atomically.
 *
 * <p>{@link #toString()} lists ids only, so a ring can be logged safely.
 */
public final class KeyRing {

    /**
     * Key ids are lower case because PKCS12 keystores fold aliases to lower case (an id "A" would
     * come back as "a" and no longer match envelopes that name "A"); they are restricted to a small
     * alphabet because they are written into envelope headers, pseudonym strings ({@code id:value})
     * and error messages.
     */
    public static final Pattern KEY_ID = Pattern.compile("[a-z0-9][a-z0-9._-]{0,63}");

    /** Both families use 256-bit keys: AES-256 for KEKs, and an HMAC key as long as its hash output. */
    public static final int KEY_BYTES = 32;

    static final String HMAC_ALGORITHM = "HmacSHA256";

    private final Map<String, SecretKey> keks;
    private final String activeKekId;
    private final Map<String, SecretKey> pseudonymKeys;
    private final String activePseudonymKeyId;

    private KeyRing(Map<String, SecretKey> keks, String activeKekId,
                    Map<String, SecretKey> pseudonymKeys, String activePseudonymKeyId) {
        this.keks = Collections.unmodifiableMap(new TreeMap<>(keks));
        this.pseudonymKeys = Collections.unmodifiableMap(new TreeMap<>(pseudonymKeys));
        this.activeKekId = Objects.requireNonNull(activeKekId, "active key-encryption key id");
        this.activePseudonymKeyId = Objects.requireNonNull(activePseudonymKeyId, "active pseudonym key id");
        if (!this.keks.containsKey(activeKekId)) {
            throw new KeyNotFoundException(KeyNotFoundException.Kind.KEY_ENCRYPTION, activeKekId);
        }
        if (!this.pseudonymKeys.containsKey(activePseudonymKeyId)) {
            throw new KeyNotFoundException(KeyNotFoundException.Kind.PSEUDONYM, activePseudonymKeyId);
        }
    }

    public static Builder builder() {
        return new Builder();
    }

    public String activeKekId() {
        return activeKekId;
    }

    public SecretKey activeKek() {
        return keks.get(activeKekId);
    }

    /** @throws KeyNotFoundException if the ring holds no KEK with this id */
    public SecretKey kek(String id) {
        SecretKey key = keks.get(Objects.requireNonNull(id, "key id"));
        if (key == null) {
            throw new KeyNotFoundException(KeyNotFoundException.Kind.KEY_ENCRYPTION, id);
        }
        return key;
    }

    public boolean hasKek(String id) {
        return keks.containsKey(id);
    }

    /** Sorted, unmodifiable. */
    public Set<String> kekIds() {
        return keks.keySet();
    }

    public String activePseudonymKeyId() {
        return activePseudonymKeyId;
    }

    public SecretKey activePseudonymKey() {
        return pseudonymKeys.get(activePseudonymKeyId);
    }

    /** @throws KeyNotFoundException if the ring holds no pseudonym key with this id */
    public SecretKey pseudonymKey(String id) {
        SecretKey key = pseudonymKeys.get(Objects.requireNonNull(id, "key id"));
        if (key == null) {
            throw new KeyNotFoundException(KeyNotFoundException.Kind.PSEUDONYM, id);
        }
        return key;
    }

    public boolean hasPseudonymKey(String id) {
        return pseudonymKeys.containsKey(id);
    }

    /** Sorted, unmodifiable. */
    public Set<String> pseudonymKeyIds() {
        return pseudonymKeys.keySet();
    }

    /** A ring that also holds {@code kek} under {@code id}; the active id is unchanged. */
    public KeyRing withKek(String id, SecretKey kek) {
        return toBuilder().kek(id, kek).build();
    }

    /** A ring whose active KEK is {@code id}, which must already be present. */
    public KeyRing withActiveKek(String id) {
        return toBuilder().activeKek(id).build();
    }

    /** A ring that also holds {@code key} under {@code id}; the active id is unchanged. */
    public KeyRing withPseudonymKey(String id, SecretKey key) {
        return toBuilder().pseudonymKey(id, key).build();
    }

    /** A ring whose active pseudonym key is {@code id}, which must already be present. */
    public KeyRing withActivePseudonymKey(String id) {
        return toBuilder().activePseudonymKey(id).build();
    }

    public Builder toBuilder() {
        Builder b = new Builder();
        b.keks.putAll(keks);
        b.pseudonymKeys.putAll(pseudonymKeys);
        b.activeKekId = activeKekId;
        b.activePseudonymKeyId = activePseudonymKeyId;
        return b;
    }

    @Override
    public String toString() {
        return "KeyRing[keks=" + keks.keySet() + ", activeKek=" + activeKekId
                + ", pseudonymKeys=" + pseudonymKeys.keySet() + ", activePseudonymKey=" + activePseudonymKeyId + "]";
    }

    static String requireValidId(String id) {
        Objects.requireNonNull(id, "key id");
        if (!KEY_ID.matcher(id).matches()) {
            throw new IllegalArgumentException("invalid key id '" + id + "': expected " + KEY_ID.pattern());
        }
        return id;
    }

    /**
     * Copies the key bytes into a fresh {@link SecretKeySpec} so that a caller destroying or reusing
     * its own key object cannot change the ring, and so the ring never holds a provider-specific
     * (possibly non-extractable) key object that a JDK Cipher or Mac might refuse.
     */
    private static SecretKey copyOf(SecretKey key, String algorithm, String what, String id) {
        Objects.requireNonNull(key, what);
        byte[] encoded = key.getEncoded();
        if (encoded == null) {
            throw new IllegalArgumentException(what + " '" + id + "' is not extractable (no RAW encoding)");
        }
        try {
            if (encoded.length != KEY_BYTES) {
                throw new IllegalArgumentException(what + " '" + id + "' must be " + KEY_BYTES
                        + " bytes, was " + encoded.length);
            }
            return new SecretKeySpec(encoded, algorithm);
        } finally {
            Arrays.fill(encoded, (byte) 0);
        }
    }

    /** Collects keys and active ids; {@link #build()} checks that each active id is present. */
    public static final class Builder {

        private final Map<String, SecretKey> keks = new TreeMap<>();
        private final Map<String, SecretKey> pseudonymKeys = new TreeMap<>();
        private String activeKekId;
        private String activePseudonymKeyId;

        private Builder() {
        }

        /** Adds or replaces a KEK; it must be an AES key of 32 bytes. */
        public Builder kek(String id, SecretKey key) {
            requireValidId(id);
            if (key != null && !"AES".equalsIgnoreCase(key.getAlgorithm())) {
                throw new IllegalArgumentException("key-encryption key '" + id + "' must be an AES key, was "
                        + key.getAlgorithm());
            }
            keks.put(id, copyOf(key, "AES", "key-encryption key", id));
            return this;
        }

        public Builder activeKek(String id) {
            this.activeKekId = requireValidId(id);
            return this;
        }

        /**
         * Adds or replaces a pseudonym key of 32 bytes. The algorithm name of the given key is not
         * checked, only its length, so a key stored under another secret-key type still works; it is
         * always used as HmacSHA256.
         */
        public Builder pseudonymKey(String id, SecretKey key) {
            requireValidId(id);
            pseudonymKeys.put(id, copyOf(key, HMAC_ALGORITHM, "pseudonym key", id));
            return this;
        }

        public Builder activePseudonymKey(String id) {
            this.activePseudonymKeyId = requireValidId(id);
            return this;
        }

        /** @throws KeyNotFoundException if an active id names no key that was added */
        public KeyRing build() {
            return new KeyRing(keks, activeKekId, pseudonymKeys, activePseudonymKeyId);
        }
    }
}
