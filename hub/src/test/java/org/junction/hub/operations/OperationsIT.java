package org.junction.hub.operations;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.github.tomakehurst.wiremock.verification.LoggedRequest;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import org.junction.hub.support.HubIntegrationTest;
import org.junction.hub.support.SampleReferrals;
import org.junction.security.crypto.WebhookSignatures;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalManagementPort;

/**
 * Operations end to end: per-partner metrics on the management port's Prometheus scrape, the
 * health shape, and alerts that reach the operations webhook once per incident, signed.
 */
class OperationsIT extends HubIntegrationTest {

    @Autowired
    Alerts alerts;

    private static final ObjectMapper JSON = new ObjectMapper();

    @LocalManagementPort
    int managementPort;

    @BeforeEach
    void quietGp() {
        releaseGp();
        // Incidents about the GP left open by earlier tests must be over, or ours would only update them.
        await().atMost(Duration.ofSeconds(30)).until(() -> openAlerts("gp-test") == 0);
        ALERT_WEBHOOK.resetAll();
        ALERT_WEBHOOK.stubFor(post(urlEqualTo("/alerts")).willReturn(aResponse().withStatus(204)));
    }

    @AfterEach
    void releaseGp() {
        postAsAdmin("/api/v1/admin/partners/gp-test/resume");
        GP.setAvailable(true);
    }

