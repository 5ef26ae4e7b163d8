package org.junction.bench.reconcile;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.io.PrintStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junction.bench.load.Args;
import org.junction.bench.load.DeliveryRecord;
import org.junction.bench.load.JsonLines;
import org.junction.bench.load.SentRecord;
import org.junction.bench.load.SyntheticReferrals;

/**
 * After a run: waits until the hub has drained (its queues empty and every accepted key accounted
 * for, or the timeout), gathers the hub's evidence over its own APIs and prints the
 * reconciliation. Exits 1 when anything that must be zero is not, 2 on a usage error.
 *
 * <p>Evidence asked of the hub: queue depths (management port, {@code junction_queue_depth}),
 * dead letters ({@code GET /api/v1/dlq}), each accepted key's status
 * ({@code GET /api/v1/referrals/{id}} as the sender), each accepted key sent again with the same
 * X-Request-ID and body (the hub must answer the same tracking id as a duplicate: one accepted
 * record per key), and the audit chain ({@code GET /api/v1/audit/verify}).
 */
public final class Reconcile {

    private static final Pattern DEPTH = Pattern.compile("^junction_queue_depth\\{[^}]*queue=\"([^\"]+)\"[^}]*}\\s+(\\S+)",
            Pattern.MULTILINE);

    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
    private final URI hub;
    private final URI management;
    private final String adminKey;
    private final String policeKey;

    Reconcile(URI hub, URI management, String adminKey, String policeKey) {
        this.hub = hub;
        this.management = management;
        this.adminKey = adminKey;
        this.policeKey = policeKey;
    }

    public static void main(String[] argv) throws Exception {
        Args args;
        try {
            args = new Args(argv);
            args.required("sent");
        } catch (IllegalArgumentException e) {
            System.err.println("reconcile: " + e.getMessage());
            System.exit(2);
            return;
        }
        Path sentFile = Path.of(args.required("sent"));
        Path deliveriesFile = Path.of(args.required("deliveries"));
        List<String> recipients = Arrays.stream(args.required("recipients").split(",")).map(String::strip)
                .filter(s -> !s.isEmpty()).toList();
        String label = args.get("label", "run");
        Reconcile r = new Reconcile(URI.create(args.required("hub")), URI.create(args.required("management")),
                args.required("admin-key"), args.required("police-key"));
        Duration timeout = args.getDuration("drain-timeout", Duration.ofSeconds(180));
        boolean probe = !args.get("probe", "true").equals("false");
        SyntheticReferrals referrals = new SyntheticReferrals(args.getLong("seed", 1), args.get("run-id", "r1"));

        List<SentRecord> sent = JsonLines.read(sentFile, SentRecord.class);
        long drainStart = System.nanoTime();
        boolean drained = r.awaitDrain(sent, deliveriesFile, recipients, timeout);
        double drainSeconds = (System.nanoTime() - drainStart) / 1e9;
        // Let late duplicates land and the sealer catch up before the evidence is read.
        Thread.sleep(args.getDuration("settle", Duration.ofSeconds(3)).toMillis());
        List<DeliveryRecord> deliveries = JsonLines.read(deliveriesFile, DeliveryRecord.class);
        List<Reconciliation.DeadLetter> deadLetters = r.deadLetters();
        Map<String, Reconciliation.HubKeyEvidence> evidence = r.evidence(sent, referrals, probe);
        JsonNode audit = r.auditVerify();
        Map<String, Double> depths = r.queueDepths();

        Reconciliation.Report report = Reconciliation.reconcile(sent, deliveries, deadLetters, recipients, evidence);
        boolean auditValid = audit != null && audit.path("valid").asBoolean(false);
        print(label, report, drained, drainSeconds, depths, audit, System.out);
        boolean ok = report.passed() && auditValid && drained;
        System.out.println(label + ": " + (ok ? "PASS" : "FAIL"));
        System.exit(ok ? 0 : 1);
    }

