package org.junction.hub.notices;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import org.junit.jupiter.api.Test;

/** A sweep reads its window on most passes, and everything on the first and once per window after. */
class SweepBoundTest {

    private static final Instant T0 = Instant.parse("2026-11-20T09:00:00Z");
    private static final Duration WINDOW = Duration.ofHours(1);

    @Test
    void theFirstPassAndOnePassEachWindowReadEverythingTheRestOnlyTheWindow() {
        var clock = new MovableClock(T0);
        var bound = new SweepBound(WINDOW, clock);

        assertThat(bound.from()).as("after a start: everything never handled").isEqualTo(Instant.EPOCH);
        clock.now = T0.plusSeconds(2);
        assertThat(bound.from()).isEqualTo(T0.plusSeconds(2).minus(WINDOW));
        clock.now = T0.plus(WINDOW).minusSeconds(1);
        assertThat(bound.from()).isEqualTo(T0.minusSeconds(1));
        clock.now = T0.plus(WINDOW);
        assertThat(bound.from()).as("a window on: whatever slipped out of the window is read again")
                .isEqualTo(Instant.EPOCH);
        clock.now = T0.plus(WINDOW).plusSeconds(2);
        assertThat(bound.from()).isEqualTo(T0.plusSeconds(2));
    }

    private static final class MovableClock extends Clock {
        private Instant now;

        MovableClock(Instant now) {
            this.now = now;
        }

        @Override
        public ZoneId getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(ZoneId zone) {
            return this;
        }

        @Override
        public Instant instant() {
            return now;
        }
    }
}
