package org.junction.hub.operations;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.function.Supplier;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Depths of the hub's own queues on an external broker, read through its management. One answer
 * covers every queue and serves all readers (each gauge row, the dashboard, the alert check) for
 * {@code maxAge}, so a scrape costs the broker one question, not one per queue. While the broker
 * cannot be asked (a failover, say) the depths are empty and each queue's NaN, as with an embedded
 * broker that is not running, rather than stale numbers that look current.
 */
public class ManagementQueueDepths implements QueueDepths {

    private static final Logger log = LoggerFactory.getLogger(ManagementQueueDepths.class);

    private final Supplier<Map<String, Long>> messageCounts;
    private final Duration maxAge;
    private final Clock clock;

    private Map<String, Long> snapshot = Map.of();
    private Instant readAt;
    private boolean failing;

    /** @param messageCounts every queue's message count, as the broker's management answers */
    public ManagementQueueDepths(Supplier<Map<String, Long>> messageCounts, Duration maxAge, Clock clock) {
        this.messageCounts = messageCounts;
        this.maxAge = maxAge;
        this.clock = clock;
    }

    @Override
    public Map<String, Long> depths() {
        return current();
    }

    @Override
    public double depth(String queue) {
        Long depth = current().get(queue);
        return depth == null ? Double.NaN : depth;
    }

    private synchronized Map<String, Long> current() {
        Instant now = clock.instant();
        if (readAt != null && now.isBefore(readAt.plus(maxAge))) {
            return snapshot;
        }
        readAt = now;
        try {
            snapshot = messageCounts.get().entrySet().stream()
                    .filter(entry -> QueueDepths.isHubQueue(entry.getKey()))
                    .collect(Collectors.toUnmodifiableMap(Map.Entry::getKey, Map.Entry::getValue));
            if (failing) {
                log.info("Queue depths readable again from the broker's management");
                failing = false;
            }
        } catch (RuntimeException e) {
            snapshot = Map.of();
            if (!failing) {
                // Once per outage: the gauges ask every few seconds.
                log.warn("Queue depths unavailable from the broker's management: {}", e.getMessage());
                failing = true;
            }
        }
        return snapshot;
    }
}
