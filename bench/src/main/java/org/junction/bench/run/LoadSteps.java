package org.junction.bench.run;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.HdrHistogram.Histogram;

/**
 * One configuration of bench/run.sh under open-model load: a warm-up, then fixed arrival rates
 * stepped up until a step fails; or, with {@code --soak}, one rate for a long time. Starts the
 * partner stub itself, so that arrival times and due times are read from one clock.
 *
 * <p>A step passes when every request was answered 2xx, every accepted referral reached the
 * partner within the drain time after the step, and the 99th percentile from due time to partner
 * receipt is under one second. A backlog that grows during the step shows in that percentile,
 * because the latency counts from when each referral was due. After the first failure the rate
 * half-way between the last pass and the lowest failure is tried, until the two are within 15 % of
 * each other; the highest passing rate is the MST.
 */
public final class LoadSteps {

    static final long SLO_MICROS = 1_000_000;
    /** Stepping stops once the highest passing and lowest failing rates are closer than this share of the first. */
    static final double RESOLUTION = 0.15;
    static final Duration DRAIN = Duration.ofSeconds(15);
    /** The warm-up's referrals on their way at once: enough to keep every stage busy, never a backlog. */
    static final int WARMUP_WINDOW = 32;
    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    private final Map<String, List<String>> options;
    private final ReceiptStub stub;
    private final OpenLoad load;
    private final Prometheus metrics;
    private final StepCost cost;

    private LoadSteps(Map<String, List<String>> options, ReceiptStub stub, OpenLoad load, Prometheus metrics,
            StepCost cost) {
        this.options = options;
        this.stub = stub;
        this.load = load;
        this.metrics = metrics;
        this.cost = cost;
    }

    public static void main(String[] args) throws Exception {
        Map<String, List<String>> options = parse(args);
        var messages = new BarsMessages(Path.of(one(options, "input", null)), optional(options, "performer"));
        String metricsUrl = optional(options, "metrics");
        try (ReceiptStub stub = ReceiptStub.start(Integer.parseInt(one(options, "stub-port", "8190")));
             OpenLoad load = new OpenLoad(URI.create(one(options, "url", null)), optional(options, "api-key"), messages);
             StepCost cost = StepCost.of(optional(options, "pid"), optional(options, "database-url"))) {
            var run = new LoadSteps(options, stub, load, metricsUrl == null ? null : new Prometheus(URI.create(metricsUrl)), cost);
            ObjectNode result = options.containsKey("soak") ? run.soak() : run.steps();
            Files.writeString(Path.of(one(options, "out", null)), JSON.writeValueAsString(result));
        }
        System.exit(0);
    }

    private ObjectNode steps() throws InterruptedException {
        String name = one(options, "name", "run");
        double rate = Double.parseDouble(one(options, "start-rate", "5"));
        double factor = Double.parseDouble(one(options, "factor", "1.5"));
        int maxSteps = Integer.parseInt(one(options, "max-steps", "8"));
        long stepSeconds = Long.parseLong(one(options, "step", "20"));
        long warmup = Long.parseLong(one(options, "warmup", "30"));
        ObjectNode result = JSON.createObjectNode().put("name", name).put("stepSeconds", stepSeconds)
                .put("warmupSeconds", warmup).put("sloP99Micros", SLO_MICROS);
        if (warmup > 0) {
            result.set("warmup", warmUp(name, rate, warmup));
        }
        ArrayNode steps = result.putArray("steps");
        double passed = 0;
        double failed = 0;
        for (int i = 0; i < maxSteps; i++) {
            double offered = failed == 0 ? rate : (passed + failed) / 2;
            ObjectNode step = step(offered, stepSeconds);
            steps.add(step);
            boolean ok = step.get("passed").asBoolean();
            log(name, "%7.1f/s  %s  ack p50 %s p99 %s  end-to-end p50 %s p99 %s  errors %d  not received %d  load %s  %s",
                    offered, ok ? "pass" : "FAIL", ms(step, "ack", "p50"), ms(step, "ack", "p99"),
                    ms(step, "endToEnd", "p50"), ms(step, "endToEnd", "p99"), step.get("errors").asInt(),
                    step.get("notReceived").asInt(), step.get("load").asText(), StepCost.text(step));
            if (ok) {
                passed = Math.max(passed, offered);
            } else {
                failed = failed == 0 ? offered : Math.min(failed, offered);
            }
            // Once a step fails, halve the gap between the highest pass and the lowest failure until
            // it is under RESOLUTION of the passing rate: a step or two more than one half-way try.
            if (failed != 0 && failed - passed < Math.max(1, passed * RESOLUTION)) {
                break;
            }
            rate = Math.round(rate * factor * 10) / 10.0;
        }
        result.put("mst", passed);
        log(name, "MST %.1f/s", passed);
        return result;
    }

