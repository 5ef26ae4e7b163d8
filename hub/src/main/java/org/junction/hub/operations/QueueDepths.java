package org.junction.hub.operations;

import java.util.Map;
import java.util.function.Supplier;
import java.util.stream.Collectors;
import org.apache.activemq.artemis.core.postoffice.QueueBinding;
import org.apache.activemq.artemis.core.server.embedded.EmbeddedActiveMQ;

/** Depths of the hub's own queues ({@code hub.*} and {@code DLQ.*}) on the embedded broker. */
public class QueueDepths {

    private final Supplier<EmbeddedActiveMQ> broker;

    public QueueDepths(Supplier<EmbeddedActiveMQ> broker) {
        this.broker = broker;
    }

    /** Queue name to message count; empty while the broker is not running. */
    public Map<String, Long> depths() {
        EmbeddedActiveMQ embedded = broker.get();
        var server = embedded == null ? null : embedded.getActiveMQServer();
        if (server == null || !server.isActive() || server.getPostOffice() == null) {
            return Map.of();
        }
        return server.getPostOffice().getAllBindings()
                .filter(QueueBinding.class::isInstance)
                .map(binding -> ((QueueBinding) binding).getQueue())
                .filter(queue -> isHubQueue(queue.getName().toString()))
                .collect(Collectors.toMap(queue -> queue.getName().toString(), queue -> queue.getMessageCount(),
                        Long::sum));
    }

    /** The depth of one queue, or NaN when it is not there. */
    public double depth(String queue) {
        EmbeddedActiveMQ embedded = broker.get();
        var server = embedded == null ? null : embedded.getActiveMQServer();
        var found = server == null || !server.isActive() ? null : server.locateQueue(queue);
        return found == null ? Double.NaN : found.getMessageCount();
    }

    static boolean isHubQueue(String name) {
        return name.startsWith("hub.") || name.startsWith("DLQ.");
    }
}
