package org.junction.hub.operations;

import static org.assertj.core.api.Assertions.assertThat;

import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.junction.security.audit.LedgerEvent;
import org.junction.security.audit.LedgerEventType;
import org.junit.jupiter.api.Test;

/** The delivery-time timer, and where it learns when a referral was accepted. */
class PipelineMetricsTest {

    private static final Instant ACCEPTED = Instant.parse("2026-11-24T09:00:00Z");

    private final SimpleMeterRegistry registry = new SimpleMeterRegistry();
    private final List<UUID> askedTheDatabase = new ArrayList<>();
    private final Map<UUID, Instant> database = new HashMap<>();
    private final PipelineMetrics metrics = new PipelineMetrics(registry, trackingId -> {
        askedTheDatabase.add(trackingId);
        return database.get(trackingId);
    });

    @Test
    void aReferralAcceptedOnThisNodeIsTimedWithoutAskingTheDatabase() {
        UUID trackingId = UUID.randomUUID();
        metrics.count(event(LedgerEventType.RECEIVED, trackingId, null, ACCEPTED));
        metrics.count(event(LedgerEventType.DELIVERED, trackingId, "gp-a", ACCEPTED.plusMillis(1_500)));
        metrics.count(event(LedgerEventType.DELIVERED, trackingId, "council-a", ACCEPTED.plusMillis(2_500)));

        assertThat(latency("gp-a").count()).isEqualTo(1);
        assertThat(latency("gp-a").totalTime(TimeUnit.MILLISECONDS)).isEqualTo(1_500);
        assertThat(latency("council-a").totalTime(TimeUnit.MILLISECONDS)).isEqualTo(2_500);
        assertThat(askedTheDatabase).isEmpty();
    }

    @Test
    void aReferralAcceptedElsewhereOrLongAgoIsTimedFromTheDatabase() {
        UUID elsewhere = UUID.randomUUID();
        database.put(elsewhere, ACCEPTED);
        UUID oldest = UUID.randomUUID();
        database.put(oldest, ACCEPTED);
        metrics.count(event(LedgerEventType.RECEIVED, oldest, null, ACCEPTED));
        for (int i = 0; i < PipelineMetrics.RECENT_ACCEPTANCES; i++) {
            metrics.count(event(LedgerEventType.RECEIVED, UUID.randomUUID(), null, ACCEPTED.plusSeconds(1)));
        }

        metrics.count(event(LedgerEventType.DELIVERED, elsewhere, "gp-a", ACCEPTED.plus(Duration.ofSeconds(4))));
        metrics.count(event(LedgerEventType.DELIVERED, oldest, "gp-a", ACCEPTED.plus(Duration.ofSeconds(6))));
        metrics.count(event(LedgerEventType.DELIVERED, UUID.randomUUID(), "gp-a", ACCEPTED));

        assertThat(askedTheDatabase).as("the recent acceptances are bounded").hasSize(3).contains(elsewhere, oldest);
        assertThat(latency("gp-a").count()).as("unknown acceptance: not timed").isEqualTo(2);
        assertThat(latency("gp-a").totalTime(TimeUnit.SECONDS)).isEqualTo(10);
    }

    private Timer latency(String recipient) {
        return registry.get(PipelineMetrics.LATENCY).tag("recipient", recipient).timer();
    }

    private static LedgerEvent event(LedgerEventType type, UUID trackingId, String recipient, Instant at) {
        return LedgerEvent.forReferral(type, trackingId, "hub", "police-a", recipient, "PATSFTY",
                type == LedgerEventType.DELIVERED ? "DELIVERED" : null, null, 1, List.of("p1:aaa"), at);
    }
}
