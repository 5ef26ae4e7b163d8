package org.junction.hub.broker;

import jakarta.jms.ConnectionFactory;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import org.apache.activemq.artemis.jms.client.ActiveMQConnectionFactory;
import org.junction.adapters.intake.Queues;
import org.junction.adapters.partner.SecretReferences;
import org.junction.routes.deliver.DeliveryProperties;
import org.junction.routes.partners.PartnerRoutes;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.jms.connection.CachingConnectionFactory;

/**
 * The hub on a broker it does not run ({@code hub.broker.mode=EXTERNAL}): typically the replicated
 * live/backup pair of {@code deploy/artemis}. The connection fails over to the backup and back on
 * its own; what a failover interrupts is made safe by the hub's stages, not by the connection:
 * <ul>
 *   <li>the outbox relay's batch commit and durable sends block until the broker has the messages
 *       on disk (and replicated), so it deletes rows only after a confirmed commit; a commit cut by
 *       a failover throws, the batch is resent row by row and the rows stay until that succeeds,
 *       each resend carrying the same duplicate id, which the broker (whose duplicate-id cache is
 *       journalled and replicated) drops if the first one had arrived;</li>
 *   <li>a transaction open on a consumer when the broker fails over cannot commit (Artemis answers
 *       {@code TransactionRolledBackException}); the message is redelivered and its stage re-run,
 *       which finds its own earlier database work (every stage is keyed by message, stage,
 *       recipient and generation), so nothing is decided or delivered twice.</li>
 * </ul>
 * Partner logins and partner queues are not the hub's to manage on such a broker: its
 * administrators configure them (deploy/artemis/README.md).
 */
@Configuration(proxyBeanMethods = false)
@ConditionalOnProperty(name = "hub.broker.mode", havingValue = "EXTERNAL")
public class ExternalBrokerConfiguration {

    /** Sessions kept open for the relay's and the routes' sends (Spring Boot's own default is 1). */
    static final int SESSION_CACHE_SIZE = 10;

    /** How long a management question waits for the broker's answer (queue depths, a partner's queue policy). */
    static final Duration MANAGEMENT_TIMEOUT = Duration.ofSeconds(10);

    /** The broker's management, as the hub's user: queue depths and each partner's dispatch-queue policy. */
    @Bean(destroyMethod = "close")
    BrokerManagement brokerManagement(BrokerConnectionProperties broker) {
        broker.checkExternal();
        return new BrokerManagement(broker.url(), broker.user(), () -> password(broker), MANAGEMENT_TIMEOUT);
    }

    /**
     * Each receiving partner's dispatch queue gets the policy the embedded broker gives it, set
     * through management before its deliver route starts: the broker's backstop dead-letters to
     * {@code DLQ.hub.dispatch.<partner>}, where the route dead-letters and the dead-letter view and
     * replay look, and that queue exists before the first dead letter. The settings are journalled
     * and replicated by the broker, and every node sets the same ones, so nodes starting or
     * reloading together agree.
     */
    @Bean
    PartnerRoutes.QueuePreparation partnerQueues(BrokerManagement management, DeliveryProperties delivery) {
        return (partnerId, policy) -> {
            management.addAddressSettings(Queues.dispatch(partnerId), DispatchQueuePolicy.of(partnerId, policy, delivery));
            management.createQueueIfAbsent(DispatchQueuePolicy.deadLetters(partnerId));
        };
    }

    @Bean
    ConnectionFactory jmsConnectionFactory(BrokerConnectionProperties broker, BrokerProperties partnerSide) {
        broker.checkExternal();
        if (partnerSide.partnerPortOpen()) {
            // Partners would expect the hub's own logins and permissions on a port nobody opens.
            throw new IllegalStateException("hub.broker.partner-port: applies to the embedded broker only; with "
                    + "hub.broker.mode=EXTERNAL partners connect to that broker's own acceptors (deploy/artemis/README.md)");
        }
        ActiveMQConnectionFactory factory = new ActiveMQConnectionFactory(broker.url(), broker.user(), password(broker));
        configure(factory);
        CachingConnectionFactory cached = new CachingConnectionFactory(factory);
        cached.setSessionCacheSize(SESSION_CACHE_SIZE);
        // A connection the client gave up on (all reconnect attempts spent) is replaced, not reused.
        cached.setReconnectOnException(true);
        return cached;
    }

    private static String password(BrokerConnectionProperties broker) {
        return new String(SecretReferences.resolve(broker.password()), StandardCharsets.UTF_8).strip();
    }

    /**
     * What the hub's guarantees need whatever the URL says: a failover-capable connection that never
     * gives up reconnecting, blocking durable sends, and no client-side buffer, so the broker hands
     * each consumer the highest-priority message waiting (as with the embedded broker).
     */
    static void configure(ActiveMQConnectionFactory factory) {
        if (!factory.isHA()) {
            throw new IllegalStateException("hub.broker.url: add ha=true, so the hub follows the pair "
                    + "to the backup when the live broker fails");
        }
        if (factory.getReconnectAttempts() == 0) {
            factory.setReconnectAttempts(-1);
        }
        factory.setBlockOnDurableSend(true);
        factory.setConsumerWindowSize(0);
    }
}
