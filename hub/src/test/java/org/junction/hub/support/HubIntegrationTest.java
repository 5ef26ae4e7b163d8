package org.junction.hub.support;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;
import org.junction.security.identity.ApiKeys;
import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.core.WireMockConfiguration;
import org.junction.hub.demo.FhirReceiverServer;
import org.junit.jupiter.api.BeforeEach;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.context.annotation.Import;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * Base of the integration tests: the whole hub on a random port with its embedded broker and
 * database in a fresh data directory. Every subclass shares one Spring context (same settings),
 * because each distinct context costs tens of seconds on a small machine.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@Import(TestAgreements.class)
public abstract class HubIntegrationTest {

    public static final String POLICE_KEY = "test-police-key-0001";
    public static final String COUNCIL_KEY = "test-council-key-0001";
    public static final String IG_LEAD_KEY = "test-ig-lead-key-0001";
    public static final String HOSPITAL_KEY = "test-hospital-key-0001";
    public static final String ADMIN_KEY = "test-hub-admin-key-0001";
    /** IG leads of the organisations of police-test and gp-test (each partner its own organisation). */
    public static final String IG_POLICE_KEY = "test-ig-police-key-0001";
    public static final String IG_GP_KEY = "test-ig-gp-key-0001";
    /** An operator of the GP practice's organisation (gp-test): its partners only. */
    public static final String OPERATOR_KEY = "test-operator-key-0001";
    /** A decision-maker of the police force's organisation (police-test): nothing on the people's API yet. */
    public static final String DECISION_MAKER_KEY = "test-decision-maker-key-0001";
    /** The role title the decision-maker holds, which test agreements authorise. */
    public static final String DECISION_MAKER_TITLE = "Duty Inspector";
    /** An IG lead of the council's organisation (council-test), not hub-wide. */
    public static final String COUNCIL_IG_LEAD_KEY = "test-council-ig-lead-key-0001";
    protected static final Path DATA_DIR = Path.of("target", "it-data", UUID.randomUUID().toString()).toAbsolutePath();
    protected static final Path CONFIG_DIR = DATA_DIR.resolve("config");
    /** The GP practice's FHIR server: a real HAPI server in this JVM, shared by every test class. */
    protected static final FhirReceiverServer GP = FhirReceiverServer.start(0);
    /** The volunteer platform's webhook: WireMock stands in for the partner's HTTP API. */
    protected static final WireMockServer VOLUNTEER = startWireMock();
    protected static final String VOLUNTEER_SECRET = "test-volunteer-webhook-secret";
    /** Where the hub posts operational alerts (an operations team's webhook), signed with ALERT_SECRET. */
    protected static final WireMockServer ALERT_WEBHOOK = startWireMock();
    protected static final String ALERT_SECRET = "test-alert-webhook-secret";
    private static final HttpClient HTTP = HttpClient.newHttpClient();
    /** The identity provider people log in through by single sign-on (OIDC). */
    protected static final OidcTestProvider IDP = OidcTestProvider.start(CONFIG_DIR.resolve("oidc-client.secret"));
    /** The broker's partner port (AMQP + CORE), which turns broker security on; never 5672, a local RabbitMQ's. */
    protected static final int BROKER_PORT = freePort();

    /** The agreement every test class starts from, and goes back to (see {@link #removeAgreementsAndReload}). */
    public static final String BASELINE_AGREEMENT = "test-baseline";
    /** The latest version of the baseline written; a version is never reused for other flows. */
    private static final AtomicInteger BASELINE_VERSION = new AtomicInteger(1);

    static {
        writeSecrets();
        writeBaselineAgreement(1, List.of());
        writePartners();
    }

    private static WireMockServer startWireMock() {
        var server = new WireMockServer(WireMockConfiguration.options().dynamicPort().bindAddress("127.0.0.1"));
        server.start();
        return server;
    }

