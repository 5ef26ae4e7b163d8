package org.junction.hub.broker;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.activemq.artemis.api.core.SimpleString;
import org.apache.activemq.artemis.core.server.Queue;
import org.apache.activemq.artemis.core.server.embedded.EmbeddedActiveMQ;
import org.apache.camel.CamelContext;
import org.apache.camel.Exchange;
import org.apache.camel.builder.RouteBuilder;
import org.apache.camel.component.jms.JmsMessage;
import org.junction.hub.support.HubIntegrationTest;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jms.core.JmsTemplate;

/**
 * How the hub's transacted routes use the broker, checked on a route built like decide and deliver
 * (a transacted consumer that sends on): what a route sends commits with the message it came from,
 * and consumers keep their connection from one message to the next.
 */
class ConsumerTransactionsIT extends HubIntegrationTest {

    private static final String ROUTE_ID = "consumer-transactions-test";
    private static final String DELIVERY_COUNT = "JMSXDeliveryCount";

    @Autowired
    CamelContext camel;
    @Autowired
    JmsTemplate jms;
    @Autowired
    EmbeddedActiveMQ broker;

    private final AtomicInteger taken = new AtomicInteger();
    private final AtomicInteger undone = new AtomicInteger();
    private String in;
    private String out;

    @BeforeEach
    void route() throws Exception {
        String suffix = UUID.randomUUID().toString().substring(0, 8);
        in = "test.consumer-tx.in." + suffix;
        out = "test.consumer-tx.out." + suffix;
        camel.addRoutes(new RouteBuilder() {
            @Override
            public void configure() {
                from("jms:queue:" + in + "?transacted=true&concurrentConsumers=2&maxConcurrentConsumers=2")
                        .routeId(ROUTE_ID)
                        .to("jms:queue:" + out)
                        .process(exchange -> undoFirstAttemptOf(exchange));
            }
        });
    }

    @AfterEach
    void removeRoute() throws Exception {
        camel.getRouteController().stopRoute(ROUTE_ID);
        camel.removeRoute(ROUTE_ID);
    }

    /** The message marked "undo" has its first attempt taken back, as a crash before the commit would. */
    private void undoFirstAttemptOf(Exchange exchange) throws Exception {
        taken.incrementAndGet();
        JmsMessage message = exchange.getMessage(JmsMessage.class);
        if ("undo".equals(message.getBody(String.class)) && message.getHeader(DELIVERY_COUNT, 1, Integer.class) == 1) {
            message.getJmsSession().rollback();
            undone.incrementAndGet();
        }
    }

    @Test
    void whatARouteSendsIsTakenBackWithTheMessageItCameFrom() {
        jms.convertAndSend(in, "undo");

        await().atMost(Duration.ofSeconds(30)).until(() -> undone.get() == 1 && taken.get() >= 2 && depth(in) == 0);
        await().pollDelay(Duration.ofMillis(500)).atMost(Duration.ofSeconds(10)).until(() -> depth(out) >= 1);
        assertThat(depth(out)).as("one copy sent on: the first attempt's send went back with it").isEqualTo(1);
    }

    @Test
    void consumersKeepTheirConnectionFromOneMessageToTheNext() {
        var server = broker.getActiveMQServer();
        for (int i = 0; i < 5; i++) {
            jms.convertAndSend(in, "warm-up");
        }
        await().atMost(Duration.ofSeconds(30)).until(() -> depth(out) == 5);
        long connectionsBefore = server.getTotalConnectionCount();

        for (int i = 0; i < 40; i++) {
            jms.convertAndSend(in, "message " + i);
        }
        await().atMost(Duration.ofSeconds(30)).until(() -> depth(out) == 45);

        assertThat(server.getTotalConnectionCount() - connectionsBefore)
                .as("broker connections opened while 40 messages were taken").isLessThan(3);
    }

    @Test
    void theRunningBrokersJournalSyncsAtTheHubsBufferTimeout() {
        var configuration = broker.getActiveMQServer().getConfiguration();
        assertThat(configuration.getJournalBufferTimeout_NIO()).as("NIO, the journal when libaio does not load")
                .isEqualTo(500_000);
        assertThat(configuration.getJournalBufferTimeout_AIO()).isEqualTo(500_000);
        assertThat(configuration.isJournalDatasync()).isTrue();
    }

    private long depth(String queue) {
        Queue found = broker.getActiveMQServer().locateQueue(SimpleString.of(queue));
        return found == null ? 0 : found.getMessageCount();
    }
}
