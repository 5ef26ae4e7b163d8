package org.junction.hub.lifecycle;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.junction.security.identity.ApiKeys;
import org.junction.hub.JunctionHub;
import org.junction.hub.demo.FhirReceiverServer;
import org.junction.adapters.config.ActiveConfig;
import org.junction.hub.agreements.AgreementApprovalStore;
import org.junction.hub.agreements.CurrentAgreements;
import org.junction.hub.support.HubIntegrationTest.TestFlow;
import org.junction.hub.support.SampleReferrals;
import org.junction.hub.support.TestAgreements;
import org.junction.routes.relay.OutboxRelay;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * A referral accepted just before a graceful stop is delivered after a restart on the same data
 * directory, exactly once at the recipient. The recipient refuses until the stop, so the stop
 * certainly catches the referral in flight: decided and queued for delivery, not yet delivered.
 */
class RestartIT {

    private static final String KEY = "restart-police-key";
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final HttpClient HTTP = HttpClient.newHttpClient();
    private static FhirReceiverServer gp;

    @TempDir
    static Path dataDir;

    @BeforeAll
    static void startGp() {
        gp = FhirReceiverServer.start(0);
    }

    @AfterAll
    static void stopGp() {
        gp.stop();
    }

    @Test
    void referralAcceptedJustBeforeAGracefulStopIsDeliveredOnceAfterRestart() throws Exception {
        writeConfig(dataDir);
        UUID trackingId;
        String requestId = "restart-" + UUID.randomUUID();
        gp.setAvailable(false);
        try (ConfigurableApplicationContext first = startHub()) {
            var response = post(first, requestId, SampleReferrals.police("9990000115", "Wilhelmina", "Sorrel"));
            assertThat(response.statusCode()).isEqualTo(202);
            trackingId = UUID.fromString(JSON.readTree(response.body()).get("trackingId").asText());
            var jdbc = first.getBean(JdbcTemplate.class);
            await().atMost(Duration.ofSeconds(20)).until(() -> jdbc.queryForObject("""
                    SELECT COUNT(*) FROM ledger_event WHERE tracking_id = ? AND event_type = 'QUEUED'
                    AND recipient_partner_id = 'gp-restart'""", Integer.class, trackingId) == 1);
            assertThat(delivered(jdbc, trackingId)).isFalse();
        }
        assertThat(gp.received()).noneMatch(r -> trackingId.equals(r.trackingId()));
        gp.setAvailable(true);

        try (ConfigurableApplicationContext second = startHub()) {
            var jdbc = second.getBean(JdbcTemplate.class);
            await().atMost(Duration.ofSeconds(30)).until(() -> delivered(jdbc, trackingId));
            // Nothing of this referral is left anywhere in the pipeline that could send it again.
            await().atMost(Duration.ofSeconds(10)).until(() ->
                    jdbc.queryForObject("SELECT COUNT(*) FROM outbox", Integer.class) == 0);
            // The sender's repeat after the restart is still recognised: same tracking id, nothing new.
            var repeat = post(second, requestId, SampleReferrals.police("9990000115", "Wilhelmina", "Sorrel"));
            assertThat(repeat.statusCode()).isEqualTo(202);
            assertThat(JSON.readTree(repeat.body()).get("trackingId").asText()).isEqualTo(trackingId.toString());
            assertThat(JSON.readTree(repeat.body()).get("duplicate").asBoolean()).isTrue();
        }
        assertThat(gp.received()).filteredOn(r -> trackingId.equals(r.trackingId())).hasSize(1);
    }

    @Test
    void aNodeGivenTheKeystoreOfTheNodeBeforeItOpensAndDeliversWhatThatNodeSealed() throws Exception {
        Path dir = dataDir.resolve("first-node");
        writeConfig(dir);
        UUID trackingId;
        gp.setAvailable(false);
        try (ConfigurableApplicationContext first = startHub(dir)) {
            var response = post(first, "keys-" + UUID.randomUUID(),
                    SampleReferrals.police("9990000077", "Leofric", "Haverhill"));
            trackingId = UUID.fromString(JSON.readTree(response.body()).get("trackingId").asText());
            var jdbc = first.getBean(JdbcTemplate.class);
            await().atMost(Duration.ofSeconds(20)).until(() -> jdbc.queryForObject("""
                    SELECT COUNT(*) FROM ledger_event WHERE tracking_id = ? AND event_type = 'QUEUED'
                    AND recipient_partner_id = 'gp-restart'""", Integer.class, trackingId) == 1);
        }
        gp.setAvailable(true);
        // The next node is given the keystore as a deployment shares it: a file of its own (here a
        // copy held elsewhere) and the password as configuration. The first node's files are gone.
        Path shared = Files.createDirectories(dataDir.resolve("shared-keys")).resolve("junction-keys.p12");
        Files.copy(dir.resolve("keys/junction-keys.p12"), shared);
        String password = Files.readString(dir.resolve("keys/keystore.password")).strip();
        Files.delete(dir.resolve("keys/junction-keys.p12"));
        Files.delete(dir.resolve("keys/keystore.password"));

        try (ConfigurableApplicationContext next = startHub(dir, "--hub.keys.keystore=" + shared,
                "--hub.keys.password=" + password, "--hub.keys.generate-if-missing=false")) {
            var jdbc = next.getBean(JdbcTemplate.class);
            await().atMost(Duration.ofSeconds(30)).until(() -> delivered(jdbc, trackingId));
        }
        assertThat(gp.received()).filteredOn(r -> trackingId.equals(r.trackingId())).hasSize(1);
        assertThat(Files.exists(dir.resolve("keys/junction-keys.p12"))).as("no new keystore generated").isFalse();
    }

