package org.junction.hub.broker;

import java.util.LinkedHashMap;
import java.util.Map;
import org.apache.activemq.artemis.api.core.TransportConfiguration;
import org.apache.activemq.artemis.core.remoting.impl.invm.InVMAcceptorFactory;
import org.apache.activemq.artemis.core.remoting.impl.netty.NettyAcceptorFactory;
import org.apache.activemq.artemis.core.server.embedded.EmbeddedActiveMQ;
import org.junction.adapters.config.ActiveConfig;
import org.junction.adapters.partner.SecretReferences;
import org.junction.hub.tls.TlsProperties;
import org.junction.hub.web.HubSecurityProperties;
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
 * other than in-VM is open (the partner port, or one added by any other customizer). With a trust
 * store the port asks for client certificates, and a partner's certificate logs it in (SASL
 * EXTERNAL over AMQP, the TLS session itself over CORE).
 */
@Configuration(proxyBeanMethods = false)
@ConditionalOnProperty(name = "spring.artemis.mode", havingValue = "embedded")
public class PartnerBrokerConfiguration {

    static final String PARTNER_ACCEPTOR = "partners";
    /** How soon after a reload a removed partner's open connections are closed. */
    static final java.time.Duration REVOCATION_CHECK_INTERVAL = java.time.Duration.ofSeconds(2);

    @Bean
    static BrokerSecurityPostProcessor brokerSecurityPostProcessor(ObjectProvider<ActiveConfig> config,
                                                                   ObjectProvider<HubSecurityProperties> security) {
        return new BrokerSecurityPostProcessor(config, security);
    }

    /** Last, so it sees every acceptor the other customizers added. */
    @Bean
    @Order(Ordered.LOWEST_PRECEDENCE)
    ArtemisConfigurationCustomizer partnerAcceptorAndSecurity(BrokerProperties broker, HubSecurityProperties security) {
        return acceptorAndSecurity(broker, security.apiKeysAllowed());
    }

    static ArtemisConfigurationCustomizer acceptorAndSecurity(BrokerProperties broker, boolean apiKeysAllowed) {
        return configuration -> {
            broker.checkSafe(apiKeysAllowed);
            if (broker.partnerPortOpen()) {
                configuration.addAcceptorConfiguration(new TransportConfiguration(NettyAcceptorFactory.class.getName(),
                        acceptorParameters(broker), PARTNER_ACCEPTOR, protocolParameters(broker)));
            }
            boolean external = configuration.getAcceptorConfigurations().stream()
                    .anyMatch(acceptor -> !InVMAcceptorFactory.class.getName().equals(acceptor.getFactoryClassName()));
            configuration.setSecurityEnabled(external);
            // The broker would cache a login by user, password and certificate subject; a subject is
            // not a fingerprint (a rotated or expired certificate may share it), so every login is checked.
            configuration.setAuthenticationCacheSize(0);
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
            parameters.put("keyStorePassword", secret(broker.tls().keyStorePassword()));
            parameters.put("enabledProtocols", String.join(",", broker.tls().protocols()));
            if (broker.tls().asksForClientCertificates()) {
                parameters.put("trustStorePath", broker.tls().trustStore().toAbsolutePath().toString());
                parameters.put("trustStoreType", "PKCS12");
                parameters.put("trustStorePassword", secret(broker.tls().trustStorePassword()));
                boolean need = broker.tls().clientAuth() == TlsProperties.ClientAuth.NEED;
                parameters.put(need ? "needClientAuth" : "wantClientAuth", true);
            }
        }
        return parameters;
    }

    /**
     * What the protocol managers read: AMQP offers SASL EXTERNAL (the TLS client certificate) when
     * certificates are asked for; Artemis leaves it out unless named. PLAIN stays, for API keys where
     * they are allowed; the security manager refuses them where not, with a reason in the log.
     */
    private static Map<String, Object> protocolParameters(BrokerProperties broker) {
        Map<String, Object> parameters = new LinkedHashMap<>();
        if (broker.tls() != null && broker.tls().asksForClientCertificates()) {
            parameters.put("saslMechanisms", "EXTERNAL,PLAIN");
        }
        return parameters;
    }

    private static String secret(String reference) {
        return new String(SecretReferences.resolve(reference), java.nio.charset.StandardCharsets.UTF_8).strip();
    }
}
