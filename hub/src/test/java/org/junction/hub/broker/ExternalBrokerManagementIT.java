package org.junction.hub.broker;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import jakarta.jms.Connection;
import jakarta.jms.Message;
import jakarta.jms.MessageConsumer;
import jakarta.jms.Session;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.Collections;
import java.util.Map;
import org.apache.activemq.artemis.api.core.client.ActiveMQClient;
import org.apache.activemq.artemis.api.core.client.ClientMessage;
import org.apache.activemq.artemis.api.core.client.ClientRequestor;
import org.apache.activemq.artemis.api.core.client.ClientSession;
import org.apache.activemq.artemis.api.core.client.ClientSessionFactory;
import org.apache.activemq.artemis.api.core.client.ServerLocator;
import org.apache.activemq.artemis.api.core.management.ManagementHelper;
import org.apache.activemq.artemis.api.core.management.ResourceNames;
import org.apache.activemq.artemis.jms.client.ActiveMQConnectionFactory;
import org.junction.adapters.intake.Queues;
import org.junction.hub.operations.ManagementQueueDepths;
import org.junction.routes.deliver.DeliveryProperties;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.context.properties.source.MapConfigurationPropertySource;

/**
 * The hub's use of management on the replicated pair of {@code deploy/artemis}, as its
 * {@code broker.xml} grants it: queue depths (what the gauges, dashboard and dead-letter alerts read
 * in EXTERNAL mode), a partner's dispatch-queue policy set as the embedded broker sets it, so that a
 * message the broker itself gives up on lands in {@code DLQ.hub.dispatch.<partner>}, and nothing
 * else. Then the live broker is killed: the depths and the policy are the backup's too.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class ExternalBrokerManagementIT {

    private static final String PARTNER = "gp-managed";
    private static final String DISPATCH = Queues.dispatch(PARTNER);
    private static final String DEAD_LETTERS = Queues.deadLetter(DISPATCH);

    private static ArtemisPair pair;
    private static BrokerManagement management;
    private static ManagementQueueDepths depths;
    private static Connection jms;

    @BeforeAll
    static void startPair() throws Exception {
        pair = ArtemisPair.startOrSkip();
        management = new BrokerManagement(pair.url(), "hub", ExternalBrokerManagementIT::password, Duration.ofSeconds(10));
        // No caching here: each read asks the broker, so what a step changed shows at once.
        depths = new ManagementQueueDepths(management::messageCounts, Duration.ZERO, Clock.systemUTC());
        jms = new ActiveMQConnectionFactory(pair.url(), "hub", password()).createConnection();
        jms.start();
    }

    @AfterAll
    static void stop() throws Exception {
        if (jms != null) {
            jms.close();
        }
        if (management != null) {
            management.close();
        }
        if (pair != null) {
            pair.close();
        }
    }

    @Test
    @Order(1)
    void aPreparedPartnerQueueReportsItsDepthAndTheBrokersDeadLettersLandWhereTheHubLooks() throws Exception {
        // Two attempts by the route, so the broker's backstop gives up after the fourth delivery.
        var delivery = new Binder(new MapConfigurationPropertySource(Map.of(
                "hub.delivery.maximum-redeliveries", "2", "hub.delivery.initial-delay", "10ms",
                "hub.delivery.maximum-delay", "20ms"))).bindOrCreate("hub.delivery", DeliveryProperties.class);
        new ExternalBrokerConfiguration().partnerQueues(management, delivery).prepare(PARTNER, Map.of());
        // A second node (or a reload) prepares the same partner again: harmless.
        new ExternalBrokerConfiguration().partnerQueues(management, delivery).prepare(PARTNER, Map.of());

        send(DISPATCH, 3);
        send(Queues.INTAKE, 1);
        Map<String, Long> seen = depths.depths();
        assertThat(seen).containsEntry(DISPATCH, 3L).containsEntry(DEAD_LETTERS, 0L).containsKey(Queues.INTAKE)
                .containsEntry(Queues.deadLetter(Queues.INTAKE), 0L);
        assertThat(seen.keySet()).as("only the hub's queues").allMatch(q -> q.startsWith("hub.") || q.startsWith("DLQ."));
        assertThat(depths.depth(DISPATCH)).isEqualTo(3.0);
        assertThat(depths.depth("hub.dispatch.nobody")).isNaN();

        rollBackUntilTheBrokerGivesUp(0, 4);
        await().atMost(Duration.ofSeconds(20)).until(() -> depths.depth(DEAD_LETTERS) == 1.0);
        assertThat(depths.depth(DISPATCH)).isEqualTo(2.0);
        // Browsed by name, as the hub's dead-letter view and replay do.
        try (Session session = jms.createSession(false, Session.AUTO_ACKNOWLEDGE)) {
            var browsed = Collections.list(session.createBrowser(session.createQueue(DEAD_LETTERS)).getEnumeration());
            assertThat(browsed).hasSize(1);
            assertThat(((Message) browsed.get(0)).getStringProperty("_AMQ_ORIG_ADDRESS")).isEqualTo(DISPATCH);
        }
    }

    @Test
    @Order(2)
    void theHubsRoleMayAskNothingElseOfManagement() throws Exception {
        assertThat(ask("getQueueNames")).as("a read the hub does not use")
                .contains("AMQ229032", "permission='VIEW'", "mops.broker.getQueueNames");
        assertThat(ask("destroyQueue", DEAD_LETTERS)).as("a change it does not make")
                .contains("AMQ229032", "permission='EDIT'", "mops.broker.destroyQueue");
        assertThat(depths.depth(DEAD_LETTERS)).as("still there").isEqualTo(1.0);
        assertThatThrownBy(() -> new BrokerManagement(pair.url(), "hub", () -> "not-the-password", Duration.ofSeconds(5))
                .messageCounts()).isInstanceOf(IllegalStateException.class).hasMessageContaining("listQueues");
    }

    @Test
    @Order(3)
    void afterAFailoverTheBackupAnswersWithTheSameDepthsAndTheSamePolicy() throws Exception {
        pair.killLive();
        await().atMost(Duration.ofSeconds(60)).until(() -> pair.backupActiveAt().isPresent());
        await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(500))
                .until(() -> depths.depths().getOrDefault(DISPATCH, -1L) == 2L);
        assertThat(depths.depth(DEAD_LETTERS)).isEqualTo(1.0);

        rollBackUntilTheBrokerGivesUp(1, 4);
        await().atMost(Duration.ofSeconds(20)).until(() -> depths.depth(DEAD_LETTERS) == 2.0);
        assertThat(depths.depth(DISPATCH)).isEqualTo(1.0);
    }

    private static void send(String queue, int count) throws Exception {
        try (Session session = jms.createSession(false, Session.AUTO_ACKNOWLEDGE)) {
            var producer = session.createProducer(session.createQueue(queue));
            for (int i = 0; i < count; i++) {
                var message = session.createTextMessage("synthetic " + i);
                message.setIntProperty("n", i);
                producer.send(message);
            }
        }
    }

    /**
     * Takes one message of the dispatch queue and rolls back, as a deliver route that keeps failing
     * would, until the broker gives up on it. One message only: the others stay where they are.
     */
    private static void rollBackUntilTheBrokerGivesUp(int n, int deliveries) throws Exception {
        try (Session session = jms.createSession(true, Session.SESSION_TRANSACTED)) {
            MessageConsumer consumer = session.createConsumer(session.createQueue(DISPATCH), "n = " + n);
            String first = null;
            for (int i = 0; i < deliveries; i++) {
                Message message = consumer.receive(10_000);
                assertThat(message).as("delivery " + (i + 1)).isNotNull();
                if (first == null) {
                    first = message.getJMSMessageID();
                }
                assertThat(message.getJMSMessageID()).as("the same message each time").isEqualTo(first);
                session.rollback();
            }
            consumer.close();
        }
    }

    /** A management operation on the broker as the hub's user, outside what BrokerManagement does: its error text, or "ok". */
    private static String ask(String operation, Object... parameters) throws Exception {
        try (ServerLocator locator = ActiveMQClient.createServerLocator(pair.url());
             ClientSessionFactory factory = locator.createSessionFactory();
             ClientSession session = factory.createSession("hub", password(), false, true, true, false, 1);
             ClientRequestor requestor = new ClientRequestor(session, BrokerManagement.ADDRESS)) {
            session.start();
            ClientMessage request = session.createMessage(false);
            ManagementHelper.putOperationInvocation(request, ResourceNames.BROKER, operation, parameters);
            ClientMessage reply = requestor.request(request, 10_000);
            assertThat(reply).as("an answer to " + operation).isNotNull();
            return ManagementHelper.hasOperationSucceeded(reply) ? "ok" : String.valueOf(ManagementHelper.getResult(reply));
        }
    }

    private static String password() {
        try {
            return Files.readString(Path.of(pair.passwordReference().substring("file:".length())),
                    StandardCharsets.UTF_8).strip();
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }
}
