package org.junction.hub.broker;

import org.apache.activemq.artemis.api.core.QueueConfiguration;
import org.apache.activemq.artemis.api.core.RoutingType;
import org.apache.activemq.artemis.api.core.SimpleString;
import org.apache.activemq.artemis.core.server.embedded.EmbeddedActiveMQ;
import org.apache.activemq.artemis.core.settings.impl.AddressSettings;
import org.junction.adapters.intake.Queues;
import org.junction.routes.deliver.DeliveryProperties;
import org.junction.routes.partners.PartnerRoutes;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.autoconfigure.jms.artemis.ArtemisConfigurationCustomizer;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * The embedded broker's durability and redelivery policy. The journal syncs to disk before a
 * durable send is confirmed, and duplicate ids are remembered across restarts, which the outbox
 * relay relies on. Each pipeline queue has its own dead-letter queue {@code DLQ.<queue>}, created
 * before its consumer starts so that a message the broker dead-letters always has a queue to land
 * in, and shared with the routes, which dead-letter there themselves with a reason. Partners come
 * and go with configuration reloads, so their queues are prepared on the running broker.
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
    /**
     * Intake messages are grouped by person. Without buckets the broker remembers every group it
     * has seen, one entry per person for as long as it runs; hashed into buckets, the memory is
     * bounded and each bucket still goes to one consumer at a time.
     */
    public static final int INTAKE_GROUP_BUCKETS = 64;

    @Bean
    ArtemisConfigurationCustomizer junctionBrokerPolicy(BrokerDiskProperties disk, BrokerJournalProperties journal) {
        return configuration -> {
            configuration.setJournalDatasync(true);
            // Whichever journal the broker ends up with: NIO when libaio does not load.
            configuration.setJournalBufferTimeout_NIO(journal.bufferTimeoutNanos());
            configuration.setJournalBufferTimeout_AIO(journal.bufferTimeoutNanos());
            // Set explicitly rather than left to Artemis' defaults, so the limit is the hub's own
            // setting and the point where intake starts waiting in the outbox is known.
            configuration.setMaxDiskUsage(disk.maxDiskUsage());
            configuration.setMinDiskFree(disk.minDiskFreeBytes());
            configuration.setDiskScanPeriod((int) disk.diskScanPeriod().toMillis());
            configuration.setPersistIDCache(true);
            configuration.setIDCacheSize(DUPLICATE_ID_CACHE);
            // Dead letters wait for an admin, however often they are browsed or a replay is undone.
            configuration.addAddressSetting(Queues.deadLetter("#"), new AddressSettings().setMaxDeliveryAttempts(-1));
            String deadLetters = Queues.deadLetter(Queues.INTAKE);
            configuration.addAddressSetting(Queues.INTAKE, intakePolicy());
            configuration.addQueueConfiguration(deadLetterQueue(deadLetters));
        };
    }

    /**
     * The dispatch queue of each receiving partner: the deliver route dead-letters on the last
     * attempt itself, with its reason; the broker's own limit sits one above, as a backstop.
     */
    @Bean
    PartnerRoutes.QueuePreparation partnerQueues(EmbeddedActiveMQ broker, DeliveryProperties delivery) {
        return (partnerId, policy) -> {
            String queue = Queues.dispatch(partnerId);
            String deadLetters = DispatchQueuePolicy.deadLetters(partnerId);
            var server = broker.getActiveMQServer();
            server.getAddressSettingsRepository().addMatch(queue, DispatchQueuePolicy.of(partnerId, policy, delivery));
            try {
                server.createQueue(deadLetterQueue(deadLetters), true);
            } catch (Exception e) {
                throw new IllegalStateException("cannot create " + deadLetters, e);
            }
        };
    }

    private static AddressSettings intakePolicy() {
        return new AddressSettings()
                .setMaxDeliveryAttempts(INTAKE_DELIVERY_ATTEMPTS)
                .setRedeliveryDelay(INTAKE_REDELIVERY_DELAY_MS)
                .setRedeliveryMultiplier(2.0)
                .setMaxRedeliveryDelay(INTAKE_MAX_REDELIVERY_DELAY_MS)
                .setDefaultGroupBuckets(INTAKE_GROUP_BUCKETS)
                .setDeadLetterAddress(SimpleString.of(Queues.deadLetter(Queues.INTAKE)))
                .setAutoCreateDeadLetterResources(false);
    }

    private static QueueConfiguration deadLetterQueue(String name) {
        return QueueConfiguration.of(name).setAddress(name).setRoutingType(RoutingType.ANYCAST).setDurable(true);
    }
}
