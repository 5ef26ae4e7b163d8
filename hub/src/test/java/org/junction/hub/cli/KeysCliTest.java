package org.junction.hub.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junction.security.keys.KeyStoreFiles;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The keys commands as an operator runs them: the hub's own settings, its database, no server. */
class KeysCliTest {

    @TempDir
    Path dir;

    @Test
    void rotateListRetireAndBackupThroughTheCommandLineUsingTheHubsSettings() throws Exception {
        Path keystore = dir.resolve("keys/junction-keys.p12");
        KeyStoreFiles.generate(keystore, "cli-keystore-secret".toCharArray(), "k1", "p1");
        Path backupPassword = Files.writeString(dir.resolve("backup.pw"), "cli-backup-secret\n");
        String[] settings = {
                "--hub.data-dir=" + dir,
                "--hub.keys.keystore=" + keystore,
                "--hub.keys.password=cli-keystore-secret",
                "--spring.datasource.url=jdbc:h2:file:" + dir.resolve("db/junction")
                        + ";MODE=PostgreSQL;DATABASE_TO_LOWER=TRUE;DEFAULT_NULL_ORDERING=HIGH;MAX_COMPACT_TIME=0"};

        PkiTest.Result rotated = PkiTest.cli(concat(new String[] {"keys", "rotate"}, settings));
        PkiTest.Result listed = PkiTest.cli(concat(new String[] {"keys", "list"}, settings));
        PkiTest.Result retired = PkiTest.cli(concat(new String[] {"keys", "retire", "k1", "--confirm-broker-drained"},
                settings));
        PkiTest.Result activeRefused = PkiTest.cli(concat(new String[] {"keys", "retire", "k2",
                "--confirm-broker-drained"}, settings));
        PkiTest.Result backedUp = PkiTest.cli(concat(new String[] {"keys", "backup", dir.resolve("b.p12").toString(),
                "--backup-password", "file:" + backupPassword}, settings));

        assertThat(rotated.status()).as(rotated.err()).isZero();
        assertThat(rotated.out()).contains("'k2'");
        assertThat(listed.out()).containsPattern("k1\\s+DECRYPT_ONLY").containsPattern("k2\\s+ACTIVE");
        assertThat(retired.status()).as(retired.err()).isZero();
        assertThat(KeyStoreFiles.kekIds(keystore, "cli-keystore-secret".toCharArray())).containsExactly("k2");
        assertThat(activeRefused.status()).isEqualTo(1);
        assertThat(activeRefused.err()).contains("is active");
        assertThat(backedUp.status()).as(backedUp.err()).isZero();
        assertThat(KeyStoreFiles.kekIds(dir.resolve("b.p12"), "cli-backup-secret".toCharArray())).containsExactly("k2");
        assertThat(rotated.out() + listed.out() + retired.out() + backedUp.out() + backedUp.err())
                .doesNotContain("cli-keystore-secret").doesNotContain("cli-backup-secret");
        assertThat(PkiTest.cli("keys", "frobnicate").status()).isEqualTo(2);
    }

    private static String[] concat(String[] a, String[] b) {
        String[] all = new String[a.length + b.length];
        System.arraycopy(a, 0, all, 0, a.length);
        System.arraycopy(b, 0, all, a.length, b.length);
        return all;
    }
}
