package org.junction.hub.operations;

import java.util.Map;

/**
 * Depths of the hub's own queues ({@code hub.*} and {@code DLQ.*}), for the gauges, the console
 * dashboard and the alert checks: read in the JVM from the embedded broker, or through Artemis
 * management from an external one.
 */
public interface QueueDepths {

    /** Queue name to message count; empty while the broker cannot be read. */
    Map<String, Long> depths();

    /** The depth of one queue, or NaN when it is not there or cannot be read. */
    double depth(String queue);

    static boolean isHubQueue(String name) {
        return name.startsWith("hub.") || name.startsWith("DLQ.");
    }
}
