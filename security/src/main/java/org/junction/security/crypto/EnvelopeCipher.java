package org.junction.security.crypto;

import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.Key;
import java.security.SecureRandom;
import java.util.Arrays;
import java.util.Objects;
import javax.crypto.AEADBadTagException;
import javax.crypto.Cipher;
import javax.crypto.SecretKey;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;
import org.junction.security.keys.KeyNotFoundException;
import org.junction.security.keys.KeyRing;

/**
 * Envelope encryption for data at rest: each message gets its own random AES-256 data key, which
 * encrypts the message with AES-GCM and is itself wrapped (RFC 3394 key wrap) by the ring's active
 * key-encryption key. The envelope names the KEK id, so envelopes written before a rotation still
 * open as long as the ring keeps the old KEK.
 *
 * <h2>Format, version 1 (all lengths unsigned, big-endian)</h2>
 * <pre>
 *   magic        4 bytes   "JNCE"
 *   version      1 byte    0x01
 *   kekIdLength  1 byte    1..64
 *   kekId        UTF-8     matches KeyRing.KEY_ID
 *   wrappedLen   2 bytes
 *   wrappedKey   wrappedLen bytes (40 for an AES-256 data key)
 *   iv           12 bytes
 *   ciphertext   plaintext length + 16-byte GCM tag
 * </pre>
 * The GCM associated data is the header above (magic through IV) followed by the caller's
 * associated data, so neither the header nor the context the caller bound the message to can be
 * changed without the tag check failing.
 *
 * <p>Uses the JDK provider explicitly: it is far faster here than Bouncy Castle for AES-GCM. Thread
 * safe: Cipher instances are created per call (they are cheap next to the work they do, and a
 * ThreadLocal would pin key material to pooled threads).
 */
public final class EnvelopeCipher {

    static final byte[] MAGIC = {'J', 'N', 'C', 'E'};
    static final byte VERSION = 1;
    static final int IV_BYTES = 12;
    static final int TAG_BITS = 128;
    static final int TAG_BYTES = TAG_BITS / 8;
    static final int DATA_KEY_BYTES = 32;
    static final int MAX_KEK_ID_BYTES = 64;

    private static final String PROVIDER = "SunJCE";
    private static final String DATA_TRANSFORMATION = "AES/GCM/NoPadding";
    private static final String WRAP_TRANSFORMATION = "AES/KW/NoPadding";
    /** magic, version, id length, (id), wrapped length, (wrapped key), iv, tag. */
    private static final int MIN_ENVELOPE_BYTES = MAGIC.length + 1 + 1 + 1 + 2 + 1 + IV_BYTES + TAG_BYTES;

    /** Read once per seal or open, so a ring swapped in by a rotation applies whole to each call. */
    private final java.util.function.Supplier<KeyRing> keys;
    private final SecureRandom random;

    public EnvelopeCipher(KeyRing keys) {
        this(keys, new SecureRandom());
    }

    /**
     * A cipher that takes the current ring from {@code keys} on every call: a running node switches to
     * a newly activated key-encryption key, and stops opening a retired one, without a restart.
     */
    public EnvelopeCipher(java.util.function.Supplier<KeyRing> keys) {
        this.keys = Objects.requireNonNull(keys, "keys");
        this.random = new SecureRandom();
    }

    EnvelopeCipher(KeyRing keys, SecureRandom random) {
        Objects.requireNonNull(keys, "keys");
        this.keys = () -> keys;
        this.random = Objects.requireNonNull(random, "random");
    }