    /**
     * Before the steps: with {@code --warmup-referrals}, at least that many referrals in a closed
     * loop (see {@link OpenLoad#closed}) over at least {@code --warmup-minimum} seconds, within
     * {@code seconds}; without, {@code seconds} at the first step's rate. Sized by referrals, a slow
     * machine's warm-up takes longer instead of leaving its JIT compiling into the steps.
     */
    private ObjectNode warmUp(String name, double firstRate, long seconds) throws InterruptedException {
        int referrals = Integer.parseInt(one(options, "warmup-referrals", "0"));
        if (referrals <= 0) {
            // At the first step's rate: traffic for the JIT that even a slow configuration drains at once.
            log(name, "warm-up: %d s at %.1f/s", seconds, firstRate);
            return step(firstRate, seconds);
        }
        long minimum = Math.min(seconds, Long.parseLong(one(options, "warmup-minimum", "60")));
        log(name, "warm-up: %d referrals and %d s at least, at most %d on their way at once, within %d s",
                referrals, minimum, WARMUP_WINDOW, seconds);
        StepCost.Reading before = cost.start();
        long began = System.nanoTime();
        OpenLoad.Outcome outcome = load.closed(referrals, WARMUP_WINDOW, Duration.ofSeconds(minimum),
                Duration.ofSeconds(seconds), Duration.ofSeconds(30), stub::received);
        long drainUntil = System.nanoTime() + DRAIN.toNanos();
        while (notReceived(outcome) > 0 && System.nanoTime() < drainUntil) {
            Thread.sleep(200);
        }
        Receipts receipts = receipts(outcome);
        double took = (receipts.lastArrival() - began) / 1e9;
        ObjectNode warm = JSON.createObjectNode().put("referrals", referrals).put("window", WARMUP_WINDOW)
                .put("minimumSeconds", minimum).put("limitSeconds", seconds).put("sent", outcome.sent).put("accepted", outcome.accepted.get())
                .put("errors", outcome.errorCount()).put("received", receipts.endToEnd().getTotalCount())
                .put("notReceived", receipts.notReceived()).put("seconds", Math.max(0, took))
                .put("deliveredPerSecond", took <= 0 ? 0 : receipts.endToEnd().getTotalCount() / took);
        cost.put(warm, before, cost.end(), outcome.accepted.get());
        warm.set("ack", percentiles(outcome.acks.getIntervalHistogram()));
        warm.set("endToEnd", percentiles(receipts.endToEnd()));
        log(name, "warm-up: %d of %d delivered in %.0f s (%.1f/s), errors %d, %s", receipts.endToEnd().getTotalCount(),
                outcome.sent, took, warm.get("deliveredPerSecond").asDouble(), outcome.errorCount(), StepCost.text(warm));
        Thread.sleep(2_000);
        return warm;
    }

