package org.junction.bench.reconcile;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.HdrHistogram.Histogram;
import org.junction.bench.load.Args;
import org.junction.bench.load.DeliveryRecord;
import org.junction.bench.load.JsonLines;
import org.junction.bench.load.SentRecord;

/**
 * Delivery figures of each partner in time windows of a fault script (baseline, partner down,
 * slow, flaky...): the rate of first successful deliveries arriving in the window, and their
 * end-to-end latency, from the load generator's intended send time to the stub's receipt. Shows
 * whether a healthy partner keeps draining while another one fails.
 *
 * <p>The windows file has one window a line: {@code name startInstant endInstant}.
 */
public final class Windows {

    /** One partner's figures in one window. */
    public record Figures(String window, String partner, double seconds, long firstDeliveries, double ratePerSecond,
                          double p50Ms, double p99Ms, double maxMs) {
    }

    /** A named time window. */
    public record Window(String name, Instant start, Instant end) {
    }

    private Windows() {
    }

    public static List<Figures> figures(List<SentRecord> sent, List<DeliveryRecord> deliveries, List<Window> windows) {
        Map<String, Instant> intendedByKey = new HashMap<>();
        sent.forEach(s -> intendedByKey.put(s.key(), Instant.parse(s.intended())));
        // Only each key's first 2xx at each partner: a duplicate is not progress.
        Set<String> seen = new HashSet<>();
        List<DeliveryRecord> first = new ArrayList<>();
        deliveries.stream().filter(d -> d.status() >= 200 && d.status() < 300 && d.key() != null)
                .sorted(java.util.Comparator.comparingLong(DeliveryRecord::receivedMicros))
                .filter(d -> seen.add(d.partner() + "|" + d.key())).forEach(first::add);
        Set<String> partners = new java.util.TreeSet<>();
        deliveries.forEach(d -> partners.add(d.partner()));
        List<Figures> out = new ArrayList<>();
        for (Window w : windows) {
            double seconds = (w.end().toEpochMilli() - w.start().toEpochMilli()) / 1000.0;
            for (String partner : partners) {
                Histogram latency = new Histogram(TimeUnit.HOURS.toMicros(2), 3);
                long n = 0;
                for (DeliveryRecord d : first) {
                    Instant at = Instant.parse(d.receivedAt());
                    if (!d.partner().equals(partner) || at.isBefore(w.start()) || !at.isBefore(w.end())) {
                        continue;
                    }
                    n++;
                    Instant intended = intendedByKey.get(d.key());
                    if (intended != null) {
                        long micros = Math.max(0, TimeUnit.NANOSECONDS.toMicros(
                                java.time.Duration.between(intended, at).toNanos()));
                        latency.recordValue(Math.min(micros, latency.getHighestTrackableValue()));
                    }
                }
                out.add(new Figures(w.name(), partner, seconds, n, seconds > 0 ? n / seconds : 0,
                        latency.getValueAtPercentile(50) / 1000.0, latency.getValueAtPercentile(99) / 1000.0,
                        latency.getMaxValue() / 1000.0));
            }
        }
        return out;
    }

    public static void main(String[] argv) throws Exception {
        Args args = new Args(argv);
        List<Window> windows = new ArrayList<>();
        for (String line : Files.readAllLines(Path.of(args.required("windows")), StandardCharsets.UTF_8)) {
            String[] parts = line.strip().split("\\s+");
            if (parts.length == 3) {
                windows.add(new Window(parts[0], Instant.parse(parts[1]), Instant.parse(parts[2])));
            }
        }
        String label = args.get("label", "windows");
        var figures = figures(JsonLines.read(Path.of(args.required("sent")), SentRecord.class),
                JsonLines.read(Path.of(args.required("deliveries")), DeliveryRecord.class), windows);
        System.out.printf("%s: %-14s %-16s %7s %10s %9s %10s %10s %10s%n", label, "window", "partner", "seconds",
                "delivered", "per s", "p50 ms", "p99 ms", "max ms");
        for (Figures f : figures) {
            System.out.printf(Locale.ROOT, "%s: %-14s %-16s %7.1f %10d %9.2f %10.0f %10.0f %10.0f%n", label, f.window(),
                    f.partner(), f.seconds(), f.firstDeliveries(), f.ratePerSecond(), f.p50Ms(), f.p99Ms(), f.maxMs());
        }
    }
}
