package org.junction.hub.broker;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.fail;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.DriverManager;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Collectors;
import org.junction.adapters.config.ActiveConfig;
import org.junction.hub.JunctionHub;
import org.junction.hub.agreements.AgreementApprovalStore;
import org.junction.hub.agreements.CurrentAgreements;
import org.junction.hub.demo.FhirReceiverServer;
import org.junction.hub.support.HubIntegrationTest.TestFlow;
import org.junction.hub.support.SampleReferrals;
import org.junction.hub.support.TestAgreements;
import org.junction.security.audit.ChainVerifier;
import org.junction.security.identity.ApiKeys;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * The hub on the replicated Artemis pair of {@code deploy/artemis} (hub.broker.mode=EXTERNAL).
 * Two hub nodes share the pair, one PostgreSQL schema, one keystore and one configuration directory
 * (where PostgreSQL is not at hand, one node on H2 runs the failover test and the two-node test is
 * skipped). First both nodes are driven at once; then the live broker is killed under a burst spread
 * over both, and nothing accepted is lost or delivered twice. One pair and one set of nodes serve
 * both tests (starting them costs most of a minute), so the kill comes last.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class BrokerPairIT {

    private static final String KEY = "pair-police-key";
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    private static ArtemisPair pair;
    private static FhirReceiverServer gp;
    /** Two nodes on one PostgreSQL schema where PostgreSQL is at hand, else one node on H2. */
    private static final List<ConfigurableApplicationContext> nodes = new ArrayList<>();
    private static String postgres;
    private static String schema;

    @TempDir
    static Path dir;

    @BeforeAll
    static void startPairRecipientAndNodes() throws Exception {
        pair = ArtemisPair.startOrSkip();
        gp = FhirReceiverServer.start(0);
        Path config = writeConfig(dir.resolve("config"));
        postgres = System.getenv("JUNCTION_TEST_POSTGRES_URL");
        List<String> database = new ArrayList<>();
        if (postgres != null && !postgres.isBlank()) {
            schema = "junction_nodes_" + UUID.randomUUID().toString().replace("-", "").substring(0, 12);
            try (var connection = DriverManager.getConnection(postgres)) {
                connection.createStatement().execute("CREATE SCHEMA " + schema);
            }
            database.addAll(List.of(
                    "--spring.datasource.url=" + postgres + (postgres.contains("?") ? "&" : "?") + "currentSchema=" + schema,
                    "--spring.datasource.username=" + parameter(postgres, "user"),
                    "--spring.datasource.password=" + parameter(postgres, "password"),
                    "--spring.flyway.schemas=" + schema, "--spring.flyway.default-schema=" + schema));
        }
        // The first node generates the keystore; a second is given the same file and password, as
        // every node of a deployment is, and the same configuration directory.
        Path nodeA = dir.resolve("node-a");
        List<String> first = new ArrayList<>(database);
        first.add("--hub.keys.generate-if-missing=true");
        nodes.add(startHub(nodeA, config, first));
        if (schema != null) {
            List<String> second = new ArrayList<>(database);
            second.addAll(List.of("--hub.keys.keystore=" + nodeA.resolve("keys/junction-keys.p12"),
                    "--hub.keys.password=" + Files.readString(nodeA.resolve("keys/keystore.password")).strip(),
                    "--hub.keys.generate-if-missing=false"));
            nodes.add(startHub(dir.resolve("node-b"), config, second));
        }
    }

    @AfterAll
    static void stop() throws Exception {
        nodes.forEach(ConfigurableApplicationContext::close);
        if (gp != null) {
            gp.stop();
        }
        if (pair != null) {
            pair.close();
        }
        if (schema != null) {
            try (var connection = DriverManager.getConnection(postgres)) {
                connection.createStatement().execute("DROP SCHEMA " + schema + " CASCADE");
            }
        }
    }

    @Test
    @Order(1)
    void twoNodesOnOneBrokerPairAndOneDatabaseKeepIdempotencyOrderDeliveryAndTheLedger() throws Exception {
        if (schema == null) {
            if ("true".equalsIgnoreCase(System.getenv("CI"))) {
                fail("JUNCTION_TEST_POSTGRES_URL is not set under CI: the two-node test must not be skipped");
            }
            org.junit.jupiter.api.Assumptions.abort("JUNCTION_TEST_POSTGRES_URL is not set: skipping the two-node test");
        }
        gp.clear();
        checkTwoNodes(nodes, nodes.get(0).getBean(JdbcTemplate.class));
    }

    private void checkTwoNodes(List<ConfigurableApplicationContext> nodes, JdbcTemplate jdbc) throws Exception {
        ExecutorService senders = Executors.newFixedThreadPool(8);
        try {
            // 1. The same request ids sent to both nodes at once: one accepted record each, and both
            //    nodes answer with its tracking id.
            int keys = 20;
            List<java.util.concurrent.CompletableFuture<List<HttpResponse<String>>>> races = new ArrayList<>();
            for (int i = 0; i < keys; i++) {
                String requestId = "both-" + i + "-" + UUID.randomUUID();
                String body = SampleReferrals.police(nhsNumber(610_000 + i * 7), "Perpetua", "Lindqvist");
                var onA = HTTP.sendAsync(request(nodes.get(0), requestId, body), HttpResponse.BodyHandlers.ofString());
                var onB = HTTP.sendAsync(request(nodes.get(1), requestId, body), HttpResponse.BodyHandlers.ofString());
                races.add(onA.thenCombine(onB, List::of));
            }
            Set<UUID> raced = new HashSet<>();
            for (var race : races) {
                List<String> ids = new ArrayList<>();
                for (var response : race.get(60, java.util.concurrent.TimeUnit.SECONDS)) {
                    assertThat(response.statusCode()).as(response.body()).isEqualTo(202);
                    ids.add(JSON.readTree(response.body()).get("trackingId").asText());
                }
                assertThat(ids.get(0)).as("both nodes answer with the one accepted record").isEqualTo(ids.get(1));
                raced.add(UUID.fromString(ids.get(0)));
            }
            assertThat(raced).hasSize(keys);

            // 2. A stream per subject, each subject's referrals sent one after another, alternating
            //    between the nodes; the subjects' streams run side by side.
            int subjects = 6;
            int perSubject = 8;
            Map<UUID, String> subjectOf = new ConcurrentHashMap<>();
            List<Future<?>> streams = new ArrayList<>();
            for (int s = 0; s < subjects; s++) {
                String nhs = nhsNumber(620_000 + s * 11);
                int subject = s;
                streams.add(senders.submit(() -> {
                    for (int k = 0; k < perSubject; k++) {
                        var response = post(nodes.get((subject + k) % 2), "stream-" + UUID.randomUUID(),
                                SampleReferrals.police(nhs, "Isadora", "Quenby"));
                        assertThat(response.statusCode()).as(response.body()).isEqualTo(202);
                        subjectOf.put(UUID.fromString(JSON.readTree(response.body()).get("trackingId").asText()), nhs);
                    }
                    return null;
                }));
            }
            for (var stream : streams) {
                stream.get();
            }
            Set<UUID> all = new HashSet<>(raced);
            all.addAll(subjectOf.keySet());

            await().atMost(Duration.ofSeconds(90)).pollInterval(Duration.ofMillis(500))
                    .until(() -> countIn(jdbc, "SELECT COUNT(*) FROM delivery WHERE recipient_partner_id = 'gp-pair'")
                            >= all.size());
            assertThat(jdbc.queryForObject("SELECT COUNT(*) FROM intake_request", Integer.class))
                    .as("exactly one accepted record per request id").isEqualTo(all.size());
            Map<UUID, Long> received = receivedCounts();
            assertThat(received.keySet()).containsAll(all);
            assertThat(received.values()).as("each referral reaches the recipient once").allMatch(n -> n == 1);
            assertThat(deliveredEvents(jdbc)).as("one DELIVERED event per referral")
                    .hasSize(all.size()).allSatisfy((id, n) -> assertThat(n).isEqualTo(1L));

            // Per subject, the recipient got the referrals in the order the hub decided them: the
            // DECIDED event is written in the transaction that records the dispatch's place in its
            // order, whose rows are gone once it is delivered.
            Map<String, List<UUID>> arrival = new LinkedHashMap<>();
            for (var r : gp.received()) {
                String nhs = subjectOf.get(r.trackingId());
                if (nhs != null) {
                    arrival.computeIfAbsent(nhs, x -> new ArrayList<>()).add(r.trackingId());
                }
            }
            assertThat(arrival).hasSize(subjects);
            for (var entry : arrival.entrySet()) {
                assertThat(entry.getValue()).hasSize(perSubject);
                String ids = entry.getValue().stream().map(id -> "'" + id + "'").collect(Collectors.joining(","));
                List<UUID> assigned = jdbc.queryForList("""
                        SELECT tracking_id FROM ledger_event WHERE event_type = 'DECIDED'
                        AND recipient_partner_id = 'gp-pair' AND tracking_id IN (%s) ORDER BY id""".formatted(ids),
                        UUID.class);
                assertThat(entry.getValue()).as("arrival order of one subject's referrals").isEqualTo(assigned);
            }

            // 3. Both nodes seal: the chain verifies, every event sealed once, no gaps.
            await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(300)).until(() ->
                    countIn(jdbc, "SELECT COUNT(*) FROM ledger_unsealed") == 0);
            long events = countIn(jdbc, "SELECT COUNT(*) FROM ledger_event");
            var result = nodes.get(1).getBean(ChainVerifier.class).verify();
            assertThat(result.valid()).as(String.valueOf(result.problem())).isTrue();
            assertThat(result.sealedEvents()).isGreaterThanOrEqualTo(events);
            long links = countIn(jdbc, "SELECT COUNT(*) FROM ledger_chain");
            assertThat(countIn(jdbc, "SELECT COUNT(DISTINCT ledger_event_id) FROM ledger_chain")).as("each event once")
                    .isEqualTo(links);
            assertThat(countIn(jdbc, "SELECT MAX(seq) FROM ledger_chain")).as("no gaps").isEqualTo(links);
            assertThat(countIn(jdbc, "SELECT COUNT(*) FROM ledger_event e JOIN ledger_chain c ON c.ledger_event_id = e.id"))
                    .as("each link's event").isEqualTo(links);
        } finally {
            senders.shutdownNow();
        }
    }

    @Test
    @Order(2)
    void killingTheLiveBrokerMidBurstLosesAndDuplicatesNoAcceptedReferral() throws Exception {
        gp.clear();
        int burst = 200;
        int killAfter = 60;
        var jdbc = nodes.get(0).getBean(JdbcTemplate.class);
        long deliveredBefore = countIn(jdbc, "SELECT COUNT(*) FROM delivery");
        ExecutorService senders = Executors.newFixedThreadPool(6);
        Set<UUID> accepted = ConcurrentHashMap.newKeySet();
        AtomicInteger refused = new AtomicInteger();
        AtomicInteger sent = new AtomicInteger();
        Instant killedAt;
        try {
            List<Future<?>> posts = new ArrayList<>();
            for (int i = 0; i < burst; i++) {
                String body = SampleReferrals.police(nhsNumber(630_000 + i * 13), "Thaddeus", "Ormerod");
                // Spread over every node: each one's relay and consumers live through the failover.
                ConfigurableApplicationContext hub = nodes.get(i % nodes.size());
                posts.add(senders.submit(() -> {
                    var response = post(hub, "burst-" + UUID.randomUUID(), body);
                    sent.incrementAndGet();
                    if (response.statusCode() == 202) {
                        accepted.add(UUID.fromString(JSON.readTree(response.body()).get("trackingId").asText()));
                    } else {
                        refused.incrementAndGet();
                    }
                    return null;
                }));
            }
            await().atMost(Duration.ofSeconds(60)).until(() -> sent.get() >= killAfter);
            // Mid-burst: some referrals delivered, some decided and queued, some still in the outbox.
            killedAt = pair.killLive();
            for (var post : posts) {
                post.get();
            }
        } finally {
            senders.shutdownNow();
        }
        await().atMost(Duration.ofSeconds(60)).until(() -> pair.backupActiveAt().isPresent());
        Duration failover = Duration.between(killedAt, pair.backupActiveAt().orElseThrow());

        await().atMost(Duration.ofSeconds(120)).pollInterval(Duration.ofMillis(500)).until(() ->
                countIn(jdbc, "SELECT COUNT(*) FROM delivery") - deliveredBefore >= accepted.size());
        Instant allDelivered = Instant.now();
        // Give a stray duplicate (a redelivery after the failover) the chance to show itself.
        Thread.sleep(2_000);

        Map<UUID, Long> received = receivedCounts();
        Map<UUID, Long> delivered = new HashMap<>(deliveredEvents(jdbc));
        delivered.keySet().retainAll(accepted);
        Set<UUID> lost = new HashSet<>(accepted);
        lost.removeAll(received.keySet());
        long duplicates = received.values().stream().mapToLong(n -> n - 1).sum();
        Set<UUID> unexpected = new HashSet<>(received.keySet());
        unexpected.removeAll(accepted);
        System.out.printf("BrokerPairIT failover (%d node(s)): sent %d, accepted %d, refused %d, delivered %d, lost %d, "
                        + "duplicates %d, unexpected %d, failover %d ms, all delivered %d ms after the kill%n",
                nodes.size(), burst, accepted.size(), refused.get(), received.size(), lost.size(), duplicates, unexpected.size(),
                failover.toMillis(), Duration.between(killedAt, allDelivered).toMillis());

        assertThat(refused.get()).as("intake commits to the database, not the broker: no refusals").isZero();
        assertThat(accepted).hasSize(burst);
        assertThat(lost).as("lost").isEmpty();
        assertThat(unexpected).as("unexpected").isEmpty();
        assertThat(duplicates).as("delivered twice under generation 1").isZero();
        assertThat(delivered).as("DELIVERED ledger events").hasSize(accepted.size())
                .allSatisfy((id, n) -> assertThat(n).isEqualTo(1L));
        // A dispatch whose commit went unanswered in the failover is the relay's to send again (the
        // broker drops the repeat), well before its claim would run out.
        await().atMost(Duration.ofSeconds(10)).pollInterval(Duration.ofMillis(200)).untilAsserted(() ->
                assertThat(countIn(jdbc, "SELECT COUNT(*) FROM outbox")).as("outbox rows left").isZero());
    }

    private static Map<UUID, Long> receivedCounts() {
        return gp.received().stream().collect(Collectors.groupingBy(FhirReceiverServer.Received::trackingId,
                HashMap::new, Collectors.counting()));
    }

    private static Map<UUID, Long> deliveredEvents(JdbcTemplate jdbc) {
        Map<UUID, Long> counts = new HashMap<>();
        jdbc.query("""
                SELECT tracking_id, COUNT(*) AS n FROM ledger_event WHERE event_type = 'DELIVERED' AND generation = 1
                GROUP BY tracking_id""", row -> {
            counts.put(row.getObject(1, UUID.class), row.getLong(2));
        });
        return counts;
    }

    private static long countIn(JdbcTemplate jdbc, String sql) {
        Long n = jdbc.queryForObject(sql, Long.class);
        return n == null ? 0 : n;
    }

    private static Path writeConfig(Path config) throws java.io.IOException {
        String gpId = "gp-pair";
        Files.createDirectories(config.resolve("agreements"));
        Files.createDirectories(config.resolve("partners"));
        Files.writeString(config.resolve("agreements/pair-test.yaml"), TestAgreements.consentOnly(
                "pair-test", 1, List.of(new TestFlow("police-pair", gpId, "PATSFTY"))));
        Files.writeString(config.resolve("partners/police-pair.yaml"), """
                id: police-pair
                name: Pairshire Police
                kind: POLICE
                api-key-sha256: %s
                sources: [{ type: rest-json, mapper: police-referral-json-v1 }]
                """.formatted(ApiKeys.sha256Hex(KEY)));
        Files.writeString(config.resolve("partners/" + gpId + ".yaml"), """
                id: %s
                name: Pairshire Practice
                kind: HEALTH
                sink: { type: fhir-r4, endpoint: "%s", mapper: fhir-bars-r4-v1 }
                """.formatted(gpId, gp.baseUrl()));
        return config;
    }

    private static ConfigurableApplicationContext startHub(Path dataDir, Path config, List<String> more) {
        List<String> args = new ArrayList<>(List.of(
                "--server.port=0", "--management.server.port=0",
                "--hub.data-dir=" + dataDir,
                "--hub.config-dir=" + config,
                "--hub.relay.poll-interval=200ms",
                "--hub.delivery.initial-delay=50ms",
                "--hub.config-watch=false"));
        args.addAll(pair.hubArguments());
        args.addAll(more);
        ConfigurableApplicationContext hub = new SpringApplicationBuilder(JunctionHub.class)
                .run(args.toArray(String[]::new));
        new TestAgreements(hub.getBean(ActiveConfig.class), hub.getBean(AgreementApprovalStore.class),
                hub.getBean(CurrentAgreements.class)).approveEveryParty("pair-test");
        return hub;
    }

    private static HttpResponse<String> post(ConfigurableApplicationContext hub, String requestId, String body)
            throws Exception {
        return HTTP.send(request(hub, requestId, body), HttpResponse.BodyHandlers.ofString());
    }

    private static HttpRequest request(ConfigurableApplicationContext hub, String requestId, String body) {
        return HttpRequest.newBuilder(URI.create("http://127.0.0.1:"
                        + hub.getEnvironment().getProperty("local.server.port") + "/api/v1/referrals"))
                .timeout(Duration.ofSeconds(30))
                .header("Content-Type", "application/json").header("X-API-Key", KEY)
                .header("X-Request-ID", requestId)
                .POST(HttpRequest.BodyPublishers.ofString(body)).build();
    }

    /** A query parameter of a JDBC URL, or empty. */
    private static String parameter(String jdbcUrl, String name) {
        int query = jdbcUrl.indexOf('?');
        if (query >= 0) {
            for (String pair : jdbcUrl.substring(query + 1).split("&")) {
                if (pair.startsWith(name + "=")) {
                    return pair.substring(name.length() + 1);
                }
            }
        }
        return "";
    }

    /** A synthetic NHS number in the 999 range with a valid Modulus 11 check digit. */
    private static String nhsNumber(int seed) {
        for (int n = seed; ; n++) {
            String base = "999" + String.format("%06d", n);
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
