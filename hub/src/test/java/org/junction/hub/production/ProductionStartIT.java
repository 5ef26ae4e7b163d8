package org.junction.hub.production;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.fail;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.core.WireMockConfiguration;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.DriverManager;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.regex.Pattern;
import javax.net.ssl.SSLContext;
import org.junction.adapters.config.ActiveConfig;
import org.junction.hub.JunctionHub;
import org.junction.hub.agreements.AgreementApprovalStore;
import org.junction.hub.agreements.CurrentAgreements;
import org.junction.hub.broker.ArtemisPair;
import org.junction.hub.keys.HubSigningKeys;
import org.junction.hub.keys.LedgerKeys;
import org.junction.hub.operations.ManagementQueueDepths;
import org.junction.hub.operations.QueueDepths;
import org.junction.hub.support.HubIntegrationTest.TestFlow;
import org.junction.hub.support.SampleReferrals;
import org.junction.hub.support.TestAgreements;
import org.junction.hub.support.TestPki;
import org.junction.security.identity.ApiKeys;
import org.junction.security.keys.KeyStoreFiles;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * A node started as production starts it: the shipped {@code production} profile (nothing about
 * the broker mode, keys or API keys overridden), PostgreSQL, the replicated Artemis pair of
 * {@code deploy/artemis} with its own broker.xml, a keystore made beforehand and configured, HTTPS
 * with client certificates required. A police partner sends a referral over mutual TLS and the
 * council's API (WireMock) receives it; an API key authenticates nobody; the queue depths come
 * from the broker's management. Needs JUNCTION_TEST_POSTGRES_URL (skipped without it, failing
 * under CI=true) and the Artemis distribution.
 */
class ProductionStartIT {

    private static final String POLICE = "police-prod";
    private static final String COUNCIL = "council-prod";
    private static final String POLICE_KEY = "prod-police-api-key-0001";
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    static Path dir;

    private static String postgres;
    private static String schema;
    private static ArtemisPair pair;
    private static WireMockServer council;
    private static TestPki ca;
    private static TestPki.Issued policeCertificate;
    private static ConfigurableApplicationContext hub;

    @BeforeAll
    static void startAsProduction() throws Exception {
        postgres = System.getenv("JUNCTION_TEST_POSTGRES_URL");
        if (postgres == null || postgres.isBlank()) {
            if ("true".equalsIgnoreCase(System.getenv("CI"))) {
                fail("JUNCTION_TEST_POSTGRES_URL is not set under CI: the production start test must not be skipped");
            }
            Assumptions.abort("JUNCTION_TEST_POSTGRES_URL is not set: skipping the production start test");
        }
        pair = ArtemisPair.startOrSkip();
        council = new WireMockServer(WireMockConfiguration.options().dynamicPort().bindAddress("127.0.0.1"));
        council.start();
        council.stubFor(post(urlEqualTo("/referrals")).willReturn(aResponse().withStatus(201)));

        ca = new TestPki("Junction Production Test CA");
        policeCertificate = ca.client(POLICE);
        Path tlsKeystore = TestPki.keyStore(ca.server(), dir.resolve("tls/hub.p12"));
        Path truststore = ca.trustStore(dir.resolve("tls/partner-cas.p12"));
        Path storePassword = Files.writeString(dir.resolve("tls/store.password"), TestPki.STORE_PASSWORD + "\n");
        // The deployment's keystore, made before any node starts, with what the `junction keys`
        // commands put there: key-encryption and pseudonym keys, the hub signing key, a ledger key.
        String keysPassword = "prod-keystore-" + UUID.randomUUID();
        Path keys = dir.resolve("keys/junction-keys.p12");
        Files.createDirectories(keys.getParent());
        KeyStoreFiles.generate(keys, keysPassword.toCharArray(), "k1", "p1");
        KeyStoreFiles.addSigningKey(keys, keysPassword.toCharArray(), HubSigningKeys.COMMON_NAME);
        KeyStoreFiles.addLedgerSigningKey(keys, keysPassword.toCharArray(), LedgerKeys.FIRST_ID);

        schema = "junction_prod_" + UUID.randomUUID().toString().replace("-", "").substring(0, 12);
        try (var connection = DriverManager.getConnection(postgres)) {
            connection.createStatement().execute("CREATE SCHEMA " + schema);
        }
        Path config = writeConfig(dir.resolve("config"));

        List<String> args = new ArrayList<>(List.of(
                "--spring.profiles.active=production",
                "--server.port=0", "--management.server.port=0",
                "--hub.data-dir=" + dir.resolve("data"),
                "--hub.config-dir=" + config,
                "--hub.config-watch=false",
                "--hub.relay.poll-interval=200ms",
                "--hub.delivery.initial-delay=50ms",
                "--spring.datasource.url=" + postgres + (postgres.contains("?") ? "&" : "?") + "currentSchema=" + schema,
                "--spring.datasource.username=" + parameter(postgres, "user"),
                "--spring.datasource.password=" + parameter(postgres, "password"),
                "--spring.flyway.schemas=" + schema, "--spring.flyway.default-schema=" + schema,
                "--hub.keys.keystore=" + keys,
                "--hub.keys.password=" + keysPassword,
                "--hub.tls.enabled=true",
                "--hub.tls.keystore=" + tlsKeystore,
                "--hub.tls.keystore-password=file:" + storePassword,
                "--hub.tls.truststore=" + truststore,
                "--hub.tls.truststore-password=file:" + storePassword));
        // The URL, user and password only: EXTERNAL is the production profile's own setting.
        pair.hubArguments().stream().filter(a -> !a.startsWith("--hub.broker.mode=")).forEach(args::add);
        hub = new SpringApplicationBuilder(JunctionHub.class).run(args.toArray(String[]::new));
        new TestAgreements(hub.getBean(ActiveConfig.class), hub.getBean(AgreementApprovalStore.class),
                hub.getBean(CurrentAgreements.class)).approveEveryParty("prod-test");
    }

