package org.junction.hub.operations;

import jakarta.validation.constraints.NotNull;
import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * Upkeep of the hub's queue tables on PostgreSQL ({@code hub.queue-tables.*}), read at start.
 *
 * @param vacuumInterval how often each node vacuums the outbox and the dispatch order (see
 *                       {@link QueueTableVacuum}); 0 leaves them to autovacuum alone, otherwise at
 *                       least 1 s, since a pass reads each table's indexes whole. Ignored on H2.
 */
@Validated
@ConfigurationProperties("hub.queue-tables")
public record QueueTableProperties(@DefaultValue("10s") @NotNull Duration vacuumInterval) {

    static final Duration SHORTEST = Duration.ofSeconds(1);

    public QueueTableProperties {
        if (vacuumInterval != null && !vacuumInterval.isZero() && vacuumInterval.compareTo(SHORTEST) < 0) {
            throw new IllegalArgumentException("hub.queue-tables.vacuum-interval must be 0 (off) or at least 1s");
        }
    }
}