    /**
     * Encrypts {@code plaintext} under a fresh data key wrapped by the active KEK.
     *
     * @param associatedData context the envelope is bound to (for example {@code "outbox|<trackingId>"});
     *     not stored in the envelope, and {@link #open} must be given the same bytes. May be empty.
     */
    public byte[] seal(byte[] plaintext, byte[] associatedData) {
        Objects.requireNonNull(plaintext, "plaintext");
        Objects.requireNonNull(associatedData, "associatedData");
        KeyRing ring = keys.get();
        String kekId = ring.activeKekId();
        byte[] kekIdBytes = kekId.getBytes(StandardCharsets.UTF_8);
        byte[] rawDataKey = new byte[DATA_KEY_BYTES];
        byte[] iv = new byte[IV_BYTES];
        random.nextBytes(rawDataKey);
        random.nextBytes(iv);
        try {
            SecretKey dataKey = new SecretKeySpec(rawDataKey, "AES");
            byte[] wrappedKey = wrap(ring.kek(kekId), dataKey);

            int headerLength = MAGIC.length + 1 + 1 + kekIdBytes.length + 2 + wrappedKey.length + IV_BYTES;
            Cipher gcm = Cipher.getInstance(DATA_TRANSFORMATION, PROVIDER);
            gcm.init(Cipher.ENCRYPT_MODE, dataKey, new GCMParameterSpec(TAG_BITS, iv));
            byte[] envelope = new byte[headerLength + gcm.getOutputSize(plaintext.length)];
            ByteBuffer header = ByteBuffer.wrap(envelope);
            header.put(MAGIC).put(VERSION)
                    .put((byte) kekIdBytes.length).put(kekIdBytes)
                    .putShort((short) wrappedKey.length).put(wrappedKey)
                    .put(iv);

            gcm.updateAAD(envelope, 0, headerLength);
            gcm.updateAAD(associatedData);
            gcm.doFinal(plaintext, 0, plaintext.length, envelope, headerLength);
            return envelope;
        } catch (GeneralSecurityException e) {
            throw new CryptoException("cannot seal under key-encryption key '" + kekId + "': "
                    + e.getClass().getSimpleName(), e);
        } finally {
            Arrays.fill(rawDataKey, (byte) 0);
        }
    }

    /**
     * Decrypts an envelope made by {@link #seal} under any KEK the ring holds.
     *
     * @throws CryptoException if the envelope is garbled or truncated, names a KEK the ring does not
     *     hold, was altered, or {@code associatedData} differs from what it was sealed with
     */
    public byte[] open(byte[] envelope, byte[] associatedData) {
        Objects.requireNonNull(associatedData, "associatedData");
        Header h = Header.parse(envelope);
        SecretKey kek;
        try {
            kek = keys.get().kek(h.kekId);
        } catch (KeyNotFoundException e) {
            throw new CryptoException("unknown key-encryption key id '" + h.kekId + "'", e);
        }
        SecretKey dataKey = unwrap(kek, envelope, h);
        try {
            Cipher gcm = Cipher.getInstance(DATA_TRANSFORMATION, PROVIDER);
            gcm.init(Cipher.DECRYPT_MODE, dataKey, new GCMParameterSpec(TAG_BITS, envelope, h.ivOffset, IV_BYTES));
            gcm.updateAAD(envelope, 0, h.ciphertextOffset);
            gcm.updateAAD(associatedData);
            return gcm.doFinal(envelope, h.ciphertextOffset, envelope.length - h.ciphertextOffset);
        } catch (AEADBadTagException e) {
            throw new CryptoException("authentication failed under key-encryption key '" + h.kekId
                    + "': envelope altered or associated data does not match", e);
        } catch (GeneralSecurityException e) {
            throw new CryptoException("cannot open envelope under key-encryption key '" + h.kekId + "': "
                    + e.getClass().getSimpleName(), e);
        }
    }

    /**
     * The id of the KEK an envelope was sealed under, read from its header without decrypting;
     * useful for finding envelopes still under a retired key.
     *
     * @throws CryptoException if the header is garbled or truncated
     */
    public static String kekIdOf(byte[] envelope) {
        return Header.parse(envelope).kekId;
    }

    private static byte[] wrap(SecretKey kek, SecretKey dataKey) throws GeneralSecurityException {
        Cipher kw = Cipher.getInstance(WRAP_TRANSFORMATION, PROVIDER);
        kw.init(Cipher.WRAP_MODE, kek);
        return kw.wrap(dataKey);
    }