    @AfterAll
    static void stop() throws Exception {
        if (hub != null) {
            hub.close();
        }
        if (council != null) {
            council.stop();
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
    void aPartnerSendsOverMutualTlsAndTheCouncilReceivesTheReferral() throws Exception {
        var response = send(ca.clientContext(policeCertificate), Map.of());
        assertThat(response.statusCode()).as(response.body()).isEqualTo(202);
        UUID trackingId = UUID.fromString(JSON.readTree(response.body()).get("trackingId").asText());
        JdbcTemplate jdbc = hub.getBean(JdbcTemplate.class);
        await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(300)).until(() -> jdbc.queryForObject(
                "SELECT COUNT(*) FROM delivery WHERE tracking_id = ? AND recipient_partner_id = ?", Integer.class,
                trackingId, COUNCIL) == 1);
        council.verify(1, postRequestedFor(urlEqualTo("/referrals")));
        // The decide stage sends its dispatch itself, and the relay deletes that outbox row after the
        // stage's commit, on its own thread: the delivery can be recorded first.
        await().atMost(Duration.ofSeconds(10)).pollInterval(Duration.ofMillis(100))
                .until(() -> jdbc.queryForObject("SELECT COUNT(*) FROM outbox", Integer.class) == 0);
    }

    @Test
    void anApiKeyAuthenticatesNobody() throws Exception {
        // A certificate of the trusted CA listed for no partner gets through the handshake; the
        // police partner's own API key beside it does not make the request the police's.
        TestPki.Issued unlisted = ca.client("unlisted-prod");
        var response = send(ca.clientContext(unlisted), Map.of("X-API-Key", POLICE_KEY));
        assertThat(response.statusCode()).isEqualTo(401);
        assertThat(response.body()).doesNotContain(POLICE_KEY);
        // Without a client certificate there is no connection at all (client-auth NEED).
        Throwable refused = catchThrowable(() -> send(ca.clientContext(null), Map.of("X-API-Key", POLICE_KEY)));
        assertThat(refused).isInstanceOf(IOException.class);
    }

    @Test
    void queueDepthsComeFromTheExternalBrokersManagement() throws Exception {
        QueueDepths depths = hub.getBean(QueueDepths.class);
        assertThat(depths).isInstanceOf(ManagementQueueDepths.class);
        String deadLetters = "DLQ.hub.dispatch." + COUNCIL;
        // The hub prepared the council's dead-letter queue through management at start.
        await().atMost(Duration.ofSeconds(20)).until(() -> depths.depths().containsKey(deadLetters));
        assertThat(depths.depths()).containsKey("hub.intake");
        int managementPort = Integer.parseInt(hub.getEnvironment().getProperty("local.management.port"));
        HttpClient client = HttpClient.newBuilder().sslContext(ca.clientContext(null))
                .connectTimeout(Duration.ofSeconds(10)).build();
        Pattern metric = Pattern.compile("(?m)^junction_queue_depth\\{[^}]*queue=\"" + Pattern.quote(deadLetters)
                + "\"[^}]*} 0(\\.0)?$");
        var scrape = HttpRequest.newBuilder(URI.create("https://localhost:" + managementPort + "/actuator/prometheus"))
                .timeout(Duration.ofSeconds(10)).GET().build();
        var last = new java.util.concurrent.atomic.AtomicReference<String>();
        try {
            await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofSeconds(1)).until(() -> {
                var response = client.send(scrape, HttpResponse.BodyHandlers.ofString());
                last.set(response.statusCode() + " " + response.body());
                return response.statusCode() == 200 && metric.matcher(response.body()).find();
            });
        } catch (org.awaitility.core.ConditionTimeoutException e) {
            String seen = last.get() == null ? "nothing" : last.get().lines()
                    .filter(line -> !line.startsWith("#") && (line.contains("queue") || !line.contains("{"))).limit(20)
                    .reduce("", (a, b) -> a + "\n" + b);
            throw new AssertionError("no " + metric + " in the scrape; saw: " + seen, e);
        }
    }

