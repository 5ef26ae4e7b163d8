package org.junction.security.keys;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Ed25519 ledger keys in the hub keystore: signing, verifying, and rotation keeping old signatures good. */
class LedgerSigningKeysTest {

    private static final char[] PASSWORD = "keystore-secret-for-tests".toCharArray();
    private static final byte[] DATA = "junction.ledger.checkpoint.v1\n7\nabc".getBytes(StandardCharsets.UTF_8);

    @TempDir
    Path dir;

    @Test
    void aKeystoreWithoutLedgerKeysHasNone() {
        Path keystore = keystore();
        assertThat(KeyStoreFiles.loadLedgerSigningKeys(keystore, PASSWORD)).isEmpty();
    }

    @Test
    void aSignatureVerifiesUnderItsKeyIdAndNothingElseDoes() {
        Path keystore = keystore();
        KeyStoreFiles.addLedgerSigningKey(keystore, PASSWORD, "l1");
        LedgerSigningKeys keys = KeyStoreFiles.loadLedgerSigningKeys(keystore, PASSWORD).orElseThrow();

        byte[] signature = keys.sign(DATA);

        assertThat(signature).hasSize(64);
        assertThat(keys.verify("l1", DATA, signature)).isTrue();
        byte[] other = DATA.clone();
        other[other.length - 1] ^= 1;
        assertThat(keys.verify("l1", other, signature)).isFalse();
        byte[] flipped = signature.clone();
        flipped[0] ^= 1;
        assertThat(keys.verify("l1", DATA, flipped)).isFalse();
        assertThat(keys.verify("l9", DATA, signature)).as("unknown key id").isFalse();
        assertThat(keys.verify("l1", DATA, new byte[3])).as("malformed signature").isFalse();
    }

    @Test
    void afterRotationTheNewKeySignsAndTheOldKeysSignaturesStillVerify() throws Exception {
        Path keystore = keystore();
        KeyStoreFiles.addLedgerSigningKey(keystore, PASSWORD, "l1");
        byte[] oldSignature = KeyStoreFiles.loadLedgerSigningKeys(keystore, PASSWORD).orElseThrow().sign(DATA);
        KeyStoreFiles.addLedgerSigningKey(keystore, PASSWORD, "l2");

        LedgerSigningKeys rotated = KeyStoreFiles.loadLedgerSigningKeys(keystore, PASSWORD).orElseThrow();

        assertThat(rotated.activeKeyId()).isEqualTo("l2");
        assertThat(rotated.keys()).containsOnlyKeys("l1", "l2");
        assertThat(rotated.verify("l1", DATA, oldSignature)).isTrue();
        byte[] newSignature = rotated.sign(DATA);
        assertThat(rotated.verify("l2", DATA, newSignature)).isTrue();
        assertThat(rotated.verify("l1", DATA, newSignature)).isFalse();
    }

    @Test
    void theKeyAddedLastIsActiveWhateverItsIdAndHoweverSoon() {
        Path keystore = keystore();
        KeyStoreFiles.addLedgerSigningKey(keystore, PASSWORD, "zz");
        KeyStoreFiles.addLedgerSigningKey(keystore, PASSWORD, "aa");

        assertThat(KeyStoreFiles.loadLedgerSigningKeys(keystore, PASSWORD).orElseThrow().activeKeyId()).isEqualTo("aa");
    }

    @Test
    void aPublicOnlyRingVerifiesButCannotSign() {
        Path keystore = keystore();
        var created = KeyStoreFiles.addLedgerSigningKey(keystore, PASSWORD, "l1");
        byte[] signature = KeyStoreFiles.loadLedgerSigningKeys(keystore, PASSWORD).orElseThrow().sign(DATA);

        var publicOnly = LedgerSigningKeys.of(List.of(new LedgerSigningKeys.LedgerKey("l1", null,
                created.publicKey(), created.createdAt())));

        assertThat(publicOnly.verify("l1", DATA, signature)).isTrue();
        assertThat(created.rawPublicKey()).hasSize(32);
        assertThatThrownBy(() -> publicOnly.sign(DATA)).isInstanceOf(IllegalStateException.class);
    }

    @Test
    void aKeyIdIsNeverReplaced() {
        Path keystore = keystore();
        KeyStoreFiles.addLedgerSigningKey(keystore, PASSWORD, "l1");
        assertThatThrownBy(() -> KeyStoreFiles.addLedgerSigningKey(keystore, PASSWORD, "l1"))
                .isInstanceOf(KeyStoreFileException.class).hasMessageContaining("'l1'");
    }

    private Path keystore() {
        Path keystore = dir.resolve("hub.p12");
        KeyStoreFiles.generate(keystore, PASSWORD, "k1", "p1");
        return keystore;
    }
}