    /** True when every hub queue is empty and every accepted key is delivered or dead-lettered for each recipient. */
    boolean awaitDrain(List<SentRecord> sent, Path deliveriesFile, List<String> recipients, Duration timeout)
            throws IOException, InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        Set<String> accepted = new HashSet<>();
        Map<String, String> keyByTracking = new HashMap<>();
        for (SentRecord s : sent) {
            if (s.outcome().equals(SentRecord.ACCEPTED)) {
                accepted.add(s.key());
                if (s.trackingId() != null) {
                    keyByTracking.put(s.trackingId(), s.key());
                }
            }
        }
        int emptyPolls = 0;
        long lastDeliveries = -1;
        long unchangedSince = System.nanoTime();
        while (System.nanoTime() < deadline) {
            Map<String, Double> depths;
            try {
                depths = queueDepths();
            } catch (IOException e) {
                Thread.sleep(1000);
                continue;
            }
            double waiting = depths.entrySet().stream().filter(e -> !e.getKey().startsWith("DLQ."))
                    .mapToDouble(Map.Entry::getValue).sum();
            List<DeliveryRecord> deliveries = JsonLines.read(deliveriesFile, DeliveryRecord.class);
            Map<String, Set<String>> done = new HashMap<>();
            for (DeliveryRecord d : deliveries) {
                if (d.status() >= 200 && d.status() < 300) {
                    String key = d.key() != null && accepted.contains(d.key()) ? d.key() : keyByTracking.get(d.trackingId());
                    if (key != null) {
                        done.computeIfAbsent(d.partner(), p -> new HashSet<>()).add(key);
                    }
                }
            }
            for (Reconciliation.DeadLetter dl : deadLetters()) {
                String key = keyByTracking.get(dl.trackingId());
                if (key != null) {
                    done.computeIfAbsent(dl.recipient(), p -> new HashSet<>()).add(key);
                }
            }
            long outstanding = 0;
            for (String r : recipients) {
                outstanding += accepted.size() - done.getOrDefault(r, Set.of()).size();
            }
            if (deliveries.size() != lastDeliveries) {
                lastDeliveries = deliveries.size();
                unchangedSince = System.nanoTime();
            }
            emptyPolls = waiting == 0 ? emptyPolls + 1 : 0;
            if (outstanding == 0 && emptyPolls >= 2) {
                return true;
            }
            // Queues empty and nothing arriving for a minute with keys still outstanding: they are
            // not coming (a minute: longer than the outbox relay and any retry pause of the bench).
            if (emptyPolls >= 2 && System.nanoTime() - unchangedSince > Duration.ofSeconds(60).toNanos()) {
                System.out.println("drain: queues empty, " + outstanding + " deliveries outstanding and none arriving");
                return true;
            }
            Thread.sleep(1000);
        }
        System.out.println("drain: timed out after " + timeout.toSeconds() + " s");
        return false;
    }

    Map<String, Double> queueDepths() throws IOException, InterruptedException {
        HttpResponse<String> response = http.send(HttpRequest.newBuilder(management.resolve("/actuator/prometheus"))
                .timeout(Duration.ofSeconds(10)).GET().build(), HttpResponse.BodyHandlers.ofString());
        Map<String, Double> depths = new LinkedHashMap<>();
        Matcher m = DEPTH.matcher(response.body());
        while (m.find()) {
            depths.put(m.group(1), Double.parseDouble(m.group(2)));
        }
        return depths;
    }

    List<Reconciliation.DeadLetter> deadLetters() throws IOException, InterruptedException {
        HttpResponse<String> response = http.send(HttpRequest.newBuilder(hub.resolve("/api/v1/dlq"))
                .header("X-API-Key", adminKey).timeout(Duration.ofSeconds(30)).GET().build(),
                HttpResponse.BodyHandlers.ofString());
        if (response.statusCode() != 200) {
            throw new IOException("GET /api/v1/dlq answered " + response.statusCode());
        }
        List<Reconciliation.DeadLetter> out = new ArrayList<>();
        for (JsonNode n : JsonLines.mapper().readTree(response.body())) {
            out.add(new Reconciliation.DeadLetter(n.path("trackingId").asText(null), n.path("recipient").asText(null),
                    n.path("reasonCode").asText(null)));
        }
        return out;
    }

    /**
     * Each accepted key's status and, when probing, the hub's answer to the same key sent again;
     * eight requests at a time, so a long soak's tens of thousands of keys take minutes, not hours.
     */
    Map<String, Reconciliation.HubKeyEvidence> evidence(List<SentRecord> sent, SyntheticReferrals referrals,
                                                        boolean probe) throws IOException, InterruptedException {
        List<SentRecord> accepted = sent.stream()
                .filter(s -> s.outcome().equals(SentRecord.ACCEPTED) && s.trackingId() != null).toList();
        var pool = java.util.concurrent.Executors.newFixedThreadPool(8);
        try {
            List<java.util.concurrent.Future<Reconciliation.HubKeyEvidence>> futures = new ArrayList<>();
            for (SentRecord s : accepted) {
                futures.add(pool.submit(() -> evidence(s, referrals, probe)));
            }
            Map<String, Reconciliation.HubKeyEvidence> out = new LinkedHashMap<>();
            for (int i = 0; i < accepted.size(); i++) {
                try {
                    out.put(accepted.get(i).key(), futures.get(i).get());
                } catch (java.util.concurrent.ExecutionException e) {
                    throw new IOException("asking the hub about key " + accepted.get(i).key(), e.getCause());
                }
            }
            return out;
        } finally {
            pool.shutdownNow();
        }
    }

    private Reconciliation.HubKeyEvidence evidence(SentRecord s, SyntheticReferrals referrals, boolean probe)
            throws IOException, InterruptedException {
        Map<String, String> states = status(s.trackingId());
        String again = null;
        boolean duplicate = false;
        if (probe) {
            long seq = Long.parseLong(s.clientMsgId().substring(s.clientMsgId().lastIndexOf(':') + 1));
            var message = referrals.message(seq);
            if (message.key().equals(s.key())) {
                HttpResponse<String> response = http.send(HttpRequest.newBuilder(hub.resolve("/api/v1/referrals"))
                        .header("X-API-Key", policeKey).header("X-Request-ID", s.key())
                        .header("Content-Type", "application/json").timeout(Duration.ofSeconds(30))
                        .POST(HttpRequest.BodyPublishers.ofByteArray(message.body())).build(),
                        HttpResponse.BodyHandlers.ofString());
                if (response.statusCode() / 100 == 2) {
                    JsonNode body = JsonLines.mapper().readTree(response.body());
                    again = body.path("trackingId").asText();
                    duplicate = body.path("duplicate").asBoolean(false);
                } else {
                    again = "HTTP_" + response.statusCode();
                }
            }
        }
        return new Reconciliation.HubKeyEvidence(again, duplicate, states);
    }

    private Map<String, String> status(String trackingId) throws IOException, InterruptedException {
        HttpResponse<String> response = http.send(HttpRequest.newBuilder(hub.resolve("/api/v1/referrals/" + trackingId))
                .header("X-API-Key", policeKey).timeout(Duration.ofSeconds(30)).GET().build(),
                HttpResponse.BodyHandlers.ofString());
        Map<String, String> states = new LinkedHashMap<>();
        if (response.statusCode() == 200) {
            JsonNode recipients = JsonLines.mapper().readTree(response.body()).path("recipients");
            recipients.fields().forEachRemaining(e -> states.put(e.getKey(), e.getValue().asText()));
        } else {
            states.put("(status API)", "HTTP_" + response.statusCode());
        }
        return states;
    }

    JsonNode auditVerify() {
        try {
            HttpResponse<String> response = http.send(HttpRequest.newBuilder(hub.resolve("/api/v1/audit/verify"))
                    .header("X-API-Key", adminKey).timeout(Duration.ofMinutes(5)).GET().build(),
                    HttpResponse.BodyHandlers.ofString());
            return response.statusCode() == 200 ? JsonLines.mapper().readTree(response.body()) : null;
        } catch (IOException e) {
            return null;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return null;
        }
    }

    static void print(String label, Reconciliation.Report r, boolean drained, double drainSeconds,
                      Map<String, Double> depths, JsonNode audit, PrintStream out) {
        String p = label + ": ";
        out.printf("%sdrained=%s in %.1f s; queue depths after: %s%n", p, drained, drainSeconds, depths);
        out.printf("%ssent=%d accepted=%d rejected=%d unknown=%d (unknown but delivered=%d, rejected but delivered=%d)%n",
                p, r.sent(), r.accepted(), r.rejected(), r.unknown(), r.unknownButDelivered(), r.rejectedButDelivered());
        out.printf("%slost=%d corrupted=%d unexpected=%d dead-letters=%d (with reason %d, without %d)%n", p, r.lost(),
                r.corrupted(), r.unexpected(), r.deadLetters(), r.deadLettersWithReason(), r.deadLettersWithoutReason());
        out.printf("%sone accepted record per key: %d keys with more than one tracking id; re-sent %d keys, %d answered "
                        + "other than the same tracking id as a duplicate%n", p, r.multiplyAccepted(), r.probed(),
                r.probeMismatches());
        out.printf("%shub status: %d keys checked, %d without every recipient DELIVERED or FAILED%n", p,
                r.statusChecked(), r.statusIncomplete());
        for (Reconciliation.RecipientFigures f : r.perRecipient().values()) {
            out.printf("%s  %s: attempts=%d (non-2xx %d) delivered=%d keys=%d duplicates=%d re-dispatched=%d "
                            + "dead-letters=%d lost=%d%n", p, f.recipient(), f.attempts(), f.failedAttempts(),
                    f.delivered2xx(), f.distinctKeysDelivered(), f.duplicates(), f.redispatchedKeys(), f.deadLetters(),
                    f.lost());
        }
        if (audit == null) {
            out.printf("%saudit chain: could not be verified%n", p);
        } else {
            out.printf("%saudit chain: valid=%s sealed events=%d first bad seq=%s problem=%s%n", p,
                    audit.path("valid").asBoolean(), audit.path("sealedEvents").asLong(),
                    audit.path("firstBadSeq").isNull() ? "-" : audit.path("firstBadSeq").asText(),
                    audit.path("problem").isNull() ? "-" : audit.path("problem").asText());
        }
        samples(p, "lost", r.lostSample(), out);
        samples(p, "corrupted", r.corruptedSample(), out);
        samples(p, "unexpected", r.unexpectedSample(), out);
        samples(p, "accepted more than once", r.multiplyAcceptedSample(), out);
        samples(p, "re-send mismatch", r.probeMismatchSample(), out);
        samples(p, "status incomplete", r.statusIncompleteSample(), out);
        if (!r.passed()) {
            out.printf("%smust be zero but are not: %s%n", p, r.failures());
        }
    }

    private static void samples(String p, String what, List<String> sample, PrintStream out) {
        if (!sample.isEmpty()) {
            out.printf("%s  e.g. %s: %s%n", p, what, sample);
        }
    }
}