    /** One rate for {@code seconds}, drained, and measured. */
    private ObjectNode step(double rate, long seconds) throws InterruptedException {
        String loadBefore = loadAverage();
        StepCost.Reading before = cost.start();
        OpenLoad.Outcome outcome = load.run(rate, seconds, Duration.ofSeconds(30), null);
        long sentUntil = outcome.lastDue;
        // The backlog one second after the last referral was due: what a healthy pipeline has in flight.
        sleepUntil(sentUntil + TimeUnit.SECONDS.toNanos(1));
        int backlog = notReceived(outcome);
        long drainUntil = System.nanoTime() + DRAIN.toNanos();
        while (notReceived(outcome) > 0 && System.nanoTime() < drainUntil) {
            Thread.sleep(200);
        }
        StepCost.Reading after = cost.end();
        Receipts receipts = receipts(outcome);
        Histogram endToEnd = receipts.endToEnd();
        int notReceived = receipts.notReceived();
        long lastArrival = receipts.lastArrival();
        Histogram acks = outcome.acks.getIntervalHistogram();
        int errors = outcome.errorCount();
        boolean passed = errors == 0 && notReceived == 0 && outcome.accepted.get() == outcome.sent
                && endToEnd.getTotalCount() > 0 && endToEnd.getValueAtPercentile(99) < SLO_MICROS;
        double spanSeconds = (lastArrival - outcome.firstDue) / 1e9;
        ObjectNode step = JSON.createObjectNode().put("rate", rate).put("seconds", seconds)
                .put("sent", outcome.sent).put("accepted", outcome.accepted.get()).put("errors", errors)
                .put("received", endToEnd.getTotalCount()).put("notReceived", notReceived)
                .put("backlogOneSecondAfter", backlog)
                .put("deliveredPerSecond", spanSeconds <= 0 ? 0 : endToEnd.getTotalCount() / spanSeconds)
                .put("passed", passed).put("load", loadBefore + " / " + loadAverage());
        cost.put(step, before, after, outcome.accepted.get());
        step.set("ack", percentiles(acks));
        step.set("endToEnd", percentiles(endToEnd));
        ObjectNode errorKinds = step.putObject("errorKinds");
        outcome.errors.forEach((kind, count) -> errorKinds.put(kind, count.get()));
        if (metrics != null) {
            ObjectNode scraped = step.putObject("metrics");
            metrics.scrape().forEach(scraped::put);
        }
        Thread.sleep(2_000);
        return step;
    }

    /** One rate for a long time, reported per minute: throughput drift, heap after GC, disk. */
    private ObjectNode soak() throws InterruptedException {
        double rate = Double.parseDouble(one(options, "rate", null));
        long seconds = Long.parseLong(one(options, "soak", "3600"));
        long warmup = Long.parseLong(one(options, "warmup", "30"));
        List<Path> watched = options.getOrDefault("watch-dir", List.of()).stream().map(Path::of).toList();
        ObjectNode result = JSON.createObjectNode().put("name", "soak").put("rate", rate).put("seconds", seconds);
        if (warmup > 0) {
            // The steps' warm-up: at the soak's rate alone, a hub still compiling falls behind in its
            // first minutes and the drift measures its catching up, not the hour.
            result.set("warmup", warmUp("soak", rate, warmup));
        }
        ArrayNode minutes = result.putArray("minutes");
        long[] nextMinute = {System.nanoTime() + TimeUnit.SECONDS.toNanos(60)};
        long[] receivedBefore = {stub.received()};
        Instant started = Instant.now();
        Runnable tick = () -> {
            long now = System.nanoTime();
            if (now < nextMinute[0]) {
                return;
            }
            nextMinute[0] += TimeUnit.SECONDS.toNanos(60);
            long received = stub.received();
            ObjectNode minute = JSON.createObjectNode()
                    .put("minute", Duration.between(started, Instant.now()).toMinutes())
                    .put("deliveredPerSecond", (received - receivedBefore[0]) / 60.0)
                    .put("load", loadAverage());
            receivedBefore[0] = received;
            if (metrics != null) {
                metrics.scrape().forEach(minute::put);
            }
            for (Path dir : watched) {
                minute.put("bytes:" + dir.getFileName(), sizeOf(dir));
            }
            minutes.add(minute);
            log("soak", "%s", minute);
        };
        OpenLoad.Outcome outcome = load.run(rate, seconds, Duration.ofSeconds(30), tick);
        sleepUntil(outcome.lastDue + DRAIN.toNanos());
        Receipts receipts = receipts(outcome);
        result.put("sent", outcome.sent).put("accepted", outcome.accepted.get()).put("errors", outcome.errorCount())
                .put("notReceived", receipts.notReceived()).put("duplicates", stub.duplicates());
        result.set("ack", percentiles(outcome.acks.getIntervalHistogram()));
        result.set("endToEnd", percentiles(receipts.endToEnd()));
        return result;
    }