    private static SecretKey unwrap(SecretKey kek, byte[] envelope, Header h) {
        try {
            Cipher kw = Cipher.getInstance(WRAP_TRANSFORMATION, PROVIDER);
            kw.init(Cipher.UNWRAP_MODE, kek);
            byte[] wrapped = Arrays.copyOfRange(envelope, h.wrappedKeyOffset, h.wrappedKeyOffset + h.wrappedKeyLength);
            Key key = kw.unwrap(wrapped, "AES", Cipher.SECRET_KEY);
            byte[] raw = key.getEncoded();
            int length = raw == null ? 0 : raw.length;
            if (raw != null) {
                Arrays.fill(raw, (byte) 0);
            }
            if (length != DATA_KEY_BYTES) {
                throw new CryptoException("wrapped data key under key-encryption key '" + h.kekId
                        + "' has the wrong length");
            }
            return (SecretKey) key;
        } catch (GeneralSecurityException e) {
            // RFC 3394 unwrap checks an integrity value, so a wrong KEK or an altered wrapped key both
            // land here rather than producing a wrong data key.
            throw new CryptoException("cannot unwrap data key under key-encryption key '" + h.kekId
                    + "': wrong key or envelope altered", e);
        }
    }

    /** Offsets into an envelope, checked against its length; never copies the ciphertext. */
    private static final class Header {

        final String kekId;
        final int wrappedKeyOffset;
        final int wrappedKeyLength;
        final int ivOffset;
        final int ciphertextOffset;

        private Header(String kekId, int wrappedKeyOffset, int wrappedKeyLength, int ivOffset, int ciphertextOffset) {
            this.kekId = kekId;
            this.wrappedKeyOffset = wrappedKeyOffset;
            this.wrappedKeyLength = wrappedKeyLength;
            this.ivOffset = ivOffset;
            this.ciphertextOffset = ciphertextOffset;
        }

        static Header parse(byte[] envelope) {
            Objects.requireNonNull(envelope, "envelope");
            if (envelope.length < MAGIC.length + 1) {
                throw new CryptoException("envelope truncated: " + envelope.length + " bytes");
            }
            if (!Arrays.equals(envelope, 0, MAGIC.length, MAGIC, 0, MAGIC.length)) {
                throw new CryptoException("not an envelope: bad magic");
            }
            int version = envelope[MAGIC.length] & 0xFF;
            if (version != VERSION) {
                throw new CryptoException("unsupported envelope format version " + version);
            }
            if (envelope.length < MIN_ENVELOPE_BYTES) {
                throw new CryptoException("envelope truncated: " + envelope.length + " bytes");
            }
            int pos = MAGIC.length + 1;
            int idLength = envelope[pos++] & 0xFF;
            if (idLength == 0 || idLength > MAX_KEK_ID_BYTES) {
                throw new CryptoException("garbled envelope: key id length " + idLength);
            }
            requireAvailable(envelope, pos, idLength + 2);
            String kekId = decodeKeyId(envelope, pos, idLength);
            pos += idLength;
            int wrappedLength = ((envelope[pos] & 0xFF) << 8) | (envelope[pos + 1] & 0xFF);
            pos += 2;
            if (wrappedLength == 0) {
                throw new CryptoException("garbled envelope: empty wrapped key under key-encryption key '"
                        + kekId + "'");
            }
            int wrappedOffset = pos;
            requireAvailable(envelope, pos, wrappedLength + IV_BYTES + TAG_BYTES);
            pos += wrappedLength;
            int ivOffset = pos;
            pos += IV_BYTES;
            return new Header(kekId, wrappedOffset, wrappedLength, ivOffset, pos);
        }

        private static void requireAvailable(byte[] envelope, int pos, int needed) {
            if (envelope.length - pos < needed) {
                throw new CryptoException("envelope truncated: " + envelope.length + " bytes");
            }
        }

        /**
         * Strict decoding, and only ids a KeyRing could hold, so that a garbled header cannot put
         * arbitrary characters into an error message or a log line.
         */
        private static String decodeKeyId(byte[] envelope, int offset, int length) {
            String id;
            try {
                id = StandardCharsets.UTF_8.newDecoder()
                        .onMalformedInput(CodingErrorAction.REPORT)
                        .onUnmappableCharacter(CodingErrorAction.REPORT)
                        .decode(ByteBuffer.wrap(envelope, offset, length))
                        .toString();
            } catch (CharacterCodingException e) {
                throw new CryptoException("garbled envelope: key id is not UTF-8");
            }
            if (!KeyRing.KEY_ID.matcher(id).matches()) {
                throw new CryptoException("garbled envelope: malformed key id");
            }
            return id;
        }
    }
}