    @Test
    void prometheusShowsPerPartnerCountersAfterAReferralFlows() throws Exception {
        UUID trackingId = submit(SampleReferrals.police("9990000042", "Wilhelmina", "Ashdown", "GIVEN"));
        await().atMost(Duration.ofSeconds(20)).until(() -> "DELIVERED".equals(recipientState(trackingId, "gp-test")));

        await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> {
            String scrape = management("/actuator/prometheus").body();
            assertThat(value(scrape, "junction_referrals_accepted_total", "sender=\"police-test\"")).isPositive();
            assertThat(value(scrape, "junction_referrals_decided_total", "recipient=\"gp-test\"",
                    "outcome=\"PERMIT\"")).isPositive();
            assertThat(value(scrape, "junction_referrals_delivered_total", "recipient=\"gp-test\"")).isPositive();
            assertThat(value(scrape, "junction_referrals_delivery_latency_seconds_count", "recipient=\"gp-test\""))
                    .isPositive();
            assertThat(value(scrape, "junction_queue_depth", "queue=\"hub.intake\"")).isNotNegative();
            assertThat(value(scrape, "junction_queue_depth", "queue=\"DLQ.hub.dispatch.gp-test\"")).isNotNegative();
            assertThat(value(scrape, "junction_partner_circuit_state", "partner=\"gp-test\"")).isZero();
            assertThat(value(scrape, "junction_hand_off_total", "outcome=\"taken\"", "to=\"decide\"")).isPositive();
            assertThat(value(scrape, "junction_hand_off_total", "outcome=\"taken\"", "to=\"deliver\"")).isPositive();
            assertThat(value(scrape, "junction_hand_off_held", "to=\"deliver\"")).isNotNegative();
            // Tags are partner ids and codes: no tracking id, no identifier of the person.
            assertThat(scrape).doesNotContain(trackingId.toString()).doesNotContain("9990000042");
        });
        assertThat(send(HttpRequest.newBuilder(uri("/actuator/prometheus")).GET().build()).statusCode())
                .as("the scrape is not on the partner-facing port").isNotEqualTo(200);
    }

    @Test
    void healthIsOpenOnTheManagementPortWithBrokerDatabaseAndPartnerCircuits() throws Exception {
        postAsAdmin("/api/v1/admin/partners/gp-test/pause");
        var response = management("/actuator/health");
        assertThat(response.statusCode()).isEqualTo(200);
        JsonNode health = JSON.readTree(response.body());
        assertThat(health.get("status").asText()).isEqualTo("UP");
        JsonNode components = health.get("components");
        assertThat(components.get("db").get("status").asText()).isEqualTo("UP");
        assertThat(components.get("jms").get("status").asText()).isEqualTo("UP");
        JsonNode circuits = components.get("partnerCircuits");
        assertThat(circuits.get("status").asText()).as("one partner held never takes the hub down").isEqualTo("UP");
        assertThat(circuits.get("details").get("partners").get("gp-test").asText()).isEqualTo("PAUSED");
        assertThat(circuits.get("details").get("partners").get("volunteer-test").asText()).isEqualTo("CLOSED");
        assertThat(management("/actuator/health/liveness").statusCode()).isEqualTo(200);
    }

    @Test
    void alertsAreListedForThoseWhoRunTheHubAndGovernanceAlertsForIgLeadsOfTheirOwnPartners() throws Exception {
        try {
            // The vital-interests and agreement-expiry watches clear alerts no obligation or agreement
            // stands behind, and these are raised by hand: raise them again on each try, so a watch that
            // runs in between only costs a retry.
            await().atMost(Duration.ofSeconds(60)).untilAsserted(() -> {
                alerts.occurred(AlertKind.VITAL_INTERESTS_SHARED, new Alerts.Key("police-test", "obligation-ops-it"));
                alerts.occurred(AlertKind.VITAL_INTERESTS_SHARED, new Alerts.Key("gp-test", "obligation-ops-it"));
                // The baseline agreement's parties are the police force, the practice and the befrienders.
                alerts.occurred(AlertKind.AGREEMENT_EXPIRING, new Alerts.Key(null, BASELINE_AGREEMENT + "/v1/30d"));
                assertThat(get(POLICE_KEY, "/api/v1/alerts").statusCode()).isEqualTo(403);
                var response = get(ADMIN_KEY, "/api/v1/alerts");
                assertThat(response.statusCode()).isEqualTo(200);
                assertThat(kindsAndPartners(response.body())).contains("VITAL_INTERESTS_SHARED:police-test",
                        "VITAL_INTERESTS_SHARED:gp-test");
                var oneKindOnePartner = get(ADMIN_KEY,
                        "/api/v1/alerts?state=OPEN&kind=VITAL_INTERESTS_SHARED&partner=gp-test");
                assertThat(oneKindOnePartner.statusCode()).isEqualTo(200);
                assertThat(kindsAndPartners(oneKindOnePartner.body()))
                        .containsExactly("VITAL_INTERESTS_SHARED:gp-test");
                var mistyped = get(ADMIN_KEY, "/api/v1/alerts?kind=VITAL_INTEREST_SHARED");
                assertThat(mistyped.statusCode()).isEqualTo(400);
                assertThat(mistyped.headers().firstValue("Content-Type")).hasValueSatisfying(
                        type -> assertThat(type).startsWith("application/problem+json"));
                assertThat(JSON.readTree(mistyped.body()).at("/errors/0/field").asText()).isEqualTo("kind");

                var policeIg = get(IG_POLICE_KEY, "/api/v1/alerts");
                assertThat(policeIg.statusCode()).isEqualTo(200);
                assertThat(kindsAndPartners(policeIg.body())).as("governance alerts of its own organisation only")
                        .contains("VITAL_INTERESTS_SHARED:police-test", "AGREEMENT_EXPIRING:null")
                        .doesNotContain("VITAL_INTERESTS_SHARED:gp-test");
                for (JsonNode alert : JSON.readTree(policeIg.body())) {
                    assertThat(alert.get("governance").asBoolean()).as("operations' alerts are not an IG lead's").isTrue();
                }
                assertThat(kindsAndPartners(get(COUNCIL_IG_LEAD_KEY, "/api/v1/alerts").body()))
                        .as("the council is no party to the agreement").doesNotContain("AGREEMENT_EXPIRING:null");
                assertThat(kindsAndPartners(get(IG_LEAD_KEY, "/api/v1/alerts").body())).as("hub-wide IG lead")
                        .contains("VITAL_INTERESTS_SHARED:police-test", "VITAL_INTERESTS_SHARED:gp-test");
            });
        } finally {
            alerts.clear(AlertKind.VITAL_INTERESTS_SHARED, new Alerts.Key("police-test", "obligation-ops-it"));
            alerts.clear(AlertKind.VITAL_INTERESTS_SHARED, new Alerts.Key("gp-test", "obligation-ops-it"));
            alerts.clear(AlertKind.AGREEMENT_EXPIRING, new Alerts.Key(null, BASELINE_AGREEMENT + "/v1/30d"));
        }
    }

    private static java.util.List<String> kindsAndPartners(String body) throws java.io.IOException {
        java.util.List<String> seen = new java.util.ArrayList<>();
        for (JsonNode alert : JSON.readTree(body)) {
            if ("OPEN".equals(alert.get("state").asText())) {
                seen.add(alert.get("kind").asText() + ":" + alert.get("partner").asText());
            }
        }
        return seen;
    }

    @Test
    void aPartnerCircuitOpeningRaisesOneSignedAlertUntilItCloses() throws Exception {
        GP.setAvailable(false);
        UUID trackingId = submit(SampleReferrals.police("9990000050", "Barnaby", "Quillfeather", "GIVEN"));

        await().atMost(Duration.ofSeconds(20)).until(() -> !webhookPosts("CIRCUIT_OPEN", "OPEN").isEmpty());
        // The GP keeps refusing: each probe opens the circuit again, counted in the same incident.
        await().atMost(Duration.ofSeconds(20)).until(() -> alert("CIRCUIT_OPEN").path("count").asLong() >= 2);
        assertThat(webhookPosts("CIRCUIT_OPEN", "OPEN")).hasSize(1);

        LoggedRequest posted = webhookPosts("CIRCUIT_OPEN", "OPEN").get(0);
        String timestamp = posted.getHeader("X-Junction-Timestamp");
        assertThat(posted.getHeader("X-Junction-Signature")).isEqualTo(WebhookSignatures.sign(
                ALERT_SECRET.getBytes(StandardCharsets.UTF_8), timestamp, posted.getBody()));
        JsonNode body = JSON.readTree(posted.getBodyAsString());
        assertThat(body.get("partner").asText()).isEqualTo("gp-test");
        assertThat(posted.getBodyAsString()).doesNotContain(trackingId.toString()).doesNotContain("9990000050")
                .doesNotContain("Quillfeather");

        GP.setAvailable(true);
        await().atMost(Duration.ofSeconds(20)).until(() -> "DELIVERED".equals(recipientState(trackingId, "gp-test")));
        await().atMost(Duration.ofSeconds(10)).until(() -> "RESOLVED".equals(alert("CIRCUIT_OPEN").path("state").asText()));
        await().atMost(Duration.ofSeconds(10)).until(() -> webhookPosts("CIRCUIT_OPEN", "RESOLVED").size() == 1);
        assertThat(webhookPosts("CIRCUIT_OPEN", "OPEN")).hasSize(1);
    }

    @Test
    void anUrgentReferralStuckBehindAPausedPartnerIsOverdueOnce() throws Exception {
        assertThat(postAsAdmin("/api/v1/admin/partners/gp-test/pause").statusCode()).isEqualTo(200);
        UUID trackingId = submit(SampleReferrals.police("9990000069", "Cordelia", "Fairweather", "GIVEN"));

        await().atMost(Duration.ofSeconds(20)).until(() -> !webhookPosts("OVERDUE", "OPEN").isEmpty());
        JsonNode overdue = alert("OVERDUE");
        assertThat(overdue.get("state").asText()).isEqualTo("OPEN");
        assertThat(overdue.get("count").asLong()).isEqualTo(1);
        // Further checks find the same incident: it is updated, not raised again.
        long lastSeen = java.time.Instant.parse(overdue.get("lastSeen").asText()).toEpochMilli();
        await().atMost(Duration.ofSeconds(10)).until(() ->
                java.time.Instant.parse(alert("OVERDUE").get("lastSeen").asText()).toEpochMilli() > lastSeen);
        assertThat(webhookPosts("OVERDUE", "OPEN")).hasSize(1);

        postAsAdmin("/api/v1/admin/partners/gp-test/resume");
        await().atMost(Duration.ofSeconds(20)).until(() -> "DELIVERED".equals(recipientState(trackingId, "gp-test")));
        await().atMost(Duration.ofSeconds(10)).until(() -> "RESOLVED".equals(alert("OVERDUE").path("state").asText()));
        assertThat(webhookPosts("OVERDUE", "OPEN")).hasSize(1);
    }

    private List<LoggedRequest> webhookPosts(String kind, String state) {
        return ALERT_WEBHOOK.findAll(postRequestedFor(urlEqualTo("/alerts"))).stream().filter(request -> {
            try {
                JsonNode body = JSON.readTree(request.getBodyAsString());
                return kind.equals(body.path("kind").asText()) && state.equals(body.path("state").asText())
                        && "gp-test".equals(body.path("partner").asText());
            } catch (Exception e) {
                return false;
            }
        }).toList();
    }

    /** The newest incident of the kind about the GP, as the alerts API lists it. */
    private JsonNode alert(String kind) throws Exception {
        JsonNode newest = JSON.createObjectNode();
        for (JsonNode alert : JSON.readTree(get(ADMIN_KEY, "/api/v1/alerts").body())) {
            if (kind.equals(alert.get("kind").asText()) && "gp-test".equals(alert.path("partner").asText())
                    && alert.get("id").asLong() > newest.path("id").asLong()) {
                newest = alert;
            }
        }
        return newest;
    }

    private int openAlerts(String partner) {
        Integer n = jdbc.queryForObject("SELECT COUNT(*) FROM operations_alert WHERE state = 'OPEN' AND partner_id = ?",
                Integer.class, partner);
        return n == null ? 0 : n;
    }

    private HttpResponse<String> management(String path) {
        return send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + managementPort + path)).GET().build());
    }

    /** The sum of the samples of a metric whose labels include all of {@code labels}; -1 when there is none. */
    private static double value(String scrape, String metric, String... labels) {
        double sum = -1;
        for (String line : scrape.split("\n")) {
            if (!line.startsWith(metric + "{")) {
                continue;
            }
            String labelPart = line.substring(metric.length(), line.lastIndexOf('}') + 1);
            boolean matches = true;
            for (String label : labels) {
                matches &= labelPart.contains(label);
            }
            if (matches) {
                sum = Math.max(sum, 0) + Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1));
            }
        }
        return sum;
    }

    private UUID submit(String body) throws Exception {
        var response = postReferral(POLICE_KEY, newRequestId(), body);
        assertThat(response.statusCode()).isEqualTo(202);
        return UUID.fromString(JSON.readTree(response.body()).get("trackingId").asText());
    }

    private String recipientState(UUID trackingId, String recipient) throws Exception {
        return JSON.readTree(get(POLICE_KEY, "/api/v1/referrals/" + trackingId).body()).get("recipients")
                .path(recipient).asText();
    }
}
