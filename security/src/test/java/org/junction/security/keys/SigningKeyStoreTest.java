package org.junction.security.keys;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import org.junction.security.crypto.CmsSignatures;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SigningKeyStoreTest {

    private static final char[] PASSWORD = "test-keystore-password".toCharArray();

    @TempDir
    Path dir;

    @Test
    void aSigningKeyAddedToTheKeystoreLoadsBackSignsAndSurvivesTheKeyRingLoadAndABackupCopy() {
        Path file = dir.resolve("keys.p12");
        KeyStoreFiles.generate(file, PASSWORD, "k1", "p1");
        assertThat(KeyStoreFiles.loadSigningKey(file, PASSWORD)).isEmpty();

        SigningKey created = KeyStoreFiles.addSigningKey(file, PASSWORD, "Testshire Hub");

        SigningKey loaded = KeyStoreFiles.loadSigningKey(file, PASSWORD).orElseThrow();
        assertThat(loaded.certificate()).isEqualTo(created.certificate());
        assertThat(loaded.certificate().getSubjectX500Principal().getName()).isEqualTo("CN=Testshire Hub");
        byte[] content = "checkpoint".getBytes(StandardCharsets.UTF_8);
        assertThat(CmsSignatures.verify(CmsSignatures.sign(content, loaded), created.certificate())).isEqualTo(content);
        assertThat(KeyStoreFiles.load(file, PASSWORD, "k1", "p1").kekIds()).containsExactly("k1");
        Path backup = dir.resolve("backup.p12");
        KeyStoreFiles.copy(file, PASSWORD, backup, "another-password".toCharArray());
        assertThat(KeyStoreFiles.loadSigningKey(backup, "another-password".toCharArray()).orElseThrow().certificate())
                .isEqualTo(created.certificate());
        assertThat(loaded.toString()).doesNotContain(loaded.privateKey().toString());
    }

    @Test
    void anExistingSigningKeyIsNeverReplaced() {
        Path file = dir.resolve("keys.p12");
        KeyStoreFiles.generate(file, PASSWORD, "k1", "p1");
        KeyStoreFiles.addSigningKey(file, PASSWORD, "Testshire Hub");

        assertThatThrownBy(() -> KeyStoreFiles.addSigningKey(file, PASSWORD, "Testshire Hub"))
                .isInstanceOf(KeyStoreFileException.class).hasMessageContaining("already has a signing key");
    }
}
