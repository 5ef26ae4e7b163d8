package org.junction.hub.broker;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.function.Supplier;
import org.apache.activemq.artemis.api.config.ActiveMQDefaultConfiguration;
import org.apache.activemq.artemis.api.core.ActiveMQQueueExistsException;
import org.apache.activemq.artemis.api.core.QueueConfiguration;
import org.apache.activemq.artemis.api.core.RoutingType;
import org.apache.activemq.artemis.api.core.client.ActiveMQClient;
import org.apache.activemq.artemis.api.core.client.ClientMessage;
import org.apache.activemq.artemis.api.core.client.ClientRequestor;
import org.apache.activemq.artemis.api.core.client.ClientSession;
import org.apache.activemq.artemis.api.core.client.ClientSessionFactory;
import org.apache.activemq.artemis.api.core.client.ServerLocator;
import org.apache.activemq.artemis.api.core.management.ManagementHelper;
import org.apache.activemq.artemis.api.core.management.ResourceNames;
import org.apache.activemq.artemis.core.settings.impl.AddressSettings;

/**
 * What the hub asks of an external broker's management: the message count of every queue (for
 * the queue-depth gauges, the dashboard and the alert checks) and a partner dispatch queue's
 * redelivery and dead-letter policy. Core management messages to {@code activemq.management}, as
 * the hub's own broker user, over the same HA URL as the pipeline, so the questions follow the pair
 * through a failover. The broker grants exactly these two operations to the hub's role
 * (deploy/artemis/*&#47;broker.xml: {@code manage} on the management address, with
 * {@code management-message-rbac} narrowing it to {@code view} of {@code mops.broker.listQueues}
 * and {@code edit} of {@code mops.broker.addAddressSettings}).
 *
 * <p>One session, opened on first use and replaced after any failure; callers are serialised.
 */
public class BrokerManagement implements AutoCloseable {

    static final String ADDRESS = ActiveMQDefaultConfiguration.getDefaultManagementAddress().toString();
    static final String LIST_QUEUES = "listQueues";
    static final String ADD_ADDRESS_SETTINGS = "addAddressSettings";
    private static final int PAGE_SIZE = 500;
    private static final ObjectMapper JSON = new ObjectMapper();

    private final String url;
    private final String user;
    private final Supplier<String> password;
    private final Duration timeout;

    private ServerLocator locator;
    private ClientSessionFactory factory;
    private ClientSession session;
    private ClientRequestor requestor;

    /** @param password resolved at each (re)connection, so a rotated password file is read again */
    public BrokerManagement(String url, String user, Supplier<String> password, Duration timeout) {
        this.url = url;
        this.user = user;
        this.password = password;
        this.timeout = timeout;
    }

    /** Every queue's name and message count (scheduled, paged and in-delivery messages included). */
    public synchronized Map<String, Long> messageCounts() {
        Map<String, Long> counts = new HashMap<>();
        // No filter: the hub's prefixes are two, and the caller keeps what it wants.
        String noFilter = "{\"field\":\"\",\"operation\":\"\",\"value\":\"\"}";
        for (int page = 1; ; page++) {
            JsonNode answer = json(invoke(LIST_QUEUES, noFilter, page, PAGE_SIZE));
            JsonNode data = answer.path("data");
            data.forEach(queue -> counts.put(queue.path("name").asText(), queue.path("messageCount").asLong()));
            if (data.size() < PAGE_SIZE || counts.size() >= answer.path("count").asLong()) {
                return counts;
            }
        }
    }

    /** Adds (or replaces) the broker's address settings for one match; kept in the broker's journal. */
    public synchronized void addAddressSettings(String match, AddressSettings settings) {
        invoke(ADD_ADDRESS_SETTINGS, match, settings.toJSON());
    }

    /**
     * A durable anycast queue on an address of its own name, unless one by that name is there: as the
     * embedded broker prepares a dead-letter queue, so the first dead letter has somewhere to land.
     * A plain session call (the hub's role may create durable queues), not management.
     */
    public synchronized void createQueueIfAbsent(String name) {
        try {
            open();
            session.createQueue(QueueConfiguration.of(name).setAddress(name).setRoutingType(RoutingType.ANYCAST)
                    .setDurable(true));
        } catch (ActiveMQQueueExistsException exists) {
            // Prepared before (by this node, another node, or a previous start).
        } catch (Exception e) {
            closeQuietly();
            throw new IllegalStateException("broker: cannot create queue " + name + ": " + e.getMessage(), e);
        }
    }

    private Object invoke(String operation, Object... parameters) {
        try {
            open();
            ClientMessage request = session.createMessage(false);
            ManagementHelper.putOperationInvocation(request, ResourceNames.BROKER, operation, parameters);
            ClientMessage reply = requestor.request(request, timeout.toMillis());
            if (reply == null) {
                throw new IllegalStateException("broker management: no answer to " + operation + " within " + timeout);
            }
            if (!ManagementHelper.hasOperationSucceeded(reply)) {
                // The broker's own words, e.g. AMQ229032 (a permission the hub's role lacks): never message content.
                throw new IllegalStateException("broker management: " + operation + " refused: "
                        + ManagementHelper.getResult(reply));
            }
            return ManagementHelper.getResult(reply);
        } catch (IllegalStateException e) {
            closeQuietly();
            throw e;
        } catch (Exception e) {
            closeQuietly();
            throw new IllegalStateException("broker management: " + operation + " failed: " + e.getMessage(), e);
        }
    }

    private void open() throws Exception {
        if (session != null && !session.isClosed()) {
            return;
        }
        closeQuietly();
        locator = ActiveMQClient.createServerLocator(url);
        // A management question is asked on the thread of a metrics scrape, the dashboard or an alert
        // check: it must fail within the management timeout rather than wait out the client's own
        // call timeouts or reconnect through a failover. The next question opens a new session on
        // whichever broker is live then.
        locator.setCallTimeout(timeout.toMillis());
        locator.setCallFailoverTimeout(timeout.toMillis());
        locator.setReconnectAttempts(0);
        // A request the broker refuses (a permission missing) then fails at once, not as a timeout.
        locator.setBlockOnNonDurableSend(true);
        factory = locator.createSessionFactory();
        session = factory.createSession(user, password.get(), false, true, true, false,
                ActiveMQClient.DEFAULT_ACK_BATCH_SIZE);
        requestor = new ClientRequestor(session, ADDRESS);
        session.start();
    }

    private static JsonNode json(Object result) {
        try {
            return JSON.readTree(String.valueOf(result));
        } catch (Exception e) {
            throw new IllegalStateException("broker management: unreadable answer to " + LIST_QUEUES, e);
        }
    }

    private void closeQuietly() {
        try {
            if (requestor != null) {
                requestor.close();
            }
        } catch (Exception ignored) {
            // Closing what already failed.
        }
        if (session != null) {
            try {
                session.close();
            } catch (Exception ignored) {
                // Closing what already failed.
            }
        }
        if (factory != null) {
            factory.close();
        }
        if (locator != null) {
            locator.close();
        }
        requestor = null;
        session = null;
        factory = null;
        locator = null;
    }

    @Override
    public synchronized void close() {
        closeQuietly();
    }
}
