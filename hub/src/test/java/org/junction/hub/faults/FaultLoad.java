package org.junction.hub.faults;

import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.junction.adapters.config.ActiveConfig;
import org.junction.hub.JunctionHub;
import org.junction.hub.agreements.AgreementApprovalStore;
import org.junction.hub.agreements.CurrentAgreements;
import org.junction.hub.demo.FhirReceiverServer;
import org.junction.hub.support.HubIntegrationTest.TestFlow;
import org.junction.hub.support.SampleReferrals;
import org.junction.hub.support.TestAgreements;
import org.junction.security.identity.ApiKeys;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * Steady referral traffic from one police partner for the fault tests, kept as a sender would keep
 * it: every request id is retried (same id) after a 503 or a cut connection until the hub gives a
 * definite answer, so a referral whose commit the sender never heard of is still counted once.
 * Every answer is recorded, and each 503 is checked on the spot for what it must carry.
 */
final class FaultLoad implements AutoCloseable {

    static final String KEY = "fault-police-key";
    static final String SOURCE = "police-fault";
    static final String RECIPIENT = "gp-fault";
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Pattern NHS_NUMBER = Pattern.compile("999\\d{7}");

    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private final URI endpoint;
    private final ExecutorService senders;
    private final List<Future<?>> running = new ArrayList<>();
    private final AtomicInteger sequence = new AtomicInteger();
    private volatile boolean stopping;

    /** Request id to the tracking id the hub gave it (each id is only recorded once it is accepted). */
    final Map<String, UUID> accepted = new ConcurrentHashMap<>();
    /** Request id to the body the hub accepted under it, for a repeat. */
    private final Map<String, String> acceptedBodies = new ConcurrentHashMap<>();
    /** Request id to the {@link System#nanoTime()} at which its accepted attempt was sent. */
    final Map<String, Long> acceptedAttemptSentAt = new ConcurrentHashMap<>();
    final Map<Integer, AtomicInteger> statuses = new ConcurrentHashMap<>();
    final AtomicInteger connectionErrors = new AtomicInteger();
    /** 503s that broke a promise: no Retry-After, no problem detail, or personal data in the answer. */
    final List<String> badRefusals = Collections.synchronizedList(new ArrayList<>());
    /** Answers other than 202 and 503 (a 500, say): each one a broken promise. */
    final List<String> unexpected = Collections.synchronizedList(new ArrayList<>());
    final Set<String> givenUp = ConcurrentHashMap.newKeySet();
    /** Every Retry-After value (seconds) the 503s carried. */
    final Set<Long> retryAfterSeconds = ConcurrentHashMap.newKeySet();
    /** The longest any 503 took to come back, in milliseconds. */
    final AtomicLong slowestRefusalMillis = new AtomicLong();

    private FaultLoad(URI endpoint, int threads) {
        this.endpoint = endpoint;
        this.senders = Executors.newFixedThreadPool(threads);
    }

    /** Starts {@code threads} senders, each posting one referral after another, pausing {@code pause} between. */
    static FaultLoad start(ConfigurableApplicationContext hub, int threads, Duration pause) {
        var load = new FaultLoad(URI.create("http://127.0.0.1:" + hub.getEnvironment().getProperty("local.server.port")
                + "/api/v1/referrals"), threads);
        for (int t = 0; t < threads; t++) {
            load.running.add(load.senders.submit(() -> load.sendUntilStopped(pause)));
        }
        return load;
    }

    /**
     * Accepted requests whose accepted attempt was sent between the two {@link System#nanoTime()}
     * readings. A request sent just before a fault may commit before it and be answered after it,
     * so what was accepted during a fault is told by when its attempt was sent, not when its answer came.
     */
    long acceptedSentBetween(long fromNanos, long toNanos) {
        return acceptedAttemptSentAt.values().stream().filter(t -> t - fromNanos > 0 && toNanos - t > 0).count();
    }

    int count(int status) {
        var n = statuses.get(status);
        return n == null ? 0 : n.get();
    }

