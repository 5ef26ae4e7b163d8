package org.junction.hub.broker;

import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junction.hub.tls.TlsProperties;
import org.junit.jupiter.api.Test;

class BrokerPropertiesTest {

    @Test
    void aPartnerPortOffLoopbackNeedsTls() {
        assertThatThrownBy(() -> properties(61617, "0.0.0.0", null).checkSafe())
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("hub.broker.tls");
        assertThatCode(() -> properties(61617, "0.0.0.0",
                BrokerProperties.Tls.serverOnly(Path.of("broker.p12"), "env:BROKER_KEYSTORE_PASSWORD")).checkSafe())
                .doesNotThrowAnyException();
    }

    @Test
    void loopbackOrAClosedPortNeedsNothing() {
        assertThatCode(() -> properties(61617, "127.0.0.1", null).checkSafe()).doesNotThrowAnyException();
        assertThatCode(() -> properties(61617, "localhost", null).checkSafe()).doesNotThrowAnyException();
        assertThatCode(() -> properties(null, "0.0.0.0", null).checkSafe()).doesNotThrowAnyException();
    }

    @Test
    void whereApiKeysAreRefusedThePortMustAskForClientCertificates() {
        var serverOnly = BrokerProperties.Tls.serverOnly(Path.of("broker.p12"), "env:BROKER_KEYSTORE_PASSWORD");
        assertThatThrownBy(() -> properties(61617, "127.0.0.1", null).checkSafe(false))
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("hub.broker.tls.trust-store");
        assertThatThrownBy(() -> properties(61617, "0.0.0.0", serverOnly).checkSafe(false))
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("client certificate");
        assertThatThrownBy(() -> properties(61617, "0.0.0.0", mutual(TlsProperties.ClientAuth.NONE, "TLSv1.3")).checkSafe(false))
                .isInstanceOf(IllegalStateException.class);
        assertThatCode(() -> properties(61617, "0.0.0.0", mutual(TlsProperties.ClientAuth.NEED, "TLSv1.3")).checkSafe(false))
                .doesNotThrowAnyException();
        assertThatCode(() -> properties(null, "0.0.0.0", null).checkSafe(false)).doesNotThrowAnyException();
    }

    @Test
    void nothingOlderThanTls12IsOffered() {
        assertThatThrownBy(() -> properties(61617, "0.0.0.0", mutual(TlsProperties.ClientAuth.WANT, "TLSv1.1")).checkSafe())
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("hub.broker.tls.protocols");
        var noPassword = new BrokerProperties.Tls(Path.of("broker.p12"), "env:BROKER_KEYSTORE_PASSWORD",
                Path.of("cas.p12"), null, TlsProperties.ClientAuth.NEED, List.of("TLSv1.3"));
        assertThatThrownBy(() -> properties(61617, "0.0.0.0", noPassword).checkSafe())
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("trust-store-password");
    }

    private static BrokerProperties.Tls mutual(TlsProperties.ClientAuth clientAuth, String protocol) {
        return new BrokerProperties.Tls(Path.of("broker.p12"), "env:BROKER_KEYSTORE_PASSWORD", Path.of("cas.p12"),
                "env:BROKER_TRUSTSTORE_PASSWORD", clientAuth, List.of("TLSv1.3", protocol));
    }

    private static BrokerProperties properties(Integer port, String host, BrokerProperties.Tls tls) {
        return new BrokerProperties(port, host, tls, 20, Duration.ofSeconds(1), Duration.ofMinutes(5));
    }
}
