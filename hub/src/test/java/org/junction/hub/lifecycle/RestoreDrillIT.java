package org.junction.hub.lifecycle;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.junction.adapters.config.ActiveConfig;
import org.junction.hub.JunctionHub;
import org.junction.hub.agreements.AgreementApprovalStore;
import org.junction.hub.agreements.CurrentAgreements;
import org.junction.hub.demo.FhirReceiverServer;
import org.junction.hub.support.HubIntegrationTest.TestFlow;
import org.junction.hub.support.SampleReferrals;
import org.junction.hub.support.TestAgreements;
import org.junction.security.identity.ApiKeys;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * The restore drill of deploy/README.md in its short form, through deploy/restore-drill.sh: a node
 * whose recipient is paused accepts referrals and stops with them queued; its data directory
 * (database, broker journal, keystore, checkpoints) is backed up, the node's own directory is lost,
 * and a node started on the restore into a fresh directory delivers each pending referral exactly
 * once, and its ledger verifies.
 */
class RestoreDrillIT {

    private static final Path SCRIPT = Path.of(System.getProperty("junction.root.dir", ".."))
            .toAbsolutePath().normalize().resolve("deploy/restore-drill.sh");
    private static final String POLICE_KEY = "drill-police-key";
    /** A hub-wide admin and IG lead: pauses and resumes the recipient, verifies the ledger. */
    private static final String ADMIN_KEY = "drill-admin-key";
    private static final String AGREEMENT = "drill-test";
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final HttpClient HTTP = HttpClient.newHttpClient();
    private static FhirReceiverServer gp;

    @TempDir
    static Path temp;

    @BeforeAll
    static void startGp() {
        gp = FhirReceiverServer.start(0);
    }

    @AfterAll
    static void stopGp() {
        gp.stop();
    }

    @Test
    void aRestoredNodeDeliversWhatWasPendingOnceAndItsLedgerVerifies() throws Exception {
        Path config = writeConfig(temp.resolve("config"));
        Path original = temp.resolve("node-a");
        Path archive = temp.resolve("backups/junction-backup.tar.gz");
        Files.createDirectories(archive.getParent());
        List<UUID> pending = new ArrayList<>();
        try (ConfigurableApplicationContext node = startHub(original, config)) {
            assertThat(admin(node, "/api/v1/admin/partners/gp-drill/pause").statusCode()).isEqualTo(200);
            for (String nhs : List.of("9990000115", "9990000077", "9990000131")) {
                var response = post(node, "drill-" + UUID.randomUUID(), SampleReferrals.police(nhs, "Perpetua", "Quill"));
                assertThat(response.statusCode()).isEqualTo(202);
                pending.add(UUID.fromString(JSON.readTree(response.body()).get("trackingId").asText()));
            }
            var jdbc = node.getBean(JdbcTemplate.class);
            await().atMost(Duration.ofSeconds(20)).until(() -> pending.stream().allMatch(id -> queued(jdbc, id)));

            // A backup of a data directory a running hub holds open would not be consistent.
            var refused = script("backup", "--data-dir", original.toString(), "--out", archive.toString());
            assertThat(refused.exitCode()).isEqualTo(1);
            assertThat(refused.output()).contains("stop the hub first");
            assertThat(archive).doesNotExist();
        }
        assertThat(gp.received()).noneMatch(r -> pending.contains(r.trackingId()));

        var backup = script("backup", "--data-dir", original.toString(), "--out", archive.toString());
        assertThat(backup.exitCode()).as(backup.output()).isZero();
        // The node's own disk is lost; only the archive is left.
        deleteTree(original);

        Path restored = temp.resolve("node-b");
        var restore = script("restore", "--archive", archive.toString(), "--data-dir", restored.toString());
        assertThat(restore.exitCode()).as(restore.output()).isZero();
        assertThat(restored.resolve("keys/junction-keys.p12")).exists();
        var again = script("restore", "--archive", archive.toString(), "--data-dir", restored.toString());
        assertThat(again.exitCode()).as("never over a directory in use").isEqualTo(1);

        try (ConfigurableApplicationContext node = startHub(restored, config)) {
            var jdbc = node.getBean(JdbcTemplate.class);
            // The pause is part of the restored state: the operator resumes the partner, as after any incident.
            assertThat(admin(node, "/api/v1/admin/partners/gp-drill/resume").statusCode()).isEqualTo(200);
            await().atMost(Duration.ofSeconds(30)).until(() -> pending.stream().allMatch(id -> delivered(jdbc, id)));
            await().atMost(Duration.ofSeconds(10)).until(() ->
                    jdbc.queryForObject("SELECT COUNT(*) FROM outbox", Integer.class) == 0);
            // Sealing runs on its own schedule: wait until the deliveries' records are in the chain.
            await().atMost(Duration.ofSeconds(20)).until(() -> jdbc.queryForObject(
                    "SELECT COUNT(*) FROM ledger_event e JOIN ledger_unsealed u ON u.ledger_event_id = e.id"
                            + " WHERE e.event_type = 'DELIVERED'",
                    Integer.class) == 0);
            JsonNode verification = verify(node);
            assertThat(verification.get("valid").asBoolean()).as(verification.toString()).isTrue();
            assertThat(verification.get("sealedEvents").asLong()).isGreaterThanOrEqualTo(pending.size() * 2L);
        }
        for (UUID id : pending) {
            assertThat(gp.received()).filteredOn(r -> id.equals(r.trackingId())).hasSize(1);
        }
    }

