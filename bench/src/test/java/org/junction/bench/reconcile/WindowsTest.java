package org.junction.bench.reconcile;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.List;
import org.junction.bench.load.DeliveryRecord;
import org.junction.bench.load.SentRecord;
import org.junit.jupiter.api.Test;

class WindowsTest {

    private static final Instant T0 = Instant.parse("2026-11-23T06:00:00Z");

    private static SentRecord sent(String key, int second) {
        return new SentRecord("c:" + key, key, "h", T0.plusSeconds(second).toString(), SentRecord.ACCEPTED, 202, "t-" + key,
                List.of("t-" + key), 1, 0, "measure", false);
    }

    private static DeliveryRecord delivery(String partner, String key, double second, int status) {
        Instant at = T0.plusMillis(Math.round(second * 1000));
        return new DeliveryRecord(partner, key, "i-" + key, 1, "h", "t-" + key, status, at.toString(),
                at.getEpochSecond() * 1_000_000 + at.getNano() / 1000, "ok");
    }

    @Test
    void countsEachKeysFirstSuccessInTheWindowItArrivedInWithItsLatencyFromTheIntendedSend() {
        var sent = List.of(sent("a", 0), sent("b", 1), sent("c", 2), sent("d", 3));
        var deliveries = List.of(delivery("healthy", "a", 0.1, 201), delivery("healthy", "b", 1.2, 201),
                delivery("healthy", "b", 1.5, 201), // a duplicate: not counted again
                delivery("healthy", "c", 2.3, 201), delivery("faulty", "a", 0.5, 503),
                delivery("faulty", "a", 12.0, 201), delivery("healthy", "d", 12.0, 201));
        var windows = List.of(new Windows.Window("fault", T0, T0.plusSeconds(10)),
                new Windows.Window("after", T0.plusSeconds(10), T0.plusSeconds(20)));

        var figures = Windows.figures(sent, deliveries, windows);

        var healthyInFault = figures.stream().filter(f -> f.window().equals("fault") && f.partner().equals("healthy"))
                .findFirst().orElseThrow();
        assertThat(healthyInFault.firstDeliveries()).isEqualTo(3);
        assertThat(healthyInFault.ratePerSecond()).isEqualTo(0.3);
        assertThat(healthyInFault.maxMs()).isBetween(299.0, 301.0);
        var faultyInFault = figures.stream().filter(f -> f.window().equals("fault") && f.partner().equals("faulty"))
                .findFirst().orElseThrow();
        assertThat(faultyInFault.firstDeliveries()).isZero();
        var faultyAfter = figures.stream().filter(f -> f.window().equals("after") && f.partner().equals("faulty"))
                .findFirst().orElseThrow();
        assertThat(faultyAfter.firstDeliveries()).isEqualTo(1);
        assertThat(faultyAfter.p50Ms()).isBetween(11_990.0, 12_010.0);
    }
}
