package org.junction.hub.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import org.junction.hub.keys.KeyProperties;
import org.junction.hub.keys.LedgerKeys;
import org.junction.hub.keys.LiveLedgerKeys;
import org.junction.security.audit.LedgerCheckpoint;
import org.junction.security.keys.KeyStoreFiles;
import org.junction.security.keys.LedgerSigningKeys;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code junction keys create-ledger-key} and {@code rotate-ledger-key}, the hub's start-up rule for
 * the ledger key, and a running node picking up a rotation.
 */
class LedgerKeyCommandsTest {

    private static final char[] PASSWORD = "keystore-secret-for-tests".toCharArray();
    private static final String HASH = "ab".repeat(32);

    @TempDir
    Path dir;

    private final ByteArrayOutputStream out = new ByteArrayOutputStream();

    @Test
    void createThenRotateAndACheckpointSignedBeforeTheRotationStillVerifies() {
        Path keystore = keystore();
        KeysCommands commands = commands(keystore);
        assertThatThrownBy(() -> commands.rotateLedgerKey(null))
                .isInstanceOf(KeysCommands.KeysException.class).hasMessageContaining("create-ledger-key");

        assertThat(commands.createLedgerKey(null)).isEqualTo("l1");
        assertThatThrownBy(() -> commands.createLedgerKey(null))
                .isInstanceOf(KeysCommands.KeysException.class).hasMessageContaining("rotate-ledger-key");
        LedgerCheckpoint before = sign(KeyStoreFiles.loadLedgerSigningKeys(keystore, PASSWORD).orElseThrow(), 10);

        assertThat(commands.rotateLedgerKey(null)).isEqualTo("l2");
        assertThat(commands.rotateLedgerKey("ledger-2027")).isEqualTo("ledger-2027");

        LedgerSigningKeys rotated = KeyStoreFiles.loadLedgerSigningKeys(keystore, PASSWORD).orElseThrow();
        assertThat(rotated.activeKeyId()).isEqualTo("ledger-2027");
        assertThat(rotated.keys()).containsOnlyKeys("l1", "l2", "ledger-2027");
        assertThat(before.keyId()).isEqualTo("l1");
        assertThat(rotated.verify(before.keyId(), before.signedBytes(), before.signatureBytes())).isTrue();
        LedgerCheckpoint after = sign(rotated, 20);
        assertThat(after.keyId()).isEqualTo("ledger-2027");
        assertThat(out.toString(StandardCharsets.UTF_8)).doesNotContain("PRIVATE").doesNotContain(new String(PASSWORD));
    }

    @Test
    void aNodeThatMayNotGenerateKeysRefusesToStartWithoutALedgerKeyAndTheEmbeddedDefaultCreatesIt() {
        Path keystore = keystore();
        var production = new KeyProperties(keystore, new String(PASSWORD), "k1", "p1", false);
        assertThatThrownBy(() -> LedgerKeys.open(production, dir))
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("junction keys create-ledger-key");

        var embedded = new KeyProperties(keystore, new String(PASSWORD), "k1", "p1", true);
        LedgerSigningKeys created = LedgerKeys.open(embedded, dir);

        assertThat(created.activeKeyId()).isEqualTo(LedgerKeys.FIRST_ID);
        assertThat(LedgerKeys.open(production, dir).keys().get("l1").publicKey())
                .isEqualTo(created.keys().get("l1").publicKey());
    }

    @Test
    void aRunningNodeSignsWithTheRotatedKeyOnceTheKeystoreChanges() throws Exception {
        Path keystore = keystore();
        var props = new KeyProperties(keystore, new String(PASSWORD), "k1", "p1", false);
        commands(keystore).createLedgerKey(null);
        LiveLedgerKeys live = new LiveLedgerKeys(LedgerKeys.open(props, dir), props, dir);
        assertThat(live.get().activeKeyId()).isEqualTo("l1");
        // File times may be as coarse as a second on some file systems.
        java.nio.file.attribute.FileTime before = java.nio.file.Files.getLastModifiedTime(keystore);

        commands(keystore).rotateLedgerKey(null);
        java.nio.file.Files.setLastModifiedTime(keystore,
                java.nio.file.attribute.FileTime.from(before.toInstant().plusSeconds(2)));

        assertThat(live.get().activeKeyId()).isEqualTo("l2");
        assertThat(live.get().keys()).containsOnlyKeys("l1", "l2");
    }

    @Test
    void theCommandLineCreatesAndRotatesLedgerKeysWithTheHubsSettings() {
        Path keystore = dir.resolve("keys/junction-keys.p12");
        KeyStoreFiles.generate(keystore, "cli-keystore-secret".toCharArray(), "k1", "p1");
        String[] settings = {"--hub.data-dir=" + dir, "--hub.keys.keystore=" + keystore,
                "--hub.keys.password=cli-keystore-secret",
                "--spring.datasource.url=jdbc:h2:file:" + dir.resolve("db/junction")
                        + ";MODE=PostgreSQL;DATABASE_TO_LOWER=TRUE;DEFAULT_NULL_ORDERING=HIGH;MAX_COMPACT_TIME=0"};

        PkiTest.Result created = PkiTest.cli(concat(new String[] {"keys", "create-ledger-key"}, settings));
        PkiTest.Result rotated = PkiTest.cli(concat(new String[] {"keys", "rotate-ledger-key"}, settings));

        assertThat(created.status()).as(created.err()).isZero();
        assertThat(rotated.status()).as(rotated.err()).isZero();
        assertThat(rotated.out()).contains("'l2'");
        assertThat(KeyStoreFiles.loadLedgerSigningKeys(keystore, "cli-keystore-secret".toCharArray()).orElseThrow()
                .activeKeyId()).isEqualTo("l2");
    }

    private static LedgerCheckpoint sign(LedgerSigningKeys keys, long seq) {
        Instant at = Instant.parse("2026-03-02T09:15:30.123Z");
        String keyId = keys.activeKeyId();
        byte[] signature = keys.sign(LedgerCheckpoint.signedText(seq, HASH, at, keyId).getBytes(StandardCharsets.UTF_8));
        return new LedgerCheckpoint(seq, HASH, at, keyId, java.util.Base64.getEncoder().encodeToString(signature));
    }

    private Path keystore() {
        Path keystore = dir.resolve("shared.p12");
        KeyStoreFiles.generate(keystore, PASSWORD, "k1", "p1");
        return keystore;
    }

    private KeysCommands commands(Path keystore) {
        return new KeysCommands(keystore, PASSWORD, "k1", "p1", null, null, Clock.systemUTC(),
                new PrintStream(out, true, StandardCharsets.UTF_8));
    }

    private static String[] concat(String[] a, String[] b) {
        String[] all = new String[a.length + b.length];
        System.arraycopy(a, 0, all, 0, a.length);
        System.arraycopy(b, 0, all, a.length, b.length);
        return all;
    }
}
