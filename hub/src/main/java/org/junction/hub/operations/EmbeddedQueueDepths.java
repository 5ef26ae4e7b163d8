package org.junction.hub.operations;

import java.util.Map;
import java.util.function.Supplier;
import java.util.stream.Collectors;
import org.apache.activemq.artemis.core.postoffice.QueueBinding;
import org.apache.activemq.artemis.core.server.embedded.EmbeddedActiveMQ;

/** Depths of the hub's own queues ({@code hub.*} and {@code DLQ.*}) on the embedded broker, read in the JVM. */
public class EmbeddedQueueDepths implements QueueDepths {

    private final Supplier<EmbeddedActiveMQ> broker;

    public EmbeddedQueueDepths(Supplier<EmbeddedActiveMQ> broker) {
        this.broker = broker;
    }

    @Override
    public Map<String, Long> depths() {
        EmbeddedActiveMQ embedded = broker.get();
        var server = embedded == null ? null : embedded.getActiveMQServer();
        if (server == null || !server.isActive() || server.getPostOffice() == null) {
            return Map.of();
        }
        return server.getPostOffice().getAllBindings()
                .filter(QueueBinding.class::isInstance)
                .map(binding -> ((QueueBinding) binding).getQueue())
                .filter(queue -> QueueDepths.isHubQueue(queue.getName().toString()))
                .collect(Collectors.toMap(queue -> queue.getName().toString(), queue -> queue.getMessageCount(),
                        Long::sum));
    }

    @Override
    public double depth(String queue) {
        EmbeddedActiveMQ embedded = broker.get();
        var server = embedded == null ? null : embedded.getActiveMQServer();
        var found = server == null || !server.isActive() ? null : server.locateQueue(queue);
        return found == null ? Double.NaN : found.getMessageCount();
    }
}
