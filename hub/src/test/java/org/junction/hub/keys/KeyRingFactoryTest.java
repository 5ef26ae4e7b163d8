package org.junction.hub.keys;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junction.security.keys.KeyRing;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class KeyRingFactoryTest {

    @TempDir
    Path dataDir;

    @Test
    void embeddedDefaultGeneratesKeysOnceAndReopensTheSameKeys() {
        var embedded = new KeyProperties(null, null, "k1", "p1", true);

        KeyRing first = KeyRingFactory.open(embedded, dataDir);
        KeyRing second = KeyRingFactory.open(embedded, dataDir);

        assertThat(Files.exists(dataDir.resolve(KeyRingFactory.DEFAULT_KEYSTORE))).isTrue();
        assertThat(second.activeKek().getEncoded()).isEqualTo(first.activeKek().getEncoded());
        assertThat(second.activePseudonymKey().getEncoded()).isEqualTo(first.activePseudonymKey().getEncoded());
    }

    @Test
    void nodeThatMayNotGenerateKeysRefusesToStartWithoutAKeystore() {
        var production = new KeyProperties(dataDir.resolve("missing.p12"), "secret", "k1", "p1", false);

        assertThatThrownBy(() -> KeyRingFactory.open(production, dataDir))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("hub.keys.keystore");
        assertThat(Files.exists(dataDir.resolve("missing.p12"))).isFalse();
    }

    @Test
    void configuredKeystoreNeedsItsPassword() {
        KeyRingFactory.open(new KeyProperties(dataDir.resolve("shared.p12"), "s3cret-shared", "k1", "p1", true), dataDir);

        assertThatThrownBy(() -> KeyRingFactory.open(
                new KeyProperties(dataDir.resolve("shared.p12"), null, "k1", "p1", false), dataDir))
                .hasMessageContaining("hub.keys.password");
    }
}
