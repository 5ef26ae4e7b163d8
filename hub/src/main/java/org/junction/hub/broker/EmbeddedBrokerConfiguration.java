package org.junction.hub.broker;

import org.apache.activemq.artemis.api.core.QueueConfiguration;
import org.apache.activemq.artemis.api.core.RoutingType;
import org.apache.activemq.artemis.api.core.SimpleString;
import org.apache.activemq.artemis.core.settings.impl.AddressSettings;
import org.junction.adapters.intake.Queues;
import org.junction.adapters.partner.Partner;
import org.junction.adapters.partner.PartnerDirectory;
import org.junction.routes.deliver.DeliveryProperties;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.autoconfigure.jms.artemis.ArtemisConfigurationCustomizer;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * The embedded broker's durability and redelivery policy. The journal syncs to disk before a
 * durable send is confirmed, and duplicate ids are remembered across restarts, which the outbox
 * relay relies on. Each pipeline queue has its own dead-letter queue {@code DLQ.<queue>},
 * created up front so that a message the broker dead-letters always has a queue to land in, and
 * shared with the routes, which dead-letter there themselves with a reason.
 */
@Configuration(proxyBeanMethods = false)
@ConditionalOnProperty(name = "spring.artemis.mode", havingValue = "embedded")
public class EmbeddedBrokerConfiguration {

    /** Enough duplicate ids per address to cover every resend a relay restart could make. */
    static final int DUPLICATE_ID_CACHE = 100_000;
    /** Intake failures are the hub's own (its database, say): give them most of an hour to clear. */
    static final int INTAKE_DELIVERY_ATTEMPTS = 50;
    static final long INTAKE_REDELIVERY_DELAY_MS = 1_000;
    static final long INTAKE_MAX_REDELIVERY_DELAY_MS = 60_000;

    @Bean
    ArtemisConfigurationCustomizer junctionBrokerPolicy(PartnerDirectory partners, DeliveryProperties delivery) {
        return configuration -> {
            configuration.setJournalDatasync(true);
            configuration.setPersistIDCache(true);
            configuration.setIDCacheSize(DUPLICATE_ID_CACHE);
            withDeadLetterQueue(configuration, Queues.INTAKE, new AddressSettings()
                    .setMaxDeliveryAttempts(INTAKE_DELIVERY_ATTEMPTS)
                    .setRedeliveryDelay(INTAKE_REDELIVERY_DELAY_MS)
                    .setRedeliveryMultiplier(2.0)
                    .setMaxRedeliveryDelay(INTAKE_MAX_REDELIVERY_DELAY_MS));
            for (Partner partner : partners.all()) {
                // The deliver route dead-letters on the last attempt itself, with its reason; the
                // broker's own limit sits one above, as a backstop.
                withDeadLetterQueue(configuration, Queues.dispatch(partner.id()), new AddressSettings()
                        .setMaxDeliveryAttempts(delivery.maximumRedeliveries() + 2)
                        .setRedeliveryDelay(delivery.initialDelay().toMillis())
                        .setRedeliveryMultiplier(delivery.multiplier())
                        .setMaxRedeliveryDelay(delivery.maximumDelay().toMillis()));
            }
        };
    }

    private static void withDeadLetterQueue(org.apache.activemq.artemis.core.config.Configuration configuration, String queue, AddressSettings settings) {
        String deadLetters = Queues.deadLetter(queue);
        configuration.addAddressSetting(queue, settings
                .setDeadLetterAddress(SimpleString.of(deadLetters))
                .setAutoCreateDeadLetterResources(false));
        configuration.addQueueConfiguration(QueueConfiguration.of(deadLetters)
                .setAddress(deadLetters)
                .setRoutingType(RoutingType.ANYCAST)
                .setDurable(true));
    }
}