    @Test
    void outboxAbsorbsAStalledRelayAndPastItsBoundIntakeAnswers503WithRetryAfter() throws Exception {
        Path dir = dataDir.resolve("backpressure");
        writeConfig(dir);
        // Counted on every request here: the third referral must meet the bound the second one reached.
        try (ConfigurableApplicationContext hub = startHub(dir, "--hub.intake.max-outbox-backlog=2",
                "--hub.intake.retry-after=7s", "--hub.intake.backlog-recount=0s")) {
            OutboxRelay relay = hub.getBean(OutboxRelay.class);
            // Whatever stalls the relay (a broker that does not answer, say), accepted referrals
            // wait in the outbox.
            relay.stop();
            assertThat(post(hub, "bp-1", SampleReferrals.police("9990000131", "Ambrose", "Tintagel")).statusCode())
                    .isEqualTo(202);
            assertThat(post(hub, "bp-2", SampleReferrals.police("9990000131", "Ambrose", "Tintagel")).statusCode())
                    .isEqualTo(202);

            var refused = post(hub, "bp-3", SampleReferrals.police("9990000131", "Ambrose", "Tintagel"));
            assertThat(refused.statusCode()).isEqualTo(503);
            assertThat(refused.headers().firstValue("Retry-After")).hasValue("7");
            assertThat(refused.headers().firstValue("Content-Type")).hasValueSatisfying(
                    type -> assertThat(type).startsWith("application/problem+json"));

            relay.start();
            var jdbc = hub.getBean(JdbcTemplate.class);
            await().atMost(Duration.ofSeconds(20)).until(() ->
                    jdbc.queryForObject("SELECT COUNT(*) FROM outbox", Integer.class) == 0);
            assertThat(post(hub, "bp-3", SampleReferrals.police("9990000131", "Ambrose", "Tintagel")).statusCode())
                    .isEqualTo(202);
        }
    }

    private static void writeConfig(Path dir) throws java.io.IOException {
        Files.createDirectories(dir.resolve("config"));
        Files.createDirectories(dir.resolve("config/agreements"));
        Files.writeString(dir.resolve("config/agreements/restart-test.yaml"), TestAgreements.consentOnly(
                "restart-test", 1, List.of(new TestFlow("police-restart", "gp-restart", "PATSFTY"))));
        Files.createDirectories(dir.resolve("config/partners"));
        Files.writeString(dir.resolve("config/partners/police-restart.yaml"), """
                id: police-restart
                name: Restartshire Police
                kind: POLICE
                api-key-sha256: %s
                sources: [{ type: rest-json, mapper: police-referral-json-v1 }]
                """.formatted(ApiKeys.sha256Hex(KEY)));
        Files.writeString(dir.resolve("config/partners/gp-restart.yaml"), """
                id: gp-restart
                name: Restartshire Practice
                kind: HEALTH
                sink: { type: fhir-r4, endpoint: "%s", mapper: fhir-bars-r4-v1 }
                """.formatted(gp.baseUrl()));
    }

    private static HttpResponse<String> post(ConfigurableApplicationContext hub, String requestId, String body)
            throws Exception {
        return HTTP.send(HttpRequest.newBuilder(URI.create(base(hub) + "/api/v1/referrals"))
                .header("Content-Type", "application/json").header("X-API-Key", KEY)
                .header("X-Request-ID", requestId)
                .POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
    }

    private static boolean delivered(JdbcTemplate jdbc, UUID trackingId) {
        Integer n = jdbc.queryForObject("SELECT COUNT(*) FROM delivery WHERE tracking_id = ?", Integer.class, trackingId);
        return n != null && n == 1;
    }

    private static ConfigurableApplicationContext startHub() {
        return startHub(dataDir);
    }

    private static ConfigurableApplicationContext startHub(Path dir, String... more) {
        List<String> args = new ArrayList<>(List.of(
                "--server.port=0", "--management.server.port=0",
                "--hub.data-dir=" + dir,
                "--hub.config-dir=" + dir.resolve("config"),
                "--hub.relay.poll-interval=200ms",
                "--hub.delivery.initial-delay=50ms",
                "--hub.config-watch=false"));
        args.addAll(List.of(more));
        ConfigurableApplicationContext hub = new SpringApplicationBuilder(JunctionHub.class)
                .run(args.toArray(String[]::new));
        // Recorded in the node's database, so a restarted node finds them; repeats change nothing.
        new TestAgreements(hub.getBean(ActiveConfig.class), hub.getBean(AgreementApprovalStore.class),
                hub.getBean(CurrentAgreements.class)).approveEveryParty("restart-test");
        return hub;
    }

    private static String base(ConfigurableApplicationContext context) {
        return "http://127.0.0.1:" + context.getEnvironment().getProperty("local.server.port");
    }
}
