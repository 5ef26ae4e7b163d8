package org.junction.security.crypto;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junction.security.keys.KeyRing;
import org.junction.security.keys.TestKeys;
import org.junit.jupiter.api.Test;

class EnvelopeCipherTest {

    private static final byte[] PLAINTEXT = utf8("{\"nhsNumber\":\"9434765919\",\"name\":\"Test Person\"}");
    private static final byte[] AAD = utf8("outbox|trk-0001");

    private final KeyRing ring = TestKeys.ring();
    private final EnvelopeCipher cipher = new EnvelopeCipher(ring);

    @Test
    void openReturnsWhatWasSealed() {
        byte[] envelope = cipher.seal(PLAINTEXT, AAD);

        assertThat(cipher.open(envelope, AAD)).isEqualTo(PLAINTEXT);
    }

    @Test
    void emptyPlaintextAndEmptyAssociatedDataRoundTrip() {
        byte[] envelope = cipher.seal(new byte[0], new byte[0]);

        assertThat(cipher.open(envelope, new byte[0])).isEmpty();
    }

    @Test
    void sealingTheSamePlaintextTwiceGivesDifferentEnvelopes() {
        byte[] first = cipher.seal(PLAINTEXT, AAD);
        byte[] second = cipher.seal(PLAINTEXT, AAD);

        assertThat(first).isNotEqualTo(second);
        Header h1 = Header.of(first);
        Header h2 = Header.of(second);
        assertThat(h1.wrappedKey()).isNotEqualTo(h2.wrappedKey());
        assertThat(h1.iv()).isNotEqualTo(h2.iv());
    }

    @Test
    void envelopeHasTheDocumentedLayout() {
        byte[] envelope = cipher.seal(PLAINTEXT, AAD);

        Header h = Header.of(envelope);
        assertThat(Arrays.copyOfRange(envelope, 0, 4)).isEqualTo(utf8("JNCE"));
        assertThat(envelope[4]).isEqualTo((byte) 1);
        assertThat(h.kekId()).isEqualTo("a");
        assertThat(h.wrappedKey()).hasSize(40);
        assertThat(h.iv()).hasSize(12);
        assertThat(envelope.length - h.ciphertextOffset()).isEqualTo(PLAINTEXT.length + 16);
        assertThat(EnvelopeCipher.kekIdOf(envelope)).isEqualTo("a");
    }

    @Test
    void ciphertextDoesNotContainThePlaintext() {
        byte[] envelope = cipher.seal(PLAINTEXT, AAD);

        assertThat(indexOf(envelope, PLAINTEXT)).isEqualTo(-1);
        assertThat(indexOf(envelope, utf8("9434765919"))).isEqualTo(-1);
    }

    @Test
    void aFlippedBitAnywhereInTheEnvelopeIsRejected() {
        byte[] envelope = cipher.seal(PLAINTEXT, AAD);

        for (int i = 0; i < envelope.length * 8; i++) {
            byte[] tampered = envelope.clone();
            tampered[i / 8] ^= (byte) (1 << (i % 8));
            int bit = i;
            assertThatThrownBy(() -> cipher.open(tampered, AAD))
                    .as("bit %d", bit)
                    .isInstanceOf(CryptoException.class);
        }
    }

    @Test
    void aFlippedBitInCiphertextOrTagFailsAuthentication() {
        byte[] envelope = cipher.seal(PLAINTEXT, AAD);
        int start = Header.of(envelope).ciphertextOffset();

        for (int i = start * 8; i < envelope.length * 8; i++) {
            byte[] tampered = envelope.clone();
            tampered[i / 8] ^= (byte) (1 << (i % 8));
            assertThatThrownBy(() -> cipher.open(tampered, AAD))
                    .isInstanceOf(CryptoException.class)
                    .hasMessageContaining("authentication failed")
                    .hasMessageContaining("'a'");
        }
    }

    @Test
    void wrongAssociatedDataIsRejected() {
        byte[] envelope = cipher.seal(PLAINTEXT, AAD);

        assertThatThrownBy(() -> cipher.open(envelope, utf8("outbox|trk-0002")))
                .isInstanceOf(CryptoException.class)
                .hasMessageContaining("associated data");
        assertThatThrownBy(() -> cipher.open(envelope, new byte[0]))
                .isInstanceOf(CryptoException.class);
    }

    @Test
    void envelopeNamingAnUnknownKekIsRejectedWithTheIdInTheMessage() {
        KeyRing other = KeyRing.builder()
                .kek("retired-2024", TestKeys.aes(7)).activeKek("retired-2024")
                .pseudonymKey("p1", TestKeys.hmac(8)).activePseudonymKey("p1")
                .build();
        byte[] envelope = new EnvelopeCipher(other).seal(PLAINTEXT, AAD);

        assertThatThrownBy(() -> cipher.open(envelope, AAD))
                .isInstanceOf(CryptoException.class)
                .hasMessage("unknown key-encryption key id 'retired-2024'");
    }

    @Test
    void envelopeUnderADifferentKeyWithTheSameIdIsRejected() {
        KeyRing impostor = KeyRing.builder()
                .kek("a", TestKeys.aes(99)).activeKek("a")
                .pseudonymKey("p1", TestKeys.hmac(8)).activePseudonymKey("p1")
                .build();
        byte[] envelope = new EnvelopeCipher(impostor).seal(PLAINTEXT, AAD);

        assertThatThrownBy(() -> cipher.open(envelope, AAD))
                .isInstanceOf(CryptoException.class)
                .hasMessageContaining("cannot unwrap");
    }

