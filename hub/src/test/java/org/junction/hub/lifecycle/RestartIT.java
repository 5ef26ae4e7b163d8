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
import java.util.UUID;
import org.junction.security.identity.ApiKeys;
import org.junction.hub.JunctionHub;
import org.junction.hub.demo.FhirReceiverServer;
import org.junction.hub.support.SampleReferrals;
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
        Files.createDirectories(dataDir.resolve("config"));
        Files.writeString(dataDir.resolve("config/sharing-rules.yaml"), """
                rules:
                  - from: police-restart
                    to: gp-restart
                    purposes: [PATSFTY]
                """);
        Files.createDirectories(dataDir.resolve("config/partners"));
        Files.writeString(dataDir.resolve("config/partners/police-restart.yaml"), """
                id: police-restart
                name: Restartshire Police
                kind: POLICE
                api-key-sha256: %s
                sources: [{ type: rest-json, mapper: police-referral-json-v1 }]
                """.formatted(ApiKeys.sha256Hex(KEY)));
        Files.writeString(dataDir.resolve("config/partners/gp-restart.yaml"), """
                id: gp-restart
                name: Restartshire Practice
                kind: HEALTH
                sink: { type: fhir-r4, endpoint: "%s", mapper: fhir-bars-r4-v1 }
                """.formatted(gp.baseUrl()));

        UUID trackingId;
        gp.setAvailable(false);
        try (ConfigurableApplicationContext first = startHub()) {
            var response = HTTP.send(HttpRequest.newBuilder(URI.create(base(first) + "/api/v1/referrals"))
                    .header("Content-Type", "application/json").header("X-API-Key", KEY)
                    .header("X-Request-ID", "restart-" + UUID.randomUUID())
                    .POST(HttpRequest.BodyPublishers.ofString(SampleReferrals.police("9990000115", "Wilhelmina", "Sorrel")))
                    .build(), HttpResponse.BodyHandlers.ofString());
            assertThat(response.statusCode()).isEqualTo(202);
            trackingId = UUID.fromString(JSON.readTree(response.body()).get("trackingId").asText());
            var jdbc = first.getBean(JdbcTemplate.class);
            await().atMost(Duration.ofSeconds(20)).until(() -> jdbc.queryForObject("""
                    SELECT COUNT(*) FROM ledger_event WHERE tracking_id = ? AND event_type = 'QUEUED'
                    AND recipient_partner_id = 'gp-restart'""", Integer.class, trackingId) == 1);
            assertThat(delivered(jdbc, trackingId)).isFalse();
        }
        assertThat(gp.received()).isEmpty();
        gp.setAvailable(true);

        try (ConfigurableApplicationContext second = startHub()) {
            var jdbc = second.getBean(JdbcTemplate.class);
            await().atMost(Duration.ofSeconds(30)).until(() -> delivered(jdbc, trackingId));
            // Nothing of this referral is left anywhere in the pipeline that could send it again.
            await().atMost(Duration.ofSeconds(10)).until(() ->
                    jdbc.queryForObject("SELECT COUNT(*) FROM outbox", Integer.class) == 0);
        }
        assertThat(gp.received()).filteredOn(r -> trackingId.equals(r.trackingId())).hasSize(1);
    }

    private static boolean delivered(JdbcTemplate jdbc, UUID trackingId) {
        Integer n = jdbc.queryForObject("SELECT COUNT(*) FROM delivery WHERE tracking_id = ?", Integer.class, trackingId);
        return n != null && n == 1;
    }

    private static ConfigurableApplicationContext startHub() {
        return new SpringApplicationBuilder(JunctionHub.class).run(
                "--server.port=0", "--management.server.port=0",
                "--hub.data-dir=" + dataDir,
                "--hub.config-dir=" + dataDir.resolve("config"),
                "--hub.relay.poll-interval=200ms",
                "--hub.delivery.initial-delay=50ms",
                "--hub.config-watch=false");
    }

    private static String base(ConfigurableApplicationContext context) {
        return "http://127.0.0.1:" + context.getEnvironment().getProperty("local.server.port");
    }
}
