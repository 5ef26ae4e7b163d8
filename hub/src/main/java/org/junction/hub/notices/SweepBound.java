package org.junction.hub.notices;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Objects;

/**
 * How far back a sweep for things owed (a refusal's notice, feedback to forward) reads. Most passes
 * read only the window, which keeps them cheap; the first pass after a start, and one pass each
 * window after that, read everything, so whatever a pass never handled in time (the hub was down,
 * a notice kept failing, a decision committed late) is still picked up, at most a window later.
 * The window bounds the work of a pass, never what is owed: what is owed is what has no record yet.
 */
public final class SweepBound {

    private final Duration window;
    private final Clock clock;
    private Instant lastFull;

    public SweepBound(Duration window, Clock clock) {
        this.window = Objects.requireNonNull(window);
        this.clock = Objects.requireNonNull(clock);
        if (window.isNegative() || window.isZero()) {
            throw new IllegalArgumentException("window must be positive");
        }
    }

    /** The earliest time this pass reads from: the start of time when a full sweep is due, else the window. */
    public synchronized Instant from() {
        Instant now = clock.instant();
        if (lastFull == null || !now.isBefore(lastFull.plus(window))) {
            lastFull = now;
            return Instant.EPOCH;
        }
        return now.minus(window);
    }
}
