package org.junction.hub.flow;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.containing;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.github.tomakehurst.wiremock.verification.LoggedRequest;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import org.junction.hub.support.HubIntegrationTest;
import org.junction.hub.support.SampleReferrals;
import org.junction.security.crypto.WebhookSignatures;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** A referral for a volunteer platform leaves as a signed webhook carrying the minimum dataset only. */
class WebhookDeliveryIT extends HubIntegrationTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    @AfterEach
    void resetPlatform() {
        VOLUNTEER.resetAll();
    }

    @Test
    void consentedStepDownReachesThePlatformSignedAndMinimised() throws Exception {
        VOLUNTEER.stubFor(post(urlEqualTo("/referrals")).willReturn(aResponse().withStatus(201)
                .withHeader("Location", "/referrals/vp-1")));
        String body = SampleReferrals.police("9990000166", "Marisol", "Ketteridge", "GIVEN").replace("PATSFTY", "SUPNWK");

        UUID trackingId = postStepDown(body);

        await().atMost(Duration.ofSeconds(20)).until(() -> !received(trackingId).isEmpty());
        LoggedRequest request = received(trackingId).get(0);
        byte[] sent = request.getBody();
        String timestamp = request.getHeader("X-Junction-Timestamp");
        assertThat(request.getHeader("X-Junction-Signature"))
                .isEqualTo(WebhookSignatures.sign(VOLUNTEER_SECRET.getBytes(StandardCharsets.UTF_8), timestamp, sent));
        assertThat(request.getHeader("X-Request-ID")).isNotBlank();
        assertThat(new String(sent, StandardCharsets.UTF_8))
                .doesNotContain("9990000166", "Officers attended", "14 Larkspur Row", "1986-04-12");
        assertThat(request.getAllHeaderKeys()).noneMatch(h -> h.startsWith("Junction") || h.startsWith("JMS"));
        await().atMost(Duration.ofSeconds(10)).until(() -> status(trackingId).equals("DELIVERED"));
    }

    @Test
    void platformRefusingTheReferralDeadLettersItAtOnceAsFailed() throws Exception {
        VOLUNTEER.stubFor(post(urlEqualTo("/referrals")).willReturn(aResponse().withStatus(400)));
        String body = SampleReferrals.police("9990000174", "Anselm", "Pryderi", "GIVEN").replace("PATSFTY", "SUPNWK");

        UUID trackingId = postStepDown(body);

        await().atMost(Duration.ofSeconds(20)).until(() -> status(trackingId).equals("FAILED"));
        assertThat(received(trackingId)).hasSize(1);
        assertThat(jdbc.queryForObject("""
                SELECT reason_code FROM ledger_event WHERE tracking_id = ? AND event_type = 'DELIVERY_FAILED'""",
                String.class, trackingId)).isEqualTo("HTTP_400");
    }

    private UUID postStepDown(String body) throws Exception {
        var response = postReferral(POLICE_KEY, newRequestId(), body);
        assertThat(response.statusCode()).isEqualTo(202);
        return UUID.fromString(JSON.readTree(response.body()).get("trackingId").asText());
    }

    private List<LoggedRequest> received(UUID trackingId) {
        String requestId = jdbc.queryForObject("SELECT request_id FROM intake_request WHERE tracking_id = ?",
                String.class, trackingId);
        return VOLUNTEER.findAll(postRequestedFor(urlEqualTo("/referrals"))
                .withHeader("X-Correlation-ID", containing(requestId)));
    }

    private String status(UUID trackingId) throws Exception {
        return JSON.readTree(get(POLICE_KEY, "/api/v1/referrals/" + trackingId).body()).get("status").asText();
    }
}
