package org.junction.bench.run;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * The figures of one bench/run.sh run: reads what each stage left in bench/target/run, prints MST
 * and percentiles per configuration with the ratios of perf-reliability.md section 3, and writes
 * results.json beside them.
 */
public final class Summary {

    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);
    private static final Pattern WRITES_PER_MS = Pattern.compile("can execute ([0-9.]+) writes per millisecond");
    private static final Pattern FDATASYNC = Pattern.compile("fdatasync\\s+([0-9.]+) ops/sec");
    private static final Pattern STEP_FILE = Pattern.compile("b0-step\\d+-(\\d+)\\.json");

    private Summary() {
    }

    public static void main(String[] args) throws IOException {
        Locale.setDefault(Locale.ROOT);
        String command = args.length > 0 ? args[0] : "";
        switch (command) {
            case "mst" -> System.out.println((long) Math.floor(JSON.readTree(Path.of(args[1]).toFile()).path("mst").asDouble()));
            case "soak-rate" -> {
                double mst = JSON.readTree(Path.of(args[1], "results.json").toFile()).path("h1").path("mst").asDouble();
                if (mst <= 0) {
                    throw new IllegalStateException("no MST for H1 in " + args[1] + "/results.json: run bench/run.sh first");
                }
                System.out.printf("%.1f%n", 0.7 * mst);
            }
            case "report" -> report(Path.of(args[1]));
            case "soak" -> soak(Path.of(args[1]));
            case "median" -> median(Path.of(args[1]), Stream.of(args).skip(2).map(Path::of).toList());
            default -> throw new IllegalArgumentException(
                    "usage: Summary mst <file> | soak-rate <dir> | report <dir> | soak <dir> | median <out> <run>...");
        }
    }

    private static void report(Path run) throws IOException {
        ObjectNode results = JSON.createObjectNode();
        Path machine = run.resolve("machine.json");
        if (Files.exists(machine)) {
            results.set("machine", JSON.readTree(machine.toFile()));
        }
        System.out.println();
        System.out.println("== D0 disk ==");
        ObjectNode d0 = results.putObject("d0");
        syncs(run.resolve("d0-perf-journal.log"), WRITES_PER_MS, 1000, "artemis perf-journal NIO --sync-writes", d0,
                "journalSyncsPerSecond");
        syncs(run.resolve("d0-perf-journal-batched.log"), WRITES_PER_MS, 1000, "artemis perf-journal NIO --sync",
                d0, "journalBatchedWritesPerSecond");
        syncs(run.resolve("d0-pg_test_fsync.log"), FDATASYNC, 1, "pg_test_fsync, one 8 kB write + fdatasync", d0,
                "pgFdatasyncPerSecond");

        System.out.println();
        System.out.println("== MST and latency (microseconds shown as ms) ==");
        System.out.printf("%-34s %9s %10s %10s %12s %12s  %s%n", "configuration", "MST/s", "ack p50", "ack p99",
                "e2e p50", "e2e p99", "load average during the MST step");
        ObjectNode b0 = results.putObject("b0");
        double mstB0 = b0(run, b0);
        double mstB1 = configuration(run, "b1", "B1 Camel passthrough", results);
        double mstH1 = configuration(run, "h1", "H1 hub, all enforcement", results);
        double mstH2 = configuration(run, "h2", "H2 hub + R4 validation at ingest", results);

        System.out.println();
        System.out.println("== Ratios ==");
        ObjectNode ratios = results.putObject("ratios");
        ratio(ratios, "hubOverPassthrough", "R1 MST(H1) / MST(B1)", mstH1, mstB1, "bar >= 0.5, goal 1.0", 0.5);
        ratio(ratios, "hubOverRawArtemis", "R2 MST(H1) / MST(B0)", mstH1, mstB0, "goal >= 0.1", 0.1);
        ratio(ratios, "validationOnOverOff", "R3 MST(H2) / MST(H1)", mstH2, mstH1, "goal >= 0.25", 0.25);
        ackRatio(run, results, ratios);

        System.out.println();
        System.out.println("== What the MST step cost the machine (CPU ms per referral) ==");
        System.out.printf("%-34s %12s %10s %10s %10s %10s%n", "configuration", "machine busy", "tested", "generator",
                "rest", "all");
        double costB1 = cost(results, "b1", "B1 Camel passthrough");
        double costH1 = cost(results, "h1", "H1 hub, all enforcement");
        cost(results, "h2", "H2 hub + R4 validation at ingest");
        if (costB1 > 0 && costH1 > 0) {
            ratios.put("hubCpuOverPassthroughCpu", costH1 / costB1);
            System.out.printf("%-48s %6.2f  (the machine's CPU per referral at each MST: %.1f / %.1f ms)%n",
                    "CPU per referral H1 / B1", costH1 / costB1, costH1, costB1);
        }
        Files.writeString(run.resolve("results.json"), JSON.writeValueAsString(results));
        System.out.println();
        System.out.println("Written " + run.resolve("results.json"));
    }

    /** The ratios and MSTs the ratios rest on, per repetition, and their median: what section 3 reports. */
    static final List<String[]> REPEATED = List.of(
            new String[] {"ratios", "hubOverPassthrough", "R1 MST(H1) / MST(B1)"},
            new String[] {"ratios", "hubOverRawArtemis", "R2 MST(H1) / MST(B0)"},
            new String[] {"ratios", "validationOnOverOff", "R3 MST(H2) / MST(H1)"},
            new String[] {"ratios", "hubAckOverArtemisSendP99", "L2 ack p99 H1 / Artemis send p99"},
            new String[] {"ratios", "hubCpuOverPassthroughCpu", "CPU per referral H1 / B1"},
            new String[] {"b0", "mst", "MST B0"},
            new String[] {"b1", "mst", "MST B1"},
            new String[] {"h1", "mst", "MST H1"},
            new String[] {"h2", "mst", "MST H2"});

    /**
     * Repetitions of the whole run, side by side, with the median of each figure: the median of
     * the per-run ratios, not the ratio of median MSTs, so that each ratio compares configurations
     * measured minutes apart on the machine as it was then.
     */
    private static void median(Path out, List<Path> runs) throws IOException {
        List<JsonNode> results = new ArrayList<>();
        for (Path run : runs) {
            results.add(JSON.readTree(run.resolve("results.json").toFile()));
        }
        ObjectNode summary = JSON.createObjectNode();
        var names = summary.putArray("runs");
        runs.forEach(run -> names.add(run.getFileName().toString()));
        System.out.println();
        System.out.printf("== %d repetitions: each run, and the median ==%n", runs.size());
        for (String[] figure : REPEATED) {
            List<Double> values = new ArrayList<>();
            StringBuilder line = new StringBuilder(String.format("%-36s", figure[2]));
            for (JsonNode result : results) {
                JsonNode value = result.path(figure[0]).path(figure[1]);
                line.append(value.isNumber() ? String.format(" %9.3f", value.asDouble()) : String.format(" %9s", "n/a"));
                if (value.isNumber()) {
                    values.add(value.asDouble());
                }
            }
            Double median = medianOf(values);
            line.append(median == null ? "   median n/a" : String.format("   median %.3f", median));
            System.out.println(line);
            ObjectNode node = summary.putObject(figure[0] + "." + figure[1]);
            var each = node.putArray("runs");
            values.forEach(each::add);
            if (median != null) {
                node.put("median", median);
            }
        }
        Files.writeString(out.resolve("median.json"), JSON.writeValueAsString(summary));
        System.out.println();
        System.out.println("Written " + out.resolve("median.json"));
    }

    /** The middle value, or the mean of the two middle ones; null for none. */
    static Double medianOf(List<Double> values) {
        if (values.isEmpty()) {
            return null;
        }
        List<Double> sorted = values.stream().sorted().toList();
        int middle = sorted.size() / 2;
        return sorted.size() % 2 == 1 ? sorted.get(middle) : (sorted.get(middle - 1) + sorted.get(middle)) / 2;
    }

    private static void syncs(Path log, Pattern pattern, double scale, String label, ObjectNode into, String key)
            throws IOException {
        if (!Files.exists(log)) {
            System.out.printf("%-48s not run%n", label);
            return;
        }
        Matcher m = pattern.matcher(Files.readString(log));
        if (m.find()) {
            double perSecond = Double.parseDouble(m.group(1)) * scale;
            into.put(key, perSecond);
            System.out.printf("%-48s %10.0f /s%n", label, perSecond);
        } else {
            System.out.printf("%-48s no figure in %s%n", label, log.getFileName());
        }
    }

    private static double b0(Path run, ObjectNode b0) throws IOException {
        Path all = run.resolve("b0-all.json");
        if (!Files.exists(all)) {
            System.out.printf("%-34s not run%n", "B0 raw Artemis");
            return 0;
        }
        ArtemisPerf ceiling = ArtemisPerf.read(all);
        b0.put("allOutPerSecond", ceiling.receivedPerSecond());
        double mst = 0;
        ArtemisPerf atMst = null;
        List<Path> steps;
        try (Stream<Path> files = Files.list(run)) {
            steps = files.filter(f -> STEP_FILE.matcher(f.getFileName().toString()).matches()).sorted().toList();
        }
        var stepNodes = b0.putArray("steps");
        for (Path step : steps) {
            Matcher m = STEP_FILE.matcher(step.getFileName().toString());
            m.matches();
            double offered = Double.parseDouble(m.group(1));
            ArtemisPerf perf = ArtemisPerf.read(step);
            boolean ok = perf.sustains(offered);
            stepNodes.add(perfNode(perf, offered, ok, loadOf(step)));
            if (ok && offered > mst) {
                mst = offered;
                atMst = perf;
            }
        }
        b0.put("mst", mst);
        System.out.printf("%-34s %9.0f %10s %10s %12s %12s  %s%n", "B0 raw Artemis (send, transfer)", mst,
                atMst == null ? "-" : ms(atMst.sendP50()), atMst == null ? "-" : ms(atMst.sendP99()),
                atMst == null ? "-" : ms(atMst.transferP50()), atMst == null ? "-" : ms(atMst.transferP99()),
                atMst == null ? "" : loadOf(run.resolve(String.format("b0-step%s.load", stepName(steps, mst)))));
        System.out.printf("%-34s %9.0f   (all-out, no rate limit)%n", "B0 raw Artemis all-out", ceiling.receivedPerSecond());
        return mst;
    }

    private static String stepName(List<Path> steps, double rate) {
        for (Path step : steps) {
            String name = step.getFileName().toString();
            if (name.endsWith("-" + (long) rate + ".json")) {
                return name.substring("b0-step".length(), name.length() - ".json".length());
            }
        }
        return "";
    }

    private static ObjectNode perfNode(ArtemisPerf perf, double offered, boolean ok, String load) {
        return JSON.createObjectNode().put("rate", offered).put("receivedPerSecond", perf.receivedPerSecond())
                .put("sent", perf.sent()).put("received", perf.received()).put("sendP50", perf.sendP50())
                .put("sendP99", perf.sendP99()).put("transferP50", perf.transferP50())
                .put("transferP99", perf.transferP99()).put("passed", ok).put("load", load).put("unit", "microseconds");
    }

    private static String loadOf(Path file) throws IOException {
        Path load = file.resolveSibling(file.getFileName().toString().replaceAll("\\.(json|load)$", "") + ".load");
        return Files.exists(load) ? Files.readString(load).trim() : "";
    }

    private static double configuration(Path run, String name, String label, ObjectNode results) throws IOException {
        Path file = run.resolve(name + ".json");
        if (!Files.exists(file)) {
            System.out.printf("%-34s not run%n", label);
            return 0;
        }
        JsonNode result = JSON.readTree(file.toFile());
        results.set(name, result);
        double mst = result.path("mst").asDouble();
        JsonNode at = atRate(result, mst);
        System.out.printf("%-34s %9.1f %10s %10s %12s %12s  %s%n", label, mst, ms(at, "ack", "p50"), ms(at, "ack", "p99"),
                ms(at, "endToEnd", "p50"), ms(at, "endToEnd", "p99"), at == null ? "" : at.path("load").asText());
        return mst;
    }

    /**
     * The CPU the machine spent per referral in a configuration's MST step (the JVM under test, the
     * load generator, the rest), as its steps recorded it; 0 when they did not.
     */
    private static double cost(ObjectNode results, String name, String label) {
        JsonNode cpu = atRateOrEmpty(results.path(name)).path("cpu");
        if (cpu.isMissingNode() || !cpu.has("testedMsPerReferral")) {
            System.out.printf("%-34s not recorded%n", label);
            return 0;
        }
        double tested = cpu.path("testedMsPerReferral").asDouble();
        double generator = cpu.path("loadGeneratorMsPerReferral").asDouble();
        double rest = cpu.path("restMsPerReferral").asDouble();
        double all = tested + generator + rest;
        System.out.printf("%-34s %11.0f%% %10.1f %10.1f %10.1f %10.1f%n", label,
                cpu.path("machineBusyShare").asDouble() * 100, tested, generator, rest, all);
        return all;
    }

    private static JsonNode atRateOrEmpty(JsonNode result) {
        JsonNode at = result.isMissingNode() ? null : atRate(result, result.path("mst").asDouble());
        return at == null ? JSON.createObjectNode() : at;
    }

    private static JsonNode atRate(JsonNode result, double rate) {
        for (JsonNode step : result.path("steps")) {
            if (step.path("passed").asBoolean() && step.path("rate").asDouble() == rate) {
                return step;
            }
        }
        return null;
    }

    private static void ratio(ObjectNode ratios, String key, String label, double over, double under, String goal,
                              double bar) {
        if (over <= 0 || under <= 0) {
            System.out.printf("%-48s  n/a (a configuration was not run or sustained no step)%n", label);
            return;
        }
        double value = over / under;
        ratios.put(key, value);
        System.out.printf("%-48s %6.3f  %s  %s%n", label, value, goal, value >= bar ? "met" : "MISSED");
    }

    /** L2: the hub's 202 p99 at its MST step over Artemis' durable-send p99 at the same rate. */
    private static void ackRatio(Path run, ObjectNode results, ObjectNode ratios) throws IOException {
        String label = "L2 ack p99 H1 / Artemis send p99, same rate";
        JsonNode h1 = results.path("h1");
        double rate = h1.path("mst").asDouble();
        Path b0 = run.resolve("b0-at-" + (long) Math.floor(rate) + ".json");
        JsonNode at = atRate(h1, rate);
        if (at == null || !Files.exists(b0)) {
            System.out.printf("%-48s  n/a (needs H1 and B0 at H1's MST)%n", label);
            return;
        }
        ArtemisPerf perf = ArtemisPerf.read(b0);
        ((ObjectNode) results.get("b0")).set("atHubMst", perfNode(perf, Math.floor(rate), perf.sustains(Math.floor(rate)),
                loadOf(b0)));
        double hub = at.path("ack").path("p99").asDouble();
        double value = hub / Math.max(1, perf.sendP99());
        ratios.put("hubAckOverArtemisSendP99", value);
        System.out.printf("%-48s %6.3f  goal <= 2  %s  (hub %s, Artemis %s at %.0f/s)%n", label, value,
                value <= 2 ? "met" : "MISSED", ms((long) hub), ms(perf.sendP99()), Math.floor(rate));
    }

    private static void soak(Path run) throws IOException {
        JsonNode soak = JSON.readTree(run.resolve("soak.json").toFile());
        List<JsonNode> minutes = new ArrayList<>();
        soak.path("minutes").forEach(minutes::add);
        System.out.printf("Soak: %.1f/s for %d s; sent %d, accepted %d, errors %d, not received %d, duplicates %d%n",
                soak.path("rate").asDouble(), soak.path("seconds").asLong(), soak.path("sent").asLong(),
                soak.path("accepted").asLong(), soak.path("errors").asLong(), soak.path("notReceived").asLong(),
                soak.path("duplicates").asLong());
        System.out.printf("end-to-end p50 %s p99 %s; ack p99 %s%n", ms(soak, "endToEnd", "p50"), ms(soak, "endToEnd", "p99"),
                ms(soak, "ack", "p99"));
        if (minutes.size() < 4) {
            System.out.println("too short for drift figures");
            return;
        }
        // The first minute still fills the pipeline, and the last may include its draining: compare whole middles.
        int window = Math.max(1, Math.min(5, (minutes.size() - 2) / 2));
        List<JsonNode> early = minutes.subList(1, 1 + window);
        List<JsonNode> late = minutes.subList(minutes.size() - 1 - window, minutes.size() - 1);
        double before = mean(early, "deliveredPerSecond");
        double after = mean(late, "deliveredPerSecond");
        System.out.printf("throughput drift: %.2f/s -> %.2f/s (%.1f %%, goal a drop of at most 5 %%)%n", before, after,
                100 * (after - before) / before);
        for (String key : List.of("jvm_gc_live_data_size_bytes", "bytes:broker", "bytes:db")) {
            System.out.printf("%-30s %14.0f -> %14.0f (max %14.0f)%n", key, mean(early, key), mean(late, key),
                    minutes.stream().mapToDouble(m -> m.path(key).asDouble()).max().orElse(0));
        }
    }

    private static double mean(List<JsonNode> nodes, String key) {
        return nodes.stream().mapToDouble(n -> n.path(key).asDouble()).average().orElse(0);
    }

    private static String ms(JsonNode step, String histogram, String percentile) {
        if (step == null || !step.path(histogram).has(percentile)) {
            return "-";
        }
        return ms(step.path(histogram).path(percentile).asLong());
    }

    private static String ms(long micros) {
        return String.format("%.1f ms", micros / 1000.0);
    }
}
