package org.junction.hub.broker;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;
import org.apache.activemq.artemis.jms.client.ActiveMQConnectionFactory;
import org.junit.jupiter.api.Test;
import org.springframework.boot.SpringApplication;
import org.springframework.core.env.MapPropertySource;
import org.springframework.core.env.StandardEnvironment;

class ExternalBrokerSettingsTest {

    private static final String PAIR = "(tcp://127.0.0.1:61717,tcp://127.0.0.1:61718)";

    @Test
    void theConnectionFollowsThePairForeverAndSendsDurablyWhateverTheUrlLeavesOut() {
        var factory = new ActiveMQConnectionFactory(PAIR + "?ha=true");
        ExternalBrokerConfiguration.configure(factory);
        assertThat(factory.getReconnectAttempts()).isEqualTo(-1);
        assertThat(factory.isBlockOnDurableSend()).isTrue();
        assertThat(factory.getConsumerWindowSize()).isZero();
    }

    @Test
    void aUrlThatAsksForDurableSendsNotToBlockIsOverruled() {
        var factory = new ActiveMQConnectionFactory(PAIR + "?ha=true&blockOnDurableSend=false&reconnectAttempts=5");
        ExternalBrokerConfiguration.configure(factory);
        assertThat(factory.isBlockOnDurableSend()).isTrue();
        assertThat(factory.getReconnectAttempts()).isEqualTo(5);
    }

    @Test
    void aUrlWithoutHaIsRefusedNamingTheSetting() {
        var factory = new ActiveMQConnectionFactory(PAIR);
        assertThatThrownBy(() -> ExternalBrokerConfiguration.configure(factory))
                .hasMessageContaining("hub.broker.url").hasMessageContaining("ha=true");
    }

    @Test
    void externalModeNeedsAUrlAUserAndAPasswordReference() {
        var mode = BrokerConnectionProperties.Mode.EXTERNAL;
        assertThatThrownBy(() -> new BrokerConnectionProperties(mode, null, "hub", "env:X").checkExternal())
                .hasMessageContaining("hub.broker.url");
        assertThatThrownBy(() -> new BrokerConnectionProperties(mode, PAIR + "?ha=true", " ", "env:X").checkExternal())
                .hasMessageContaining("hub.broker.user");
        assertThatThrownBy(() -> new BrokerConnectionProperties(mode, PAIR + "?ha=true", "hub", "s3cret").checkExternal())
                .hasMessageContaining("hub.broker.password").hasMessageNotContaining("s3cret");
        new BrokerConnectionProperties(mode, PAIR + "?ha=true", "hub", "file:/run/secrets/broker").checkExternal();
    }

    @Test
    void externalModeSwitchesTheEmbeddedBrokerOffAndEmbeddedModeLeavesItAlone() {
        var external = environment(Map.of("hub.broker.mode", "EXTERNAL", "spring.artemis.mode", "embedded"));
        new BrokerModeEnvironment().postProcessEnvironment(external, new SpringApplication());
        assertThat(external.getProperty("spring.artemis.mode")).isEqualTo("native");
        assertThat(external.getProperty("spring.artemis.embedded.enabled")).isEqualTo("false");

        var embedded = environment(Map.of("spring.artemis.mode", "embedded"));
        new BrokerModeEnvironment().postProcessEnvironment(embedded, new SpringApplication());
        assertThat(embedded.getProperty("spring.artemis.mode")).isEqualTo("embedded");
        assertThat(embedded.getPropertySources().contains(BrokerModeEnvironment.SOURCE)).isFalse();
    }

    private static StandardEnvironment environment(Map<String, Object> properties) {
        var environment = new StandardEnvironment();
        environment.getPropertySources().addFirst(new MapPropertySource("test", properties));
        return environment;
    }
}
