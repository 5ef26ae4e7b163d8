package org.junction.hub.operations;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;

/**
 * How answers of the broker's management become queue depths (ExternalBrokerManagementIT asks a
 * real broker): the hub's queues only, one question per interval however many readers, and no
 * stale numbers while the broker cannot be asked.
 */
class ManagementQueueDepthsTest {

    private Instant now = Instant.parse("2026-03-02T09:00:00Z");
    private final Clock clock = new Clock() {
        @Override
        public ZoneOffset getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(java.time.ZoneId zone) {
            return this;
        }

        @Override
        public Instant instant() {
            return now;
        }
    };

    @Test
    void onlyTheHubsQueuesAreReportedAndOneAnswerServesEveryReaderForTheInterval() {
        AtomicInteger questions = new AtomicInteger();
        Deque<Map<String, Long>> answers = new ArrayDeque<>();
        answers.add(Map.of("hub.intake", 2L, "hub.dispatch.gp-a", 7L, "DLQ.hub.dispatch.gp-a", 1L, "DLQ", 4L,
                "ExpiryQueue", 0L, "partner.gp-a.out", 3L));
        answers.add(Map.of("hub.intake", 0L, "hub.dispatch.gp-a", 5L, "DLQ.hub.dispatch.gp-a", 1L));
        Supplier<Map<String, Long>> broker = () -> {
            questions.incrementAndGet();
            return answers.removeFirst();
        };
        var depths = new ManagementQueueDepths(broker, Duration.ofSeconds(5), clock);

        assertThat(depths.depths()).containsOnlyKeys("hub.intake", "hub.dispatch.gp-a", "DLQ.hub.dispatch.gp-a");
        assertThat(depths.depth("hub.dispatch.gp-a")).isEqualTo(7.0);
        assertThat(depths.depth("DLQ")).as("the broker's shared dead letters are not the hub's").isNaN();
        assertThat(questions).hasValue(1);

        now = now.plusSeconds(5);
        assertThat(depths.depth("hub.dispatch.gp-a")).isEqualTo(5.0);
        assertThat(depths.depths()).containsEntry("hub.intake", 0L);
        assertThat(questions).hasValue(2);
    }

    @Test
    void whileTheBrokerCannotBeAskedThereAreNoDepthsAndThenFreshOnes() {
        Deque<Supplier<Map<String, Long>>> answers = new ArrayDeque<>();
        answers.add(() -> Map.of("hub.dispatch.gp-b", 3L));
        answers.add(() -> {
            throw new IllegalStateException("broker management: no answer to listQueues within PT10S");
        });
        answers.add(() -> Map.of("hub.dispatch.gp-b", 1L));
        var depths = new ManagementQueueDepths(() -> answers.removeFirst().get(), Duration.ofSeconds(5), clock);

        assertThat(depths.depth("hub.dispatch.gp-b")).isEqualTo(3.0);
        now = now.plusSeconds(6);
        assertThat(depths.depths()).as("not the last numbers, which would look current").isEmpty();
        assertThat(depths.depth("hub.dispatch.gp-b")).isNaN();
        now = now.plusSeconds(6);
        assertThat(depths.depth("hub.dispatch.gp-b")).isEqualTo(1.0);
    }
}
