package org.junction.bench.passthrough;

import jakarta.jms.ConnectionFactory;
import org.apache.camel.component.jms.JmsComponent;
import org.springframework.boot.autoconfigure.jms.artemis.ArtemisConfigurationCustomizer;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * The broker and the Camel jms component as the hub sets them up (EmbeddedBrokerConfiguration,
 * HubConfiguration), so that any difference measured between the two is the hub's own work. Only the
 * hub's connection per route is left out: one route has nothing to share a connection with.
 */
@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties(PassthroughProperties.class)
class PassthroughConfiguration {

    /** The hub's EmbeddedBrokerConfiguration.DUPLICATE_ID_CACHE. */
    static final int DUPLICATE_ID_CACHE = 100_000;

    @Bean
    ArtemisConfigurationCustomizer hubJournalPolicy() {
        return configuration -> {
            configuration.setJournalDatasync(true);
            configuration.setPersistIDCache(true);
            configuration.setIDCacheSize(DUPLICATE_ID_CACHE);
        };
    }

    /** The hub's consumers: transacted sessions committed by the consumer itself, kept from one message to the next. */
    @Bean
    JmsComponent jms(ConnectionFactory connectionFactory) {
        JmsComponent jms = JmsComponent.jmsComponent(connectionFactory);
        jms.getConfiguration().setLazyCreateTransactionManager(false);
        jms.getConfiguration().setCacheLevelName("CACHE_CONSUMER");
        return jms;
    }

    @Bean
    PassthroughRoute passthroughRoute(PassthroughProperties properties) {
        return new PassthroughRoute(properties);
    }
}
