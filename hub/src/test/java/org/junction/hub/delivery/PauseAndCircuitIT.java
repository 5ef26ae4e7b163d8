package org.junction.hub.delivery;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.time.Duration;
import java.util.UUID;
import org.apache.camel.CamelContext;
import org.junction.hub.support.HubIntegrationTest;
import org.junction.hub.support.SampleReferrals;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

/**
 * Deliveries to one partner can be held, by hand (pause) or by its circuit when it keeps failing,
 * without touching any other partner's, and drain once released.
 */
class PauseAndCircuitIT extends HubIntegrationTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    @Autowired
    CamelContext camel;

    @AfterEach
    void releaseEverything() {
        postAsAdmin("/api/v1/admin/partners/gp-test/resume");
        GP.setAvailable(true);
        GP.setRetryAfterSeconds(1);
        VOLUNTEER.resetAll();
    }

    @Test
    void pauseHoldsThatPartnerOnlyAndResumeDrainsIt() throws Exception {
        VOLUNTEER.stubFor(post(urlEqualTo("/referrals")).willReturn(aResponse().withStatus(202)));
        var paused = postAsAdmin("/api/v1/admin/partners/gp-test/pause");
        assertThat(paused.statusCode()).isEqualTo(200);
        assertThat(JSON.readTree(paused.body()).get("state").asText()).isEqualTo("PAUSED");

        UUID toGp = submit(SampleReferrals.police("9990000018", "Ottilie", "Marchbank", "GIVEN"));
        UUID toVolunteer = submit(SampleReferrals.police("9990000026", "Caspian", "Wetherby", "GIVEN")
                .replace("PATSFTY", "SUPNWK"));

        await().atMost(Duration.ofSeconds(20)).until(() -> "DELIVERED".equals(recipientState(toVolunteer, "volunteer-test")));
        await().atMost(Duration.ofSeconds(10)).until(() -> queued(toGp));
        // The paused partner's message waits on the broker, its route not consuming.
        Thread.sleep(500);
        assertThat(GP.received()).noneMatch(r -> toGp.equals(r.trackingId()));
        assertThat(camel.getRouteController().getRouteStatus("deliver-gp-test").isStarted()).isFalse();
        assertThat(jdbc.queryForList("SELECT actor FROM ledger_event WHERE event_type = 'PARTNER_PAUSED' "
                + "AND recipient_partner_id = 'gp-test'", String.class)).contains("admin-test");

        var resumed = postAsAdmin("/api/v1/admin/partners/gp-test/resume");
        assertThat(JSON.readTree(resumed.body()).get("state").asText()).isEqualTo("RUNNING");
        await().atMost(Duration.ofSeconds(20)).until(() -> "DELIVERED".equals(recipientState(toGp, "gp-test")));
        assertThat(GP.received()).filteredOn(r -> toGp.equals(r.trackingId())).hasSize(1);
        assertThat(jdbc.queryForList("SELECT actor FROM ledger_event WHERE event_type = 'PARTNER_RESUMED' "
                + "AND recipient_partner_id = 'gp-test'", String.class)).contains("admin-test");
    }

    @Test
    void failingPartnerHasItsCircuitOpenedSoNoAttemptsAreBurnedAndAProbeClosesIt() throws Exception {
        GP.setAvailable(false);
        // Open longer than suspending the route takes (about a second on a loaded machine) plus the
        // window watched below, so the half-open probe cannot fall inside that window.
        GP.setRetryAfterSeconds(3);
        UUID trackingId = submit(SampleReferrals.police("9990000034", "Leopold", "Ashcombe", "GIVEN"));

        // The GP answers 503 with Retry-After: 3, so the circuit opens for three seconds.
        await().atMost(Duration.ofSeconds(20)).until(() -> "CIRCUIT_OPEN".equals(partnerState("gp-test")));
        // Suspending waits for the attempt in flight, if any, to finish.
        await().atMost(Duration.ofSeconds(5)).until(() -> !"CIRCUIT_OPEN".equals(partnerState("gp-test"))
                || camel.getRouteController().getRouteStatus("deliver-gp-test").isSuspended());
        int attempts = GP.refusedCount();
        Thread.sleep(400);
        assertThat(GP.refusedCount()).as("no attempt while the circuit is open").isEqualTo(attempts);

        GP.setAvailable(true);
        await().atMost(Duration.ofSeconds(20)).until(() -> "DELIVERED".equals(recipientState(trackingId, "gp-test")));
        await().atMost(Duration.ofSeconds(5)).until(() -> "RUNNING".equals(partnerState("gp-test")));
        assertThat(GP.received()).filteredOn(r -> trackingId.equals(r.trackingId())).hasSize(1);
    }

    @Test
    void onlyAdminsPauseAndOnlyPartnersThatReceiveCanBePaused() {
        assertThat(send(java.net.http.HttpRequest.newBuilder(uri("/api/v1/admin/partners/gp-test/pause"))
                .header("X-API-Key", POLICE_KEY).POST(java.net.http.HttpRequest.BodyPublishers.noBody()).build())
                .statusCode()).isEqualTo(403);
        assertThat(postAsAdmin("/api/v1/admin/partners/no-such-partner/pause").statusCode()).isEqualTo(404);
        assertThat(postAsAdmin("/api/v1/admin/partners/police-test/pause").statusCode()).isEqualTo(404);
    }

    private UUID submit(String body) throws Exception {
        var response = postReferral(POLICE_KEY, newRequestId(), body);
        assertThat(response.statusCode()).isEqualTo(202);
        return UUID.fromString(JSON.readTree(response.body()).get("trackingId").asText());
    }

    private boolean queued(UUID trackingId) {
        Integer n = jdbc.queryForObject("""
                SELECT COUNT(*) FROM ledger_event WHERE tracking_id = ? AND event_type = 'QUEUED'
                AND recipient_partner_id = 'gp-test'""", Integer.class, trackingId);
        return n != null && n == 1;
    }

    private String recipientState(UUID trackingId, String recipient) throws Exception {
        return JSON.readTree(get(POLICE_KEY, "/api/v1/referrals/" + trackingId).body()).get("recipients")
                .path(recipient).asText();
    }

    private String partnerState(String partnerId) throws Exception {
        for (JsonNode partner : JSON.readTree(get(ADMIN_KEY, "/api/v1/admin/partners").body())) {
            if (partner.get("id").asText().equals(partnerId)) {
                return partner.get("state").asText();
            }
        }
        return null;
    }
}
