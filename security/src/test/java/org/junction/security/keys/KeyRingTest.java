package org.junction.security.keys;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.HexFormat;
import javax.crypto.spec.SecretKeySpec;
import org.junit.jupiter.api.Test;

class KeyRingTest {

    @Test
    void returnsActiveAndNamedKeysOfBothFamilies() {
        KeyRing ring = KeyRing.builder()
                .kek("a", TestKeys.aes(1)).kek("b", TestKeys.aes(2)).activeKek("b")
                .pseudonymKey("p1", TestKeys.hmac(3)).activePseudonymKey("p1")
                .build();

        assertThat(ring.activeKekId()).isEqualTo("b");
        assertThat(ring.activeKek().getEncoded()).isEqualTo(TestKeys.bytes(2));
        assertThat(ring.kek("a").getEncoded()).isEqualTo(TestKeys.bytes(1));
        assertThat(ring.kekIds()).containsExactly("a", "b");
        assertThat(ring.activePseudonymKeyId()).isEqualTo("p1");
        assertThat(ring.activePseudonymKey().getEncoded()).isEqualTo(TestKeys.bytes(3));
        assertThat(ring.activePseudonymKey().getAlgorithm()).isEqualTo("HmacSHA256");
        assertThat(ring.pseudonymKeyIds()).containsExactly("p1");
    }

    @Test
    void unknownKekIdThrowsKeyNotFoundNamingOnlyTheId() {
        KeyRing ring = TestKeys.ring();

        assertThatThrownBy(() -> ring.kek("zz"))
                .isInstanceOf(KeyNotFoundException.class)
                .hasMessage("no key-encryption key with id 'zz'")
                .satisfies(e -> assertThat(((KeyNotFoundException) e).keyId()).isEqualTo("zz"));
        assertThatThrownBy(() -> ring.pseudonymKey("zz"))
                .isInstanceOf(KeyNotFoundException.class)
                .hasMessage("no pseudonym key with id 'zz'");
    }

    @Test
    void buildFailsWhenActiveIdIsNotAmongTheKeys() {
        assertThatThrownBy(() -> KeyRing.builder()
                .kek("a", TestKeys.aes(1)).activeKek("b")
                .pseudonymKey("p1", TestKeys.hmac(2)).activePseudonymKey("p1")
                .build())
                .isInstanceOf(KeyNotFoundException.class)
                .hasMessageContaining("'b'");
    }

    @Test
    void rejectsKeksThatAreNotAes256() {
        KeyRing.Builder builder = KeyRing.builder();
        assertThatThrownBy(() -> builder.kek("a", new SecretKeySpec(new byte[16], "AES")))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("32 bytes");
        assertThatThrownBy(() -> builder.kek("a", TestKeys.hmac(1)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("AES");
    }

    @Test
    void rejectsIdsThatPkcs12OrEnvelopeHeadersWouldMangle() {
        KeyRing.Builder builder = KeyRing.builder();
        assertThatThrownBy(() -> builder.kek("Upper", TestKeys.aes(1))).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> builder.kek("a:b", TestKeys.aes(1))).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> builder.kek("", TestKeys.aes(1))).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> builder.kek("x".repeat(65), TestKeys.aes(1)))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void rotationReturnsNewRingsAndLeavesTheOriginalUnchanged() {
        KeyRing original = TestKeys.ring();

        KeyRing rotated = original.withKek("b", TestKeys.aes(2)).withActiveKek("b");

        assertThat(rotated.activeKekId()).isEqualTo("b");
        assertThat(rotated.kekIds()).containsExactly("a", "b");
        assertThat(original.activeKekId()).isEqualTo("a");
        assertThat(original.kekIds()).containsExactly("a");
    }

    @Test
    void keysAreCopiedSoCallerChangesDoNotReachTheRing() {
        byte[] raw = TestKeys.bytes(1);
        SecretKeySpec callerKey = new SecretKeySpec(raw, "AES");
        KeyRing ring = KeyRing.builder()
                .kek("a", callerKey).activeKek("a")
                .pseudonymKey("p1", TestKeys.hmac(2)).activePseudonymKey("p1")
                .build();

        ring.activeKek().getEncoded()[0] ^= 1;

        assertThat(ring.activeKek().getEncoded()).isEqualTo(TestKeys.bytes(1));
    }

    @Test
    void toStringListsIdsButNoKeyMaterial() {
        KeyRing ring = TestKeys.ring();
        String hex = HexFormat.of().formatHex(TestKeys.bytes(1));

        assertThat(ring.toString()).contains("a", "p1").doesNotContain(hex).doesNotContainIgnoringCase(hex);
    }
}