    /** Stops sending new referrals; those in flight are still retried to a definite answer. */
    void stopAndDrain(Duration atMost) throws Exception {
        stopping = true;
        long deadline = System.nanoTime() + atMost.toNanos();
        for (var future : running) {
            future.get(Math.max(1, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
        }
    }

    private Void sendUntilStopped(Duration pause) throws InterruptedException {
        while (!stopping) {
            int n = sequence.incrementAndGet();
            String requestId = "fault-" + n + "-" + UUID.randomUUID();
            String body = SampleReferrals.police(nhsNumber(700_000 + n * 7), "Odalys", "Fenwright");
            sendToAnswer(requestId, body);
            Thread.sleep(pause.toMillis());
        }
        return null;
    }

    /**
     * Sends an accepted referral again under its request id, as a sender that never heard the
     * answer does; the answer is the caller's to check and is not counted with the load's.
     */
    HttpResponse<String> repeat(String requestId) throws IOException, InterruptedException {
        return send(requestId, Objects.requireNonNull(acceptedBodies.get(requestId), "not accepted: " + requestId));
    }

    private HttpResponse<String> send(String requestId, String body) throws IOException, InterruptedException {
        return http.send(HttpRequest.newBuilder(endpoint)
                .timeout(Duration.ofSeconds(30))
                .header("Content-Type", "application/json").header("X-API-Key", KEY)
                .header("X-Request-ID", requestId)
                .POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
    }

    /** One referral, retried with its own request id until 202 (or a clear refusal other than 503). */
    private void sendToAnswer(String requestId, String body) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofMinutes(3).toNanos();
        while (System.nanoTime() < deadline) {
            HttpResponse<String> response;
            long started = System.nanoTime();
            try {
                response = send(requestId, body);
            } catch (IOException cut) {
                // No answer: the referral may or may not be stored. Ask again with the same id.
                connectionErrors.incrementAndGet();
                Thread.sleep(200);
                continue;
            }
            statuses.computeIfAbsent(response.statusCode(), s -> new AtomicInteger()).incrementAndGet();
            if (response.statusCode() == 202) {
                try {
                    accepted.put(requestId, UUID.fromString(JSON.readTree(response.body()).get("trackingId").asText()));
                    acceptedAttemptSentAt.put(requestId, started);
                    acceptedBodies.put(requestId, body);
                } catch (IOException e) {
                    unexpected.add("202 without a readable tracking id");
                }
                return;
            }
            if (response.statusCode() == 503) {
                slowestRefusalMillis.accumulateAndGet((System.nanoTime() - started) / 1_000_000, Math::max);
                checkRefusal(response);
                // Retry-After is honoured in spirit: the test shortens it so the run stays short.
                Thread.sleep(250);
                continue;
            }
            unexpected.add(response.statusCode() + " " + response.body().substring(0, Math.min(200, response.body().length())));
            return;
        }
        givenUp.add(requestId);
    }

    private void checkRefusal(HttpResponse<String> response) {
        var retryAfter = response.headers().firstValue("Retry-After");
        if (retryAfter.isEmpty() || !retryAfter.get().matches("\\d+")) {
            badRefusals.add("503 without a Retry-After in seconds");
        } else {
            retryAfterSeconds.add(Long.parseLong(retryAfter.get()));
        }
        if (!response.headers().firstValue("Content-Type").orElse("").startsWith("application/problem+json")) {
            badRefusals.add("503 that is not a problem detail: " + response.headers().firstValue("Content-Type").orElse("-"));
        } else {
            try {
                JsonNode problem = JSON.readTree(response.body());
                if (problem.path("status").asInt() != 503 || problem.path("title").asText().isBlank()) {
                    badRefusals.add("503 problem detail without its status or title");
                }
            } catch (IOException e) {
                badRefusals.add("503 problem detail that does not parse");
            }
        }
        if (NHS_NUMBER.matcher(response.body()).find() || response.body().contains("Fenwright")
                || response.body().contains("Exception") || response.body().contains("\tat ")) {
            badRefusals.add("503 that carries personal data or a stack trace");
        }
    }

    @Override
    public void close() {
        stopping = true;
        senders.shutdownNow();
    }

    /** What reached the recipient, against what the hub accepted. */
    record Delivered(Map<UUID, Long> received, Set<UUID> lost, Set<UUID> unexpected, long duplicates) {
    }

    /**
     * Waits until every accepted referral has reached the recipient and the ledger is sealed, gives a
     * late repeat a moment to show, then counts.
     */
    Delivered awaitDelivered(FhirReceiverServer gp, JdbcTemplate jdbc)
            throws InterruptedException {
        Set<UUID> all = new HashSet<>(accepted.values());
        await().atMost(Duration.ofSeconds(120)).pollInterval(Duration.ofMillis(500))
                .until(() -> receivedCounts(gp).keySet().containsAll(all));
        await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(300))
                .until(() -> count(jdbc, "SELECT COUNT(*) FROM ledger_unsealed") == 0);
        Thread.sleep(1_500);
        Map<UUID, Long> received = receivedCounts(gp);
        Set<UUID> lost = new HashSet<>(all);
        lost.removeAll(received.keySet());
        Set<UUID> unexpected = new HashSet<>(received.keySet());
        unexpected.removeAll(all);
        return new Delivered(received, lost, unexpected, received.values().stream().mapToLong(n -> n - 1).sum());
    }

    static Map<UUID, Long> receivedCounts(FhirReceiverServer gp) {
        return gp.received().stream().collect(Collectors.groupingBy(
                FhirReceiverServer.Received::trackingId, HashMap::new,
                Collectors.counting()));
    }

    /** DELIVERED ledger events of generation 1, per referral. */
    static Map<UUID, Long> deliveredEvents(JdbcTemplate jdbc) {
        Map<UUID, Long> counts = new HashMap<>();
        jdbc.query("""
                SELECT tracking_id, COUNT(*) AS n FROM ledger_event WHERE event_type = 'DELIVERED' AND generation = 1
                GROUP BY tracking_id""", row -> {
            counts.put(row.getObject(1, UUID.class), row.getLong(2));
        });
        return counts;
    }

    static long count(JdbcTemplate jdbc, String sql) {
        Long n = jdbc.queryForObject(sql, Long.class);
        return n == null ? 0 : n;
    }

    /** The configuration directory: the police source, a GP receiving over FHIR, and their agreement. */
    static Path writeConfig(Path config, String gpBaseUrl) throws IOException {
        Files.createDirectories(config.resolve("agreements"));
        Files.createDirectories(config.resolve("partners"));
        Files.writeString(config.resolve("agreements/fault-test.yaml"), TestAgreements.consentOnly(
                "fault-test", 1, List.of(new TestFlow(SOURCE, RECIPIENT, "PATSFTY"))));
        Files.writeString(config.resolve("partners/" + SOURCE + ".yaml"), """
                id: %s
                name: Faultshire Police
                kind: POLICE
                api-key-sha256: %s
                sources: [{ type: rest-json, mapper: police-referral-json-v1 }]
                """.formatted(SOURCE, ApiKeys.sha256Hex(KEY)));
        Files.writeString(config.resolve("partners/" + RECIPIENT + ".yaml"), """
                id: %s
                name: Faultshire Practice
                kind: HEALTH
                sink: { type: fhir-r4, endpoint: "%s", mapper: fhir-bars-r4-v1 }
                """.formatted(RECIPIENT, gpBaseUrl));
        return config;
    }

    static ConfigurableApplicationContext startHub(Path dataDir, Path config, List<String> more) {
        List<String> args = new ArrayList<>(List.of(
                "--server.port=0", "--management.server.port=0",
                "--hub.data-dir=" + dataDir,
                "--hub.config-dir=" + config,
                "--hub.relay.poll-interval=200ms",
                "--hub.delivery.initial-delay=50ms",
                "--hub.config-watch=false",
                // The senders here are one partner far over its everyday rate.
                "--hub.intake.rate-limit.enabled=false"));
        args.addAll(more);
        ConfigurableApplicationContext hub = new SpringApplicationBuilder(JunctionHub.class)
                .run(args.toArray(String[]::new));
        new TestAgreements(hub.getBean(ActiveConfig.class), hub.getBean(AgreementApprovalStore.class),
                hub.getBean(CurrentAgreements.class)).approveEveryParty("fault-test");
        return hub;
    }

    /** A synthetic NHS number in the 999 range with a valid Modulus 11 check digit. */
    static String nhsNumber(int seed) {
        for (int n = seed; ; n++) {
            String base = "999" + String.format("%06d", n % 1_000_000);
            int sum = 0;
            for (int i = 0; i < 9; i++) {
                sum += (base.charAt(i) - '0') * (10 - i);
            }
            int check = (11 - sum % 11) % 11;
            if (check != 10) {
                return base + check;
            }
        }
    }
}