    private static void writeSecrets() {
        try {
            Files.createDirectories(CONFIG_DIR);
            Files.writeString(CONFIG_DIR.resolve("volunteer-webhook.secret"), VOLUNTEER_SECRET + "\n");
            Files.writeString(CONFIG_DIR.resolve("alert-webhook.secret"), ALERT_SECRET + "\n");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The partners every test class shares, written before the hub starts. */
    private static void writePartners() {
        writePartner("police-test", """
                id: police-test
                name: Testshire Police
                kind: POLICE
                api-key-sha256: %s
                sources:
                  - { type: rest-json, mapper: police-referral-json-v1 }
                  - { type: rest-json, mapper: police-referral-xml-v1 }
                  - { type: fhir-r4, mapper: fhir-consent-r4-v1 }
                """.formatted(hex(POLICE_KEY)));
        writePartner("council-test", """
                id: council-test
                name: Testshire Council
                kind: COUNCIL
                api-key-sha256: %s
                sink: { type: rest-json, endpoint: "%s/council/referrals", mapper: council-referral-json-v1 }
                """.formatted(hex(COUNCIL_KEY), VOLUNTEER.baseUrl()));
        writePartner("gp-test", """
                id: gp-test
                name: Testshire Medical Practice
                kind: HEALTH
                sink: { type: fhir-r4, endpoint: "%s", mapper: fhir-bars-r4-v1 }
                """.formatted(GP.baseUrl()));
        writePartner("hospital-test", """
                id: hospital-test
                name: Testshire General Hospital
                kind: HEALTH
                api-key-sha256: %s
                sources:
                  - type: fhir-r4
                    mapper: fhir-bars-r4-v1
                    options: { validation: BASE_R4 }
                """.formatted(hex(HOSPITAL_KEY)));
        writePartner("volunteer-test", """
                id: volunteer-test
                name: Testshire Befrienders
                kind: VOLUNTEER
                sink:
                  type: webhook
                  endpoint: "%s/referrals"
                  mapper: volunteer-stepdown-json-v1
                  credentials: "file:%s"
                """.formatted(VOLUNTEER.baseUrl(), CONFIG_DIR.resolve("volunteer-webhook.secret")));
    }

    /** Writes (or replaces) {@code partners/<name>.yaml} in the configuration directory. */
    protected static void writePartner(String name, String yaml) {
        try {
            Files.createDirectories(CONFIG_DIR.resolve("partners"));
            Files.writeString(CONFIG_DIR.resolve("partners").resolve(name + ".yaml"), yaml);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    protected static void deletePartnerFile(String name) {
        try {
            Files.deleteIfExists(CONFIG_DIR.resolve("partners").resolve(name + ".yaml"));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** One flow of the test agreement: consent always required, every data item allowed. */
    public record TestFlow(String from, String to, List<String> purposes) {
        public TestFlow(String from, String to, String... purposes) {
            this(from, to, List.of(purposes));
        }
    }

    /**
     * The baseline: police may share with the GP for patient safety and with the volunteer
     * platform for its support network, each with the person's consent and nothing minimised away;
     * any other purpose has no flow. A test needing more flows adds them with {@link #shareAlso}.
     */
    private static List<TestFlow> baselineFlows() {
        // A method, not a constant: the static block that writes the configuration runs first.
        return List.of(new TestFlow("police-test", "gp-test", "PATSFTY"),
                new TestFlow("police-test", "volunteer-test", "SUPNWK"));
    }

    private static void writeBaselineAgreement(int version, List<TestFlow> extra) {
        List<TestFlow> flows = new ArrayList<>(baselineFlows());
        flows.addAll(extra);
        writeAgreement(BASELINE_AGREEMENT + ".yaml", TestAgreements.consentOnly(BASELINE_AGREEMENT, version, flows));
    }

    /** Writes (or replaces) {@code agreements/<fileName>} in the configuration directory; no reload. */
    protected static void writeAgreement(String fileName, String yaml) {
        try {
            Files.createDirectories(CONFIG_DIR.resolve("agreements"));
            Files.writeString(CONFIG_DIR.resolve("agreements").resolve(fileName), yaml);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * Deletes every agreement file, the baseline's too, without reloading: for a test that puts
     * its own agreements in force (two agreements carrying the same flow would make the test's
     * outcome depend on which one the hub finds first).
     */
    protected static void clearAgreements() {
        Path dir = CONFIG_DIR.resolve("agreements");
        try {
            if (Files.isDirectory(dir)) {
                try (var files = Files.list(dir)) {
                    for (Path file : files.toList()) {
                        Files.delete(file);
                    }
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Back to the baseline agreement alone, reloaded and approved: what every test class starts from. */
    protected void removeAgreementsAndReload() {
        stageSharing();
        reloadAndApproveBaseline();
    }

    /**
     * The baseline's flows and {@code extra}, as a new version of the baseline agreement, in
     * force once this returns. {@link #removeAgreementsAndReload} takes the extra flows away again.
     */
    protected void shareAlso(TestFlow... extra) {
        stageSharing(extra);
        reloadAndApproveBaseline();
    }

    /**
     * Writes the baseline agreement with {@code extra} flows (a new version; none: the first
     * version, already approved) in place of every agreement file, without reloading: for a test
     * that checks the reload itself. Once it has reloaded, {@code approveEveryParty(BASELINE_AGREEMENT)}
     * puts a new version in force.
     */
    protected static void stageSharing(TestFlow... extra) {
        clearAgreements();
        writeBaselineAgreement(extra.length == 0 ? 1 : BASELINE_VERSION.incrementAndGet(), List.of(extra));
    }

    private void reloadAndApproveBaseline() {
        var reload = reloadConfig(false);
        org.assertj.core.api.Assertions.assertThat(reload.statusCode()).as(reload.body()).isEqualTo(200);
        approveBaseline();
    }

    /**
     * Records every party's approval of the baseline version in the configuration, as their IG
     * leads would: the hub starts with the file but nothing is in force until it is approved.
     */
    @BeforeEach
    void approveBaseline() {
        baselineApprovals.approveEveryParty(BASELINE_AGREEMENT);
    }

    /** Every party of agreement {@code id} (the version in the configuration) approves it, and it is in force. */
    protected void approveEveryParty(String id) {
        baselineApprovals.approveEveryParty(id);
    }

    protected HttpResponse<String> reloadConfig(boolean dryRun) {
        return send(HttpRequest.newBuilder(uri("/api/v1/admin/config/reload" + (dryRun ? "?dryRun=true" : "")))
                .header("X-API-Key", ADMIN_KEY).POST(HttpRequest.BodyPublishers.noBody()).build());
    }

    @LocalServerPort
    protected int port;

    @Autowired
    protected JdbcTemplate jdbc;

    @Autowired
    private TestAgreements baselineApprovals;

    @DynamicPropertySource
    static void hubProperties(DynamicPropertyRegistry registry) {
        registry.add("hub.data-dir", DATA_DIR::toString);
        registry.add("hub.config-dir", CONFIG_DIR::toString);
        registry.add("hub.delivery.initial-delay", () -> "50ms");
        registry.add("hub.delivery.maximum-delay", () -> "500ms");
        registry.add("hub.delivery.maximum-redeliveries", () -> "40");
        registry.add("hub.delivery.circuit-failure-threshold", () -> "3");
        registry.add("hub.delivery.circuit-open-duration", () -> "300ms");
        registry.add("hub.relay.poll-interval", () -> "200ms");
        registry.add("hub.intake.max-body-bytes", () -> "65536");
        registry.add("hub.broker.partner-port", () -> BROKER_PORT);
        // Tests poll referral status many times a second; the rate limit has its own test (HostileInputIT).
        registry.add("hub.intake.rate-limit.enabled", () -> "false");
        // Tests reload explicitly, so a watch must not apply their files first.
        registry.add("hub.config-watch", () -> "false");
        registry.add("hub.operators[0].id", () -> "ig-lead-test");
        registry.add("hub.operators[0].organisation", () -> "Testshire Council");
        registry.add("hub.operators[0].roles[0]", () -> "IG_LEAD");
        registry.add("hub.operators[0].api-key-sha256", () -> hex(IG_LEAD_KEY));
        registry.add("hub.operators[1].id", () -> "admin-test");
        registry.add("hub.operators[1].organisation", () -> "Testshire Hub Team");
        registry.add("hub.operators[1].roles[0]", () -> "HUB_ADMIN");
        registry.add("hub.operators[1].api-key-sha256", () -> hex(ADMIN_KEY));
        registry.add("hub.operators[0].hub-wide", () -> "true");
        registry.add("hub.operators[1].hub-wide", () -> "true");
        registry.add("hub.operators[2].id", () -> "operator-test");
        registry.add("hub.operators[2].organisation", () -> "gp-test");
        registry.add("hub.operators[2].roles[0]", () -> "OPERATOR");
        registry.add("hub.operators[2].api-key-sha256", () -> hex(OPERATOR_KEY));
        registry.add("hub.operators[3].id", () -> "decision-maker-test");
        registry.add("hub.operators[3].organisation", () -> "police-test");
        registry.add("hub.operators[3].roles[0]", () -> "DECISION_MAKER");
        registry.add("hub.operators[3].api-key-sha256", () -> hex(DECISION_MAKER_KEY));
        registry.add("hub.operators[3].role-titles[0]", () -> DECISION_MAKER_TITLE);
        registry.add("hub.operators[4].id", () -> "council-ig-lead-test");
        registry.add("hub.operators[4].organisation", () -> "council-test");
        registry.add("hub.operators[4].roles[0]", () -> "IG_LEAD");
        registry.add("hub.operators[4].api-key-sha256", () -> hex(COUNCIL_IG_LEAD_KEY));
        registry.add("hub.people.max-failed-attempts", () -> "3");
        registry.add("hub.oidc.issuer-uri", IDP::issuer);
        registry.add("hub.oidc.client-id", () -> OidcTestProvider.CLIENT_ID);
        registry.add("hub.oidc.client-secret", () -> "file:" + CONFIG_DIR.resolve("oidc-client.secret"));
        registry.add("hub.oidc.organisations[0]", () -> "Testshire Hub Team");
        registry.add("hub.operators[5].id", () -> "ig-police-test");
        registry.add("hub.operators[5].organisation", () -> "police-test");
        registry.add("hub.operators[5].roles[0]", () -> "IG_LEAD");
        registry.add("hub.operators[5].api-key-sha256", () -> hex(IG_POLICE_KEY));
        registry.add("hub.operators[6].id", () -> "ig-gp-test");
        registry.add("hub.operators[6].organisation", () -> "gp-test");
        registry.add("hub.operators[6].roles[0]", () -> "IG_LEAD");
        registry.add("hub.operators[6].api-key-sha256", () -> hex(IG_GP_KEY));
        registry.add("management.server.port", () -> "0");
        // Spring Boot tests turn metrics export off by default; the scrape is part of what is tested.
        registry.add("management.prometheus.metrics.export.enabled", () -> "true");
        registry.add("hub.alerts.webhook-url", () -> ALERT_WEBHOOK.baseUrl() + "/alerts");
        registry.add("hub.alerts.webhook-secret", () -> "file:" + CONFIG_DIR.resolve("alert-webhook.secret"));
        registry.add("hub.alerts.check-interval", () -> "200ms");
        registry.add("hub.alerts.overdue-after", () -> "2s");
        registry.add("hub.recall.interval", () -> "200ms");
    }

    private static int freePort() {
        try (var socket = new java.net.ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static String hex(String key) {
        return ApiKeys.sha256Hex(key);
    }

    protected HttpResponse<String> postReferral(String apiKey, String requestId, String body) {
        var builder = HttpRequest.newBuilder(uri("/api/v1/referrals"))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body));
        if (apiKey != null) {
            builder.header("X-API-Key", apiKey);
        }
        if (requestId != null) {
            builder.header("X-Request-ID", requestId);
        }
        return send(builder.build());
    }

    protected HttpResponse<String> postXmlReferral(String apiKey, String requestId, String body) {
        return send(HttpRequest.newBuilder(uri("/api/v1/referrals")).header("Content-Type", "application/xml")
                .header("X-API-Key", apiKey).header("X-Request-ID", requestId)
                .POST(HttpRequest.BodyPublishers.ofString(body)).build());
    }

    protected HttpResponse<String> postAsAdmin(String path) {
        return send(HttpRequest.newBuilder(uri(path)).header("X-API-Key", ADMIN_KEY)
                .POST(HttpRequest.BodyPublishers.noBody()).build());
    }

    protected HttpResponse<String> get(String apiKey, String path) {
        return send(HttpRequest.newBuilder(uri(path)).header("X-API-Key", apiKey).GET().build());
    }

    protected URI uri(String path) {
        return URI.create("http://127.0.0.1:" + port + path);
    }

    protected static HttpResponse<String> send(HttpRequest request) {
        try {
            return HTTP.send(request, HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new IllegalStateException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    protected HttpResponse<String> postJson(String apiKey, String path, String contentType, String body) {
        return send(HttpRequest.newBuilder(uri(path)).header("X-API-Key", apiKey).header("Content-Type", contentType)
                .POST(HttpRequest.BodyPublishers.ofString(body)).build());
    }

    protected int count(String table) {
        Integer n = jdbc.queryForObject("SELECT COUNT(*) FROM " + table, Integer.class);
        return n == null ? 0 : n;
    }

    protected static String newRequestId() {
        return "req-" + UUID.randomUUID();
    }
}
