package org.junction.hub.broker;

import java.util.LinkedHashMap;
import java.util.Map;
import org.apache.activemq.artemis.api.core.TransportConfiguration;
import org.apache.activemq.artemis.core.remoting.impl.invm.InVMAcceptorFactory;
import org.apache.activemq.artemis.core.remoting.impl.netty.NettyAcceptorFactory;
import org.apache.activemq.artemis.core.server.embedded.EmbeddedActiveMQ;
import org.junction.adapters.config.ActiveConfig;
import org.junction.adapters.partner.SecretReferences;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.autoconfigure.jms.artemis.ArtemisConfigurationCustomizer;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;

/**
 * The embedded broker's partner-facing side: an AMQP + CORE acceptor for partners of adapter type
 * {@code jms} when {@code hub.broker.partner-port} is set, and security on whenever any acceptor
 * other than in-VM is open (the partner port, or one added by any other customizer).
 */
@Configuration(proxyBeanMethods = false)
@ConditionalOnProperty(name = "spring.artemis.mode", havingValue = "embedded")
public class PartnerBrokerConfiguration {

    static final String PARTNER_ACCEPTOR = "partners";
    /** How soon after a reload a removed partner's open connections are closed. */
    static final java.time.Duration REVOCATION_CHECK_INTERVAL = java.time.Duration.ofSeconds(2);

    @Bean
    static BrokerSecurityPostProcessor brokerSecurityPostProcessor(ObjectProvider<ActiveConfig> config) {
        return new BrokerSecurityPostProcessor(config);
    }

    /** Last, so it sees every acceptor the other customizers added. */
    @Bean
    @Order(Ordered.LOWEST_PRECEDENCE)
    ArtemisConfigurationCustomizer partnerAcceptorAndSecurity(BrokerProperties broker) {
        return configuration -> {
            broker.checkSafe();
            if (broker.partnerPortOpen()) {
                configuration.addAcceptorConfiguration(new TransportConfiguration(
                        NettyAcceptorFactory.class.getName(), acceptorParameters(broker), PARTNER_ACCEPTOR));
            }
            boolean external = configuration.getAcceptorConfigurations().stream()
                    .anyMatch(acceptor -> !InVMAcceptorFactory.class.getName().equals(acceptor.getFactoryClassName()));
            configuration.setSecurityEnabled(external);
        };
    }

    @Bean
    ArtemisPartnerProvisioning artemisPartnerProvisioning(EmbeddedActiveMQ broker, BrokerProperties properties) {
        return new ArtemisPartnerProvisioning(broker, properties);
    }

    @Bean
    PartnerLoginRevocation partnerLoginRevocation(EmbeddedActiveMQ broker, ActiveConfig config) {
        return new PartnerLoginRevocation(broker, config, REVOCATION_CHECK_INTERVAL);
    }

    private static Map<String, Object> acceptorParameters(BrokerProperties broker) {
        Map<String, Object> parameters = new LinkedHashMap<>();
        parameters.put("host", broker.partnerHost());
        parameters.put("port", broker.partnerPort());
        parameters.put("protocols", "AMQP,CORE");
        if (broker.tls() != null) {
            parameters.put("sslEnabled", true);
            parameters.put("keyStorePath", broker.tls().keyStore().toAbsolutePath().toString());
            parameters.put("keyStoreType", "PKCS12");
            parameters.put("keyStorePassword", new String(SecretReferences.resolve(broker.tls().keyStorePassword()),
                    java.nio.charset.StandardCharsets.UTF_8).strip());
        }
        return parameters;
    }
}
