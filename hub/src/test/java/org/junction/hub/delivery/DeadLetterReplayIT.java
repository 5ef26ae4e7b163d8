package org.junction.hub.delivery;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import jakarta.jms.BytesMessage;
import jakarta.jms.Message;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junction.hub.support.HubIntegrationTest;
import org.junction.hub.support.SampleReferrals;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jms.core.JmsTemplate;

/**
 * Dead letters are listed without payloads and replayed as a new generation that must pass the
 * decision in force: fixed partners receive, withdrawn consent stops it, and a referral the
 * partner already has is sent again only when forced.
 */
class DeadLetterReplayIT extends HubIntegrationTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String DEAD_LETTERS = "DLQ.hub.dispatch.volunteer-test";

    @Autowired
    JmsTemplate jms;

    @AfterEach
    void resetPlatform() {
        VOLUNTEER.resetAll();
    }

    @Test
    void replayAfterThePartnerIsFixedDeliversANewGenerationAndOnlyAForcedReplaySendsAgain() throws Exception {
        VOLUNTEER.stubFor(post(urlEqualTo("/referrals")).willReturn(aResponse().withStatus(400)));
        UUID trackingId = submit(SampleReferrals.police("9990000042", "Wendeline", "Harrowgate", "GIVEN")
                .replace("PATSFTY", "SUPNWK"));
        await().atMost(Duration.ofSeconds(20)).until(() -> "FAILED".equals(volunteerState(trackingId)));

        var listing = get(ADMIN_KEY, "/api/v1/dlq");
        assertThat(listing.statusCode()).isEqualTo(200);
        assertThat(listing.body()).doesNotContain("9990000042").doesNotContain("Wendeline").doesNotContain("Harrowgate");
        JsonNode entry = deadLetterOf(trackingId);
        assertThat(entry.get("queue").asText()).isEqualTo(DEAD_LETTERS);
        assertThat(entry.get("recipient").asText()).isEqualTo("volunteer-test");
        assertThat(entry.get("reasonCode").asText()).isEqualTo("HTTP_400");
        assertThat(entry.get("generation").asInt()).isEqualTo(1);
        assertThat(entry.get("replayable").asBoolean()).isTrue();
        String messageId = entry.get("messageId").asText();
        Copy leftover = copyOf(messageId);

        VOLUNTEER.resetAll();
        VOLUNTEER.stubFor(post(urlEqualTo("/referrals")).willReturn(aResponse().withStatus(202)));
        JsonNode replayed = replay(List.of(messageId), "platform fixed its schema", false);
        assertThat(replayed.get(0).get("outcome").asText()).isEqualTo("REPLAYED");
        assertThat(replayed.get(0).get("generation").asInt()).isEqualTo(2);

        await().atMost(Duration.ofSeconds(20)).until(() -> "DELIVERED".equals(volunteerState(trackingId)));
        assertThat(VOLUNTEER.findAll(postRequestedFor(urlEqualTo("/referrals")))).hasSize(1);
        assertThat(deadLetterOf(trackingId)).isNull();
        assertThat(jdbc.queryForList("SELECT replayed_by || '|' || reason FROM dead_letter_replay WHERE tracking_id = ?",
                String.class, trackingId)).containsExactly("admin-test|platform fixed its schema");
        assertThat(jdbc.queryForList("""
                SELECT actor FROM ledger_event WHERE tracking_id = ? AND event_type = 'DEAD_LETTER_REPLAYED'""",
                String.class, trackingId)).containsExactly("admin-test");

        // A copy left behind (a replay interrupted after the database committed, say) finds the
        // referral delivered, and stays put unless forced.
        leftover.sendTo(jms, DEAD_LETTERS);
        String copyId = deadLetterOf(trackingId).get("messageId").asText();
        assertThat(replay(List.of(copyId), "tidying up", false).get(0).get("outcome").asText())
                .isEqualTo("ALREADY_DELIVERED");
        assertThat(deadLetterOf(trackingId)).isNotNull();

        JsonNode forced = replay(List.of(copyId), "partner lost its copy", true);
        assertThat(forced.get(0).get("outcome").asText()).isEqualTo("REPLAYED");
        assertThat(forced.get(0).get("generation").asInt()).isEqualTo(3);
        await().atMost(Duration.ofSeconds(20)).until(() ->
                VOLUNTEER.findAll(postRequestedFor(urlEqualTo("/referrals"))).size() == 2);
        var sent = VOLUNTEER.findAll(postRequestedFor(urlEqualTo("/referrals")));
        // Each generation is a new request to the partner, with its own request id.
        assertThat(sent.get(0).getHeader("X-Request-ID")).isNotEqualTo(sent.get(1).getHeader("X-Request-ID"));
    }

    @Test
    void replayAfterTheSubjectRefusedConsentIsDeniedAndSendsNothing() throws Exception {
        VOLUNTEER.stubFor(post(urlEqualTo("/referrals")).willReturn(aResponse().withStatus(400)));
        UUID trackingId = submit(SampleReferrals.police("9990000050", "Barnaby", "Quillfeather", "GIVEN")
                .replace("PATSFTY", "SUPNWK"));
        await().atMost(Duration.ofSeconds(20)).until(() -> "FAILED".equals(volunteerState(trackingId)));
        String messageId = deadLetterOf(trackingId).get("messageId").asText();
        // A later referral records the subject's refusal.
        UUID refusal = submit(SampleReferrals.police("9990000050", "Barnaby", "Quillfeather", "REFUSED")
                .replace("PATSFTY", "SUPNWK"));
        await().atMost(Duration.ofSeconds(20)).until(() -> "DENIED".equals(volunteerState(refusal)));
        VOLUNTEER.resetAll();
        VOLUNTEER.stubFor(post(urlEqualTo("/referrals")).willReturn(aResponse().withStatus(202)));

        JsonNode result = replay(List.of(messageId), "platform fixed its schema", false).get(0);

        assertThat(result.get("outcome").asText()).isEqualTo("DENIED");
        assertThat(result.get("reasonCode").asText()).as("a refusal after consent withdraws it")
                .isEqualTo("CONSENT_WITHDRAWN");
        assertThat(volunteerState(trackingId)).isEqualTo("DENIED");
        Thread.sleep(500);
        assertThat(VOLUNTEER.findAll(postRequestedFor(urlEqualTo("/referrals")))).isEmpty();
        assertThat(deadLetterOf(trackingId)).isNull();
    }

    @Test
    void replayNeedsAReasonAnAdminAndAMessageThatExists() throws Exception {
        var noReason = postReplay(ADMIN_KEY, "{\"messageIds\":[\"ID:nothing\"]}");
        assertThat(noReason.statusCode()).isEqualTo(400);
        assertThat(JSON.readTree(noReason.body()).get("errors").get(0).get("field").asText()).isEqualTo("reason");
        assertThat(postReplay(POLICE_KEY, "{\"messageIds\":[\"ID:nothing\"],\"reason\":\"x\"}").statusCode()).isEqualTo(403);
        assertThat(get(IG_LEAD_KEY, "/api/v1/dlq").statusCode()).isEqualTo(403);
        assertThat(replay(List.of("ID:no-such-message"), "checking", false).get(0).get("outcome").asText())
                .isEqualTo("NOT_FOUND");
    }

    private UUID submit(String body) throws Exception {
        var response = postReferral(POLICE_KEY, newRequestId(), body);
        assertThat(response.statusCode()).isEqualTo(202);
        return UUID.fromString(JSON.readTree(response.body()).get("trackingId").asText());
    }

    private String volunteerState(UUID trackingId) throws Exception {
        return JSON.readTree(get(POLICE_KEY, "/api/v1/referrals/" + trackingId).body()).get("recipients")
                .path("volunteer-test").asText();
    }

    private JsonNode deadLetterOf(UUID trackingId) throws Exception {
        for (JsonNode entry : JSON.readTree(get(ADMIN_KEY, "/api/v1/dlq").body())) {
            if (trackingId.toString().equals(entry.path("trackingId").asText())) {
                return entry;
            }
        }
        return null;
    }

    private JsonNode replay(List<String> ids, String reason, boolean force) throws Exception {
        var response = postReplay(ADMIN_KEY, JSON.writeValueAsString(Map.of("messageIds", ids, "reason", reason,
                "force", force)));
        assertThat(response.statusCode()).isEqualTo(200);
        return JSON.readTree(response.body());
    }

    private HttpResponse<String> postReplay(String key, String body) {
        return send(HttpRequest.newBuilder(uri("/api/v1/dlq/replay")).header("X-API-Key", key)
                .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(body)).build());
    }

    /** A dead letter's body and properties, to put a copy back on the queue. */
    private record Copy(byte[] body, Map<String, Object> properties) {
        void sendTo(JmsTemplate jms, String queue) {
            jms.send(queue, session -> {
                BytesMessage message = session.createBytesMessage();
                message.writeBytes(body);
                for (var p : properties.entrySet()) {
                    message.setObjectProperty(p.getKey(), p.getValue());
                }
                return message;
            });
        }
    }

    private Copy copyOf(String messageId) {
        return jms.browseSelected(DEAD_LETTERS, "JMSMessageID = '" + messageId + "'", (session, browser) -> {
            Message message = (Message) Collections.list(browser.getEnumeration()).get(0);
            BytesMessage bytes = (BytesMessage) message;
            byte[] body = new byte[(int) bytes.getBodyLength()];
            bytes.readBytes(body);
            Map<String, Object> properties = new HashMap<>();
            for (Object name : Collections.list(message.getPropertyNames())) {
                String key = (String) name;
                if (key.startsWith("Junction")) {
                    properties.put(key, message.getObjectProperty(key));
                }
            }
            return new Copy(body, properties);
        });
    }
}
