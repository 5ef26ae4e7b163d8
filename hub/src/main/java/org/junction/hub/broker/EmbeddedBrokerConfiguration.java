package org.junction.hub.broker;

import org.apache.activemq.artemis.api.core.SimpleString;
import org.apache.activemq.artemis.core.settings.impl.AddressSettings;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.autoconfigure.jms.artemis.ArtemisConfigurationCustomizer;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * Durability settings of the embedded broker: the journal syncs to disk before a durable send is
 * confirmed, and duplicate ids are remembered across restarts, which the outbox relay relies on.
 */
@Configuration(proxyBeanMethods = false)
@ConditionalOnProperty(name = "spring.artemis.mode", havingValue = "embedded")
public class EmbeddedBrokerConfiguration {

    /** Enough duplicate ids per address to cover every resend a relay restart could make. */
    static final int DUPLICATE_ID_CACHE = 100_000;
    static final long REDELIVERY_DELAY_MS = 1_000;
    static final long MAX_REDELIVERY_DELAY_MS = 60_000;

    @Bean
    ArtemisConfigurationCustomizer junctionBrokerDurability() {
        return configuration -> {
            configuration.setJournalDatasync(true);
            configuration.setPersistIDCache(true);
            configuration.setIDCacheSize(DUPLICATE_ID_CACHE);
            configuration.addAddressSetting("hub.#", new AddressSettings()
                    .setDeadLetterAddress(SimpleString.of("DLQ"))
                    .setAutoCreateDeadLetterResources(true)
                    .setDeadLetterQueuePrefix(SimpleString.of("DLQ."))
                    .setMaxDeliveryAttempts(10)
                    // A rolled-back message (database briefly unavailable, say) waits before it is
                    // tried again, instead of burning its attempts in a few milliseconds.
                    .setRedeliveryDelay(REDELIVERY_DELAY_MS)
                    .setRedeliveryMultiplier(2.0)
                    .setMaxRedeliveryDelay(MAX_REDELIVERY_DELAY_MS));
        };
    }
}