    @Test
    void everyTruncationOfAnEnvelopeIsRejected() {
        byte[] envelope = cipher.seal(PLAINTEXT, AAD);

        for (int length = 0; length < envelope.length; length++) {
            byte[] truncated = Arrays.copyOf(envelope, length);
            assertThatThrownBy(() -> cipher.open(truncated, AAD)).isInstanceOf(CryptoException.class);
        }
    }

    @Test
    void shortEnvelopeIsReportedAsTruncated() {
        byte[] envelope = cipher.seal(PLAINTEXT, AAD);
        byte[] truncated = Arrays.copyOf(envelope, 20);

        assertThatThrownBy(() -> cipher.open(truncated, AAD))
                .isInstanceOf(CryptoException.class)
                .hasMessageContaining("truncated");
        assertThatThrownBy(() -> EnvelopeCipher.kekIdOf(truncated))
                .isInstanceOf(CryptoException.class)
                .hasMessageContaining("truncated");
    }

    @Test
    void garbageAndUnknownVersionsAreRejected() {
        byte[] envelope = cipher.seal(PLAINTEXT, AAD);
        byte[] nextVersion = envelope.clone();
        nextVersion[4] = 2;

        assertThatThrownBy(() -> cipher.open(PLAINTEXT, AAD))
                .isInstanceOf(CryptoException.class)
                .hasMessageContaining("bad magic");
        assertThatThrownBy(() -> cipher.open(nextVersion, AAD))
                .isInstanceOf(CryptoException.class)
                .hasMessageContaining("version 2");
    }

    @Test
    void oldEnvelopesStillOpenAfterRotationAndNewSealsNameTheNewKek() {
        byte[] underA = cipher.seal(PLAINTEXT, AAD);

        KeyRing rotated = ring.withKek("b", TestKeys.aes(2)).withActiveKek("b");
        EnvelopeCipher afterRotation = new EnvelopeCipher(rotated);
        byte[] underB = afterRotation.seal(PLAINTEXT, AAD);

        assertThat(EnvelopeCipher.kekIdOf(underA)).isEqualTo("a");
        assertThat(EnvelopeCipher.kekIdOf(underB)).isEqualTo("b");
        assertThat(afterRotation.open(underA, AAD)).isEqualTo(PLAINTEXT);
        assertThat(afterRotation.open(underB, AAD)).isEqualTo(PLAINTEXT);
        assertThatThrownBy(() -> cipher.open(underB, AAD))
                .isInstanceOf(CryptoException.class)
                .hasMessageContaining("'b'");
    }

    @Test
    void errorMessagesCarryNeitherPlaintextNorAssociatedData() {
        byte[] envelope = cipher.seal(PLAINTEXT, AAD);
        envelope[envelope.length - 1] ^= 1;

        assertThatThrownBy(() -> cipher.open(envelope, AAD))
                .isInstanceOf(CryptoException.class)
                .hasMessageNotContaining("9434765919")
                .hasMessageNotContaining("trk-0001");
    }

    @Test
    void oneInstanceServesManyThreadsAtOnce() throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(4);
        try {
            List<Future<Boolean>> results = new ArrayList<>();
            for (int t = 0; t < 8; t++) {
                int thread = t;
                results.add(pool.submit(() -> {
                    for (int i = 0; i < 200; i++) {
                        byte[] plaintext = utf8("message " + thread + "/" + i);
                        byte[] aad = utf8("outbox|trk-" + thread + "-" + i);
                        if (!Arrays.equals(cipher.open(cipher.seal(plaintext, aad), aad), plaintext)) {
                            return false;
                        }
                    }
                    return true;
                }));
            }
            for (Future<Boolean> result : results) {
                assertThat(result.get(60, TimeUnit.SECONDS)).isTrue();
            }
        } finally {
            pool.shutdownNow();
        }
    }

    private static byte[] utf8(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    private static int indexOf(byte[] haystack, byte[] needle) {
        outer:
        for (int i = 0; i + needle.length <= haystack.length; i++) {
            for (int j = 0; j < needle.length; j++) {
                if (haystack[i + j] != needle[j]) {
                    continue outer;
                }
            }
            return i;
        }
        return -1;
    }

    /** An independent reading of the documented layout, so the test does not trust the parser it checks. */
    private record Header(String kekId, byte[] wrappedKey, byte[] iv, int ciphertextOffset) {
        static Header of(byte[] e) {
            int pos = 5;
            int idLength = e[pos++] & 0xFF;
            String id = new String(e, pos, idLength, StandardCharsets.UTF_8);
            pos += idLength;
            int wrappedLength = ((e[pos] & 0xFF) << 8) | (e[pos + 1] & 0xFF);
            pos += 2;
            byte[] wrapped = Arrays.copyOfRange(e, pos, pos + wrappedLength);
            pos += wrappedLength;
            byte[] iv = Arrays.copyOfRange(e, pos, pos + 12);
            return new Header(id, wrapped, iv, pos + 12);
        }
    }
}
