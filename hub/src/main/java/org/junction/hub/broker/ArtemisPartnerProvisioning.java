package org.junction.hub.broker;

import org.apache.activemq.artemis.api.core.QueueConfiguration;
import org.apache.activemq.artemis.api.core.RoutingType;
import org.apache.activemq.artemis.api.core.SimpleString;
import org.apache.activemq.artemis.core.server.ActiveMQServer;
import org.apache.activemq.artemis.core.server.embedded.EmbeddedActiveMQ;
import org.apache.activemq.artemis.core.settings.impl.AddressSettings;
import org.junction.adapters.jms.BrokerProvisioning;
import org.junction.adapters.jms.PartnerAddresses;

/**
 * Creates a jms partner's queues on the embedded broker: {@code partner.<id>.in} and
 * {@code partner.<id>.out}, durable and anycast, each with its dead-letter queue and a
 * redelivery policy, so a message that keeps failing (the hub's intake rolling back, or the
 * partner's own consumer) ends up in {@code DLQ.<queue>} instead of blocking the queue or being
 * dropped. Partners may create nothing themselves, so this must run before their routes start.
 */
final class ArtemisPartnerProvisioning implements BrokerProvisioning {

    private final EmbeddedActiveMQ broker;
    private final BrokerProperties properties;

    ArtemisPartnerProvisioning(EmbeddedActiveMQ broker, BrokerProperties properties) {
        this.broker = broker;
        this.properties = properties;
    }

    @Override
    public synchronized void provision(String partnerId) {
        ActiveMQServer server = broker.getActiveMQServer();
        if (server == null || !server.isStarted()) {
            throw new IllegalStateException("the embedded broker is not running");
        }
        try {
            for (String queue : new String[] {PartnerAddresses.inbound(partnerId), PartnerAddresses.outbound(partnerId)}) {
                String deadLetters = org.junction.adapters.intake.Queues.deadLetter(queue);
                server.getAddressSettingsRepository().addMatch(queue, new AddressSettings()
                        .setDeadLetterAddress(SimpleString.of(deadLetters))
                        .setAutoCreateDeadLetterResources(false)
                        .setMaxDeliveryAttempts(properties.partnerDeliveryAttempts())
                        .setRedeliveryDelay(properties.partnerRedeliveryDelay().toMillis())
                        .setRedeliveryMultiplier(2.0)
                        .setMaxRedeliveryDelay(properties.partnerMaxRedeliveryDelay().toMillis()));
                durableQueue(server, deadLetters);
                durableQueue(server, queue);
            }
        } catch (Exception e) {
            throw new IllegalStateException("cannot create the broker queues of partner " + partnerId, e);
        }
    }

    private static void durableQueue(ActiveMQServer server, String name) throws Exception {
        server.createQueue(QueueConfiguration.of(name).setAddress(name).setRoutingType(RoutingType.ANYCAST)
                .setDurable(true).setAutoCreateAddress(true).setAutoDelete(false), true);
    }
}
