package org.junction.hub.broker;

import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.time.Duration;
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

    private static BrokerProperties properties(Integer port, String host, BrokerProperties.Tls tls) {
        return new BrokerProperties(port, host, tls, 20, Duration.ofSeconds(1), Duration.ofMinutes(5));
    }
}