    private record Run(int exitCode, String output) {
    }

    private static Run script(String... args) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(List.of("bash", SCRIPT.toString()));
        command.addAll(List.of(args));
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(process.waitFor(60, TimeUnit.SECONDS)).isTrue();
        return new Run(process.exitValue(), output);
    }

    private static Path writeConfig(Path dir) throws IOException {
        Files.createDirectories(dir.resolve("agreements"));
        Files.writeString(dir.resolve("agreements/" + AGREEMENT + ".yaml"), TestAgreements.consentOnly(
                AGREEMENT, 1, List.of(new TestFlow("police-drill", "gp-drill", "PATSFTY"))));
        Files.createDirectories(dir.resolve("partners"));
        Files.writeString(dir.resolve("partners/police-drill.yaml"), """
                id: police-drill
                name: Drillshire Police
                kind: POLICE
                api-key-sha256: %s
                sources: [{ type: rest-json, mapper: police-referral-json-v1 }]
                """.formatted(ApiKeys.sha256Hex(POLICE_KEY)));
        Files.writeString(dir.resolve("partners/gp-drill.yaml"), """
                id: gp-drill
                name: Drillshire Practice
                kind: HEALTH
                sink: { type: fhir-r4, endpoint: "%s", mapper: fhir-bars-r4-v1 }
                """.formatted(gp.baseUrl()));
        return dir;
    }

    private static ConfigurableApplicationContext startHub(Path dataDir, Path config) {
        ConfigurableApplicationContext hub = new SpringApplicationBuilder(JunctionHub.class).run(
                "--server.port=0", "--management.server.port=0",
                "--hub.data-dir=" + dataDir,
                "--hub.config-dir=" + config,
                "--hub.relay.poll-interval=200ms",
                "--hub.delivery.initial-delay=50ms",
                "--hub.config-watch=false",
                "--hub.operators[0].id=drill-admin",
                "--hub.operators[0].organisation=Drillshire Hub Team",
                "--hub.operators[0].roles[0]=HUB_ADMIN",
                "--hub.operators[0].roles[1]=IG_LEAD",
                "--hub.operators[0].hub-wide=true",
                "--hub.operators[0].api-key-sha256=" + ApiKeys.sha256Hex(ADMIN_KEY));
        // Approvals live in the node's database, so the restored node has them; repeats change nothing.
        new TestAgreements(hub.getBean(ActiveConfig.class), hub.getBean(AgreementApprovalStore.class),
                hub.getBean(CurrentAgreements.class)).approveEveryParty(AGREEMENT);
        return hub;
    }

    private static HttpResponse<String> post(ConfigurableApplicationContext hub, String requestId, String body)
            throws Exception {
        return HTTP.send(HttpRequest.newBuilder(URI.create(base(hub) + "/api/v1/referrals"))
                .header("Content-Type", "application/json").header("X-API-Key", POLICE_KEY)
                .header("X-Request-ID", requestId)
                .POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
    }

    private static HttpResponse<String> admin(ConfigurableApplicationContext hub, String path) throws Exception {
        return HTTP.send(HttpRequest.newBuilder(URI.create(base(hub) + path)).header("X-API-Key", ADMIN_KEY)
                .POST(HttpRequest.BodyPublishers.noBody()).build(), HttpResponse.BodyHandlers.ofString());
    }

    private static JsonNode verify(ConfigurableApplicationContext hub) throws Exception {
        var response = HTTP.send(HttpRequest.newBuilder(URI.create(base(hub) + "/api/v1/audit/verify"))
                .header("X-API-Key", ADMIN_KEY).GET().build(), HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        return JSON.readTree(response.body());
    }

    private static boolean queued(JdbcTemplate jdbc, UUID trackingId) {
        return jdbc.queryForObject("""
                SELECT COUNT(*) FROM ledger_event WHERE tracking_id = ? AND event_type = 'QUEUED'
                AND recipient_partner_id = 'gp-drill'""", Integer.class, trackingId) == 1;
    }

    private static boolean delivered(JdbcTemplate jdbc, UUID trackingId) {
        Integer n = jdbc.queryForObject("SELECT COUNT(*) FROM delivery WHERE tracking_id = ?", Integer.class, trackingId);
        return n != null && n == 1;
    }

    private static void deleteTree(Path dir) throws IOException {
        try (var paths = Files.walk(dir)) {
            for (Path p : paths.sorted(java.util.Comparator.reverseOrder()).toList()) {
                Files.delete(p);
            }
        }
    }

    private static String base(ConfigurableApplicationContext context) {
        return "http://127.0.0.1:" + context.getEnvironment().getProperty("local.server.port");
    }
}