    private static HttpResponse<String> send(SSLContext tls, Map<String, String> headers) throws Exception {
        int port = Integer.parseInt(hub.getEnvironment().getProperty("local.server.port"));
        HttpClient client = HttpClient.newBuilder().sslContext(tls).version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(Duration.ofSeconds(10)).build();
        var request = HttpRequest.newBuilder(URI.create("https://localhost:" + port + "/api/v1/referrals"))
                .timeout(Duration.ofSeconds(30))
                .header("Content-Type", "application/json")
                .header("X-Request-ID", "prod-" + UUID.randomUUID());
        headers.forEach(request::header);
        return client.send(request.POST(HttpRequest.BodyPublishers.ofString(
                SampleReferrals.police("9990000174", "Wilhelmina", "Sorrell"))).build(), HttpResponse.BodyHandlers.ofString());
    }

    private static Path writeConfig(Path config) throws IOException {
        Files.createDirectories(config.resolve("agreements"));
        Files.createDirectories(config.resolve("partners"));
        Files.writeString(config.resolve("agreements/prod-test.yaml"), TestAgreements.consentOnly(
                "prod-test", 1, List.of(new TestFlow(POLICE, COUNCIL, "PATSFTY"))));
        Files.writeString(config.resolve("partners/" + POLICE + ".yaml"), """
                id: %s
                name: Prodshire Police
                kind: POLICE
                api-key-sha256: %s
                client-certificates: [%s]
                sources: [{ type: rest-json, mapper: police-referral-json-v1 }]
                """.formatted(POLICE, ApiKeys.sha256Hex(POLICE_KEY), policeCertificate.sha256()));
        Files.writeString(config.resolve("partners/" + COUNCIL + ".yaml"), """
                id: %s
                name: Prodshire County Council
                kind: COUNCIL
                sink: { type: rest-json, endpoint: "%s/referrals", mapper: council-referral-json-v1 }
                """.formatted(COUNCIL, council.baseUrl()));
        return config;
    }

    /** A query parameter of a JDBC URL, or empty. */
    private static String parameter(String jdbcUrl, String name) {
        var matcher = Pattern.compile("[?&]" + Pattern.quote(name) + "=([^&]*)").matcher(jdbcUrl);
        return matcher.find() ? matcher.group(1) : "";
    }
}
