package org.junction.security.keys;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assumptions.assumeThat;

import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.KeyStore;
import java.util.Collections;
import javax.crypto.SecretKey;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class KeyStoreFilesTest {

    private static final char[] PASSWORD = "correct horse battery staple".toCharArray();

    @TempDir
    Path dir;

    @Test
    void generatedKeystoreLoadsWithBothKeysIdenticalOnEveryLoad() {
        Path file = dir.resolve("keys.p12");
        KeyStoreFiles.generate(file, PASSWORD, "2026a", "p1");

        KeyRing first = KeyStoreFiles.load(file, PASSWORD, "2026a", "p1");
        KeyRing second = KeyStoreFiles.load(file, PASSWORD, "2026a", "p1");

        assertThat(first.kekIds()).containsExactly("2026a");
        assertThat(first.pseudonymKeyIds()).containsExactly("p1");
        assertThat(first.activeKek().getEncoded()).hasSize(32).isEqualTo(second.activeKek().getEncoded());
        assertThat(first.activePseudonymKey().getEncoded()).hasSize(32)
                .isEqualTo(second.activePseudonymKey().getEncoded());
        assertThat(first.activeKek().getEncoded()).isNotEqualTo(first.activePseudonymKey().getEncoded());
    }

    @Test
    void pkcs12KeepsTheHmacKeyAsHmacSha256() throws Exception {
        Path file = dir.resolve("keys.p12");
        KeyStoreFiles.generate(file, PASSWORD, "a", "p1");

        KeyStore raw = KeyStore.getInstance("PKCS12");
        try (InputStream in = Files.newInputStream(file)) {
            raw.load(in, PASSWORD);
        }
        SecretKey hmac = (SecretKey) raw.getKey("pseudonym-p1", PASSWORD);
        SecretKey kek = (SecretKey) raw.getKey("kek-a", PASSWORD);

        assertThat(hmac.getAlgorithm()).isEqualTo("HmacSHA256");
        assertThat(hmac.getEncoded()).hasSize(32);
        assertThat(kek.getAlgorithm()).isEqualTo("AES");
        assertThat(kek.getEncoded()).hasSize(32);
    }

    @Test
    void generateCreatesParentDirectoriesAndAnOwnerOnlyFileWithNoTempFilesLeft() throws Exception {
        Path file = dir.resolve("config/keys/hub.p12");

        KeyStoreFiles.generate(file, PASSWORD, "a", "p1");

        assertThat(file).isRegularFile();
        try (var listing = Files.list(file.getParent())) {
            assertThat(listing).containsExactly(file);
        }
        assumeThat(Files.getFileStore(file).supportsFileAttributeView("posix")).isTrue();
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(file))).isEqualTo("rw-------");
    }

    @Test
    void generateRefusesToOverwriteAnExistingKeystore() throws Exception {
        Path file = dir.resolve("keys.p12");
        KeyStoreFiles.generate(file, PASSWORD, "a", "p1");
        byte[] before = Files.readAllBytes(file);

        assertThatThrownBy(() -> KeyStoreFiles.generate(file, PASSWORD, "b", "p2"))
                .isInstanceOf(KeyStoreFileException.class)
                .hasMessageContaining("already exists");
        assertThat(Files.readAllBytes(file)).isEqualTo(before);
    }

    @Test
    void missingActiveKekIdFailsNamingTheIdAndTheIdsPresent() {
        Path file = dir.resolve("keys.p12");
        KeyStoreFiles.generate(file, PASSWORD, "a", "p1");

        assertThatThrownBy(() -> KeyStoreFiles.load(file, PASSWORD, "b", "p1"))
                .isInstanceOf(KeyStoreFileException.class)
                .hasMessageContaining("no key-encryption key with id 'b'")
                .hasMessageContaining("kek-b")
                .hasMessageContaining("[a]");
    }

    @Test
    void missingActivePseudonymKeyIdFailsNamingTheId() {
        Path file = dir.resolve("keys.p12");
        KeyStoreFiles.generate(file, PASSWORD, "a", "p1");

        assertThatThrownBy(() -> KeyStoreFiles.load(file, PASSWORD, "a", "p2"))
                .isInstanceOf(KeyStoreFileException.class)
                .hasMessageContaining("no pseudonym key with id 'p2'");
    }

    @Test
    void wrongPasswordFailsClearlyWithoutEchoingEitherPassword() {
        Path file = dir.resolve("keys.p12");
        KeyStoreFiles.generate(file, PASSWORD, "a", "p1");

        assertThatThrownBy(() -> KeyStoreFiles.load(file, "not-it".toCharArray(), "a", "p1"))
                .isInstanceOf(KeyStoreFileException.class)
                .hasMessageContaining("wrong password")
                .hasMessageNotContaining("not-it")
                .hasMessageNotContaining(new String(PASSWORD));
    }

    @Test
    void missingFileFailsClearly() {
        Path file = dir.resolve("absent.p12");

        assertThatThrownBy(() -> KeyStoreFiles.load(file, PASSWORD, "a", "p1"))
                .isInstanceOf(KeyStoreFileException.class)
                .hasMessageContaining("not found");
    }

    @Test
    void addKekKeepsExistingKeysAndAddsANewOne() {
        Path file = dir.resolve("keys.p12");
        KeyStoreFiles.generate(file, PASSWORD, "a", "p1");
        KeyRing before = KeyStoreFiles.load(file, PASSWORD, "a", "p1");

        KeyStoreFiles.addKek(file, PASSWORD, "b");
        KeyRing after = KeyStoreFiles.load(file, PASSWORD, "b", "p1");

        assertThat(after.kekIds()).containsExactly("a", "b");
        assertThat(after.kek("a").getEncoded()).isEqualTo(before.kek("a").getEncoded());
        assertThat(after.kek("b").getEncoded()).isNotEqualTo(before.kek("a").getEncoded());
        assertThat(after.activePseudonymKey().getEncoded()).isEqualTo(before.activePseudonymKey().getEncoded());
    }

    @Test
    void addKekRefusesAnIdAlreadyPresent() {
        Path file = dir.resolve("keys.p12");
        KeyStoreFiles.generate(file, PASSWORD, "a", "p1");

        assertThatThrownBy(() -> KeyStoreFiles.addKek(file, PASSWORD, "a"))
                .isInstanceOf(KeyStoreFileException.class)
                .hasMessageContaining("'a'");
    }

    @Test
    void addPseudonymKeyAddsANewKey() {
        Path file = dir.resolve("keys.p12");
        KeyStoreFiles.generate(file, PASSWORD, "a", "p1");

        KeyStoreFiles.addPseudonymKey(file, PASSWORD, "p2");

        assertThat(KeyStoreFiles.load(file, PASSWORD, "a", "p2").pseudonymKeyIds()).containsExactly("p1", "p2");
    }

    @Test
    void entriesWithOtherAliasesAreIgnored() throws Exception {
        Path file = dir.resolve("keys.p12");
        KeyStoreFiles.generate(file, PASSWORD, "a", "p1");
        KeyStore raw = KeyStore.getInstance("PKCS12");
        try (InputStream in = Files.newInputStream(file)) {
            raw.load(in, PASSWORD);
        }
        raw.setEntry("something-else", new KeyStore.SecretKeyEntry(TestKeys.aes(9)),
                new KeyStore.PasswordProtection(PASSWORD));
        try (OutputStream out = Files.newOutputStream(file)) {
            raw.store(out, PASSWORD);
        }

        KeyRing ring = KeyStoreFiles.load(file, PASSWORD, "a", "p1");

        assertThat(ring.kekIds()).containsExactly("a");
        assertThat(Collections.list(raw.aliases())).contains("something-else");
    }
}