    /** Due time -> partner receipt of every accepted referral that arrived, and how many did not. */
    private record Receipts(Histogram endToEnd, int notReceived, long lastArrival) {
    }

    private Receipts receipts(OpenLoad.Outcome outcome) {
        Histogram endToEnd = new Histogram(OpenLoad.HIGHEST_MICROS, 3);
        int notReceived = 0;
        long lastArrival = outcome.firstDue;
        for (var sent : outcome.dueByTrackingId.entrySet()) {
            Long at = stub.receivedAt(sent.getKey());
            if (at == null) {
                notReceived++;
            } else {
                endToEnd.recordValue(Math.min(OpenLoad.HIGHEST_MICROS, Math.max(0, (at - sent.getValue()) / 1_000)));
                lastArrival = Math.max(lastArrival, at);
            }
        }
        return new Receipts(endToEnd, notReceived, lastArrival);
    }

    private int notReceived(OpenLoad.Outcome outcome) {
        int missing = 0;
        for (String trackingId : outcome.dueByTrackingId.keySet()) {
            if (stub.receivedAt(trackingId) == null) {
                missing++;
            }
        }
        return missing;
    }

    static ObjectNode percentiles(Histogram histogram) {
        ObjectNode node = JSON.createObjectNode().put("count", histogram.getTotalCount());
        if (histogram.getTotalCount() > 0) {
            node.put("p50", histogram.getValueAtPercentile(50)).put("p90", histogram.getValueAtPercentile(90))
                    .put("p99", histogram.getValueAtPercentile(99)).put("max", histogram.getMaxValue())
                    .put("mean", Math.round(histogram.getMean()));
        }
        return node.put("unit", "microseconds");
    }

    private static String ms(ObjectNode step, String histogram, String percentile) {
        var value = step.get(histogram).get(percentile);
        return value == null ? "-" : String.format("%.1f ms", value.asLong() / 1000.0);
    }

    static String loadAverage() {
        try {
            String[] parts = Files.readString(Path.of("/proc/loadavg")).split(" ");
            return parts[0] + " " + parts[1] + " " + parts[2];
        } catch (IOException e) {
            return "unknown";
        }
    }

    private static long sizeOf(Path dir) {
        try (Stream<Path> files = Files.walk(dir)) {
            return files.filter(Files::isRegularFile).mapToLong(f -> f.toFile().length()).sum();
        } catch (IOException | java.io.UncheckedIOException e) {
            return -1;
        }
    }

    private static void sleepUntil(long nanoTime) throws InterruptedException {
        long wait;
        while ((wait = nanoTime - System.nanoTime()) > 0) {
            TimeUnit.NANOSECONDS.sleep(wait);
        }
    }

    private static void log(String name, String format, Object... args) {
        System.out.printf("[%s] %s%n", name, String.format(format, args));
    }

    static Map<String, List<String>> parse(String[] args) {
        Map<String, List<String>> options = new LinkedHashMap<>();
        for (int i = 0; i < args.length; i++) {
            if (!args[i].startsWith("--") || i + 1 >= args.length) {
                throw new IllegalArgumentException("expected --name value pairs, at " + args[i]);
            }
            options.computeIfAbsent(args[i].substring(2), k -> new ArrayList<>()).add(args[++i]);
        }
        return options;
    }

    static String optional(Map<String, List<String>> options, String name) {
        List<String> values = options.get(name);
        return values == null || values.isEmpty() ? null : values.get(values.size() - 1);
    }

    static String one(Map<String, List<String>> options, String name, String fallback) {
        List<String> values = options.get(name);
        if (values == null || values.isEmpty()) {
            if (fallback == null) {
                throw new IllegalArgumentException("--" + name + " is required");
            }
            return fallback;
        }
        return values.get(values.size() - 1);
    }
}
