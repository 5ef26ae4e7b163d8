package org.junction.hub.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import org.junction.hub.keys.HubSigningKeys;
import org.junction.hub.keys.KeyProperties;
import org.junction.security.crypto.CmsEnvelopes;
import org.junction.security.crypto.CmsSignatures;
import org.junction.security.keys.KeyStoreFiles;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code junction keys create-signing-key} and {@code signing-certificate}, and the hub's start-up rule for the key. */
class SigningKeyCommandsTest {

    private static final char[] PASSWORD = "keystore-secret-for-tests".toCharArray();

    @TempDir
    Path dir;

    private final ByteArrayOutputStream out = new ByteArrayOutputStream();

    @Test
    void theExportedCertificateVerifiesWhatTheHubSigns() {
        Path keystore = dir.resolve("hub.p12");
        KeyStoreFiles.generate(keystore, PASSWORD, "k1", "p1");
        KeysCommands commands = commands(keystore);
        assertThatThrownBy(() -> commands.exportSigningCertificate(dir.resolve("none.pem")))
                .isInstanceOf(KeysCommands.KeysException.class).hasMessageContaining("create-signing-key");

        commands.createSigningKey();
        Path pem = dir.resolve("hub-signing.pem");
        String printed = commands.exportSigningCertificate(pem);

        assertThat(printed).startsWith("-----BEGIN CERTIFICATE-----");
        var certificate = CmsEnvelopes.readCertificate(pem);
        var hubKey = KeyStoreFiles.loadSigningKey(keystore, PASSWORD).orElseThrow();
        byte[] content = "synthetic".getBytes(StandardCharsets.UTF_8);
        assertThat(CmsSignatures.verify(CmsSignatures.sign(content, hubKey), certificate)).isEqualTo(content);
        assertThat(out.toString(StandardCharsets.UTF_8)).doesNotContain("PRIVATE");
    }

    @Test
    void aNodeThatMayNotGenerateKeysRefusesToStartWithoutTheSigningKeyAndTheEmbeddedDefaultCreatesIt() {
        Path keystore = dir.resolve("shared.p12");
        KeyStoreFiles.generate(keystore, PASSWORD, "k1", "p1");
        var production = new KeyProperties(keystore, new String(PASSWORD), "k1", "p1", false);
        assertThatThrownBy(() -> HubSigningKeys.open(production, dir))
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("create-signing-key");

        var embedded = new KeyProperties(keystore, new String(PASSWORD), "k1", "p1", true);
        var created = HubSigningKeys.open(embedded, dir).get().orElseThrow();

        assertThat(HubSigningKeys.open(production, dir).get().orElseThrow().certificate()).isEqualTo(created.certificate());
    }

    private KeysCommands commands(Path keystore) {
        return new KeysCommands(keystore, PASSWORD, "k1", "p1", null, null, Clock.systemUTC(),
                new PrintStream(out, true, StandardCharsets.UTF_8));
    }
}
