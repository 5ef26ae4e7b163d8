package org.junction.security.keys;

import java.io.IOException;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.cert.X509Certificate;
import java.time.Instant;
import java.util.Collections;
import java.util.Comparator;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.TreeMap;
import org.bouncycastle.crypto.params.AsymmetricKeyParameter;
import org.bouncycastle.crypto.params.Ed25519PublicKeyParameters;
import org.bouncycastle.crypto.signers.Ed25519Signer;
import org.bouncycastle.crypto.util.PrivateKeyFactory;
import org.bouncycastle.crypto.util.PublicKeyFactory;

/**
 * The Ed25519 keys the ledger's checkpoints are signed with, by key id. One id is active (new
 * checkpoints are signed with it); the others are kept so checkpoints they signed still verify.
 *
 * <p>The active id is the key whose certificate was issued last (ties broken by the longer, then
 * greater, id), so a rotation is just adding a newer key to the shared keystore: no other state
 * has to agree with it. A ring may also hold public keys only (a verifier that must not sign).
 *
 * <p>Signatures are made and checked with Bouncy Castle's Ed25519 (RFC 8032, pure), so they verify
 * with any Ed25519 implementation given the public key. {@link #toString()} lists ids only.
 */
public final class LedgerSigningKeys {

    /** One ledger key: the private half is null in a verify-only ring. */
    public record LedgerKey(String id, PrivateKey privateKey, PublicKey publicKey, Instant createdAt) {

        public LedgerKey {
            KeyRing.requireValidId(id);
            Objects.requireNonNull(publicKey, "publicKey");
            Objects.requireNonNull(createdAt, "createdAt");
        }

        public static LedgerKey of(String id, PrivateKey privateKey, X509Certificate certificate) {
            return new LedgerKey(id, privateKey, certificate.getPublicKey(), certificate.getNotBefore().toInstant());
        }

        /** The 32-byte Ed25519 public key, as a JWK carries it ({@code x}). */
        public byte[] rawPublicKey() {
            return ((Ed25519PublicKeyParameters) publicParameters(publicKey)).getEncoded();
        }

        @Override
        public String toString() {
            return "LedgerKey[" + id + ", created " + createdAt + (privateKey == null ? ", public only" : "") + "]";
        }
    }

    /** Orders keys oldest first; the last one is active. */
    static final Comparator<LedgerKey> AGE = Comparator.comparing(LedgerKey::createdAt)
            .thenComparing(k -> k.id().length())
            .thenComparing(LedgerKey::id);

    private final Map<String, LedgerKey> keys;
    private final LedgerKey active;

    private LedgerSigningKeys(Map<String, LedgerKey> keys) {
        if (keys.isEmpty()) {
            throw new IllegalArgumentException("a ledger key ring needs at least one key");
        }
        this.keys = Collections.unmodifiableMap(new TreeMap<>(keys));
        this.active = this.keys.values().stream().max(AGE).orElseThrow();
    }

    public static LedgerSigningKeys of(Iterable<LedgerKey> keys) {
        Map<String, LedgerKey> byId = new TreeMap<>();
        for (LedgerKey key : keys) {
            if (byId.put(key.id(), key) != null) {
                throw new IllegalArgumentException("ledger key id '" + key.id() + "' appears twice");
            }
        }
        return new LedgerSigningKeys(byId);
    }

    public String activeKeyId() {
        return active.id();
    }

    /** Sorted by id, unmodifiable. */
    public Map<String, LedgerKey> keys() {
        return keys;
    }

    public Optional<LedgerKey> key(String id) {
        return Optional.ofNullable(keys.get(id));
    }

    /**
     * Signs {@code data} with the active key.
     *
     * @throws IllegalStateException if this ring holds the active key's public half only
     */
    public byte[] sign(byte[] data) {
        if (active.privateKey() == null) {
            throw new IllegalStateException("ledger key '" + active.id() + "' is held as a public key only");
        }
        AsymmetricKeyParameter key;
        try {
            key = PrivateKeyFactory.createKey(active.privateKey().getEncoded());
        } catch (IOException | RuntimeException e) {
            throw new IllegalStateException("ledger key '" + active.id() + "' is not a usable Ed25519 key", e);
        }
        Ed25519Signer signer = new Ed25519Signer();
        signer.init(true, key);
        signer.update(data, 0, data.length);
        return signer.generateSignature();
    }

    /** False for an unknown key id as for a wrong signature: either way the signature proves nothing. */
    public boolean verify(String keyId, byte[] data, byte[] signature) {
        LedgerKey key = keys.get(keyId);
        return key != null && verify(key.publicKey(), data, signature);
    }

    /** Checks an Ed25519 signature with a public key; false (never an exception) for anything malformed. */
    public static boolean verify(PublicKey publicKey, byte[] data, byte[] signature) {
        if (signature == null || signature.length != Ed25519PublicKeyParameters.KEY_SIZE * 2) {
            return false;
        }
        try {
            Ed25519Signer verifier = new Ed25519Signer();
            verifier.init(false, publicParameters(publicKey));
            verifier.update(data, 0, data.length);
            return verifier.verifySignature(signature);
        } catch (RuntimeException e) {
            return false;
        }
    }

    private static AsymmetricKeyParameter publicParameters(PublicKey publicKey) {
        try {
            AsymmetricKeyParameter key = PublicKeyFactory.createKey(publicKey.getEncoded());
            if (!(key instanceof Ed25519PublicKeyParameters)) {
                throw new IllegalArgumentException("not an Ed25519 public key: " + publicKey.getAlgorithm());
            }
            return key;
        } catch (IOException e) {
            throw new IllegalArgumentException("unreadable public key", e);
        }
    }

    @Override
    public String toString() {
        return "LedgerSigningKeys[" + keys.keySet() + ", active=" + active.id() + "]";
    }
}
