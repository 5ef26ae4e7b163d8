package org.junction.hub.broker;

import jakarta.validation.constraints.NotNull;
import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * The embedded broker's journal ({@code hub.broker.journal.buffer-timeout}), read at start.
 *
 * <p>Durable sends and commits wait for the journal's sync. The journal writes and syncs at most
 * once per buffer timeout, gathering whatever arrives in between, so a sync may wait up to one
 * timeout; Artemis' NIO default (3.33 ms) is sized for a disk that syncs about 300 times a second.
 * A referral crosses the broker twice, with a send and a commit each time, so on a disk that syncs
 * thousands of times a second it waited milliseconds at each for nothing: at 50 referrals a second
 * the hub fell about 470 referrals behind in its first minute, and kept up with 500 us
 * (bench/README.md, "A seventh step"). 500 us is what Artemis uses for its ASYNCIO journal, which
 * the production broker pair runs. {@code artemis perf-journal} measures a disk and prints the
 * timeout that suits it.
 *
 * @param bufferTimeout the shortest time between two of the journal's syncs; from 1 us to 1 s
 */
@Validated
@ConfigurationProperties("hub.broker.journal")
public record BrokerJournalProperties(@DefaultValue("500us") @NotNull Duration bufferTimeout) {

    static final Duration SHORTEST = Duration.ofNanos(1_000);
    static final Duration LONGEST = Duration.ofSeconds(1);

    public BrokerJournalProperties {
        if (bufferTimeout != null && (bufferTimeout.compareTo(SHORTEST) < 0 || bufferTimeout.compareTo(LONGEST) > 0)) {
            throw new IllegalArgumentException("hub.broker.journal.buffer-timeout must be between 1us and 1s");
        }
    }

    /** Artemis' own unit: nanoseconds. */
    int bufferTimeoutNanos() {
        return (int) bufferTimeout.toNanos();
    }
}
