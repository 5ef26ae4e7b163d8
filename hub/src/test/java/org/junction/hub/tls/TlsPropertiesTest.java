package org.junction.hub.tls;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TlsPropertiesTest {

    private static final List<String> DEFAULT_PROTOCOLS = List.of("TLSv1.3", "TLSv1.2");

    @TempDir
    Path dir;

    @Test
    void offByDefaultIsFineUnlessTheProfileRequiresHttps() {
        assertThat(new TlsProperties(false, false, null, null, null, null, null, TlsProperties.ClientAuth.WANT,
                DEFAULT_PROTOCOLS).problems()).isEmpty();
        assertThat(new TlsProperties(false, true, null, null, null, null, null, TlsProperties.ClientAuth.NEED,
                DEFAULT_PROTOCOLS).problems()).singleElement().asString().startsWith("hub.tls.enabled");
    }

    @Test
    void enabledNeedsAKeystoreAndAPasswordReference() throws Exception {
        Path keystore = Files.writeString(dir.resolve("hub.p12"), "x");
        assertThat(new TlsProperties(true, true, null, null, null, null, null, TlsProperties.ClientAuth.WANT,
                DEFAULT_PROTOCOLS).problems()).anyMatch(p -> p.startsWith("hub.tls.keystore:"));
        assertThat(new TlsProperties(true, true, keystore, "s3cret-inline", null, null, null,
                TlsProperties.ClientAuth.WANT, DEFAULT_PROTOCOLS).problems())
                .singleElement().asString().contains("must be a reference").doesNotContain("s3cret-inline");
        assertThat(new TlsProperties(true, true, keystore, "env:HUB_TLS_PW", null, null, null,
                TlsProperties.ClientAuth.WANT, DEFAULT_PROTOCOLS).problems()).isEmpty();
    }

    @Test
    void needWithoutATruststoreAndOldProtocolsAreRefused() throws Exception {
        Path keystore = Files.writeString(dir.resolve("hub.p12"), "x");
        assertThat(new TlsProperties(true, true, keystore, "env:HUB_TLS_PW", null, null, null,
                TlsProperties.ClientAuth.NEED, List.of("TLSv1.3", "TLSv1.1")).problems())
                .anyMatch(p -> p.startsWith("hub.tls.client-auth"))
                .anyMatch(p -> p.contains("'TLSv1.1' is not allowed"));
    }
}
