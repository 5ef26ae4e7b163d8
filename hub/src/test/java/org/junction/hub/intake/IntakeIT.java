package org.junction.hub.intake;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import jakarta.jms.ConnectionFactory;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.UUID;
import org.apache.activemq.artemis.jms.client.ActiveMQConnectionFactory;
import org.junction.adapters.intake.IntakeService;
import org.junction.hub.support.HubIntegrationTest;
import org.junction.hub.support.SampleReferrals;
import org.junction.mappings.canonical.Referral;
import org.junction.mappings.fhir.Fhir;
import org.junction.routes.relay.OutboxRelay;
import org.junction.security.crypto.EnvelopeCipher;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jms.connection.CachingConnectionFactory;

class IntakeIT extends HubIntegrationTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    @Autowired
    EnvelopeCipher cipher;
    @Autowired
    OutboxRelay relay;
    @Autowired
    ConnectionFactory connectionFactory;

    @Test
    void acceptedReferralIsStoredEncryptedThenQueuedOnHubIntakeAndLeavesTheOutbox() throws Exception {
        relay.stop();
        UUID trackingId;
        try {
            var response = postReferral(POLICE_KEY, newRequestId(), SampleReferrals.police("9990000018", "Maren", "Quillfeather"));

            assertThat(response.statusCode()).isEqualTo(202);
            trackingId = UUID.fromString(JSON.readTree(response.body()).get("trackingId").asText());
            assertThat(response.headers().firstValue("Location")).hasValue("/api/v1/referrals/" + trackingId);
            byte[] sealed = jdbc.queryForObject("SELECT payload FROM outbox WHERE tracking_id = ?", byte[].class, trackingId);
            assertThat(new String(sealed, StandardCharsets.ISO_8859_1)).doesNotContain("9990000018", "Quillfeather");
            String bundleJson = new String(cipher.open(sealed, IntakeService.associatedData(trackingId)), StandardCharsets.UTF_8);
            Referral referral = Referral.of(Fhir.parseBundle(bundleJson));
            assertThat(referral.trackingId()).isEqualTo(trackingId);
            assertThat(referral.nhsNumber()).hasValue("9990000018");
        } finally {
            relay.start();
        }

        // QUEUED is written as the row leaves the outbox; DECIDED only by the consumer of hub.intake.
        await().atMost(Duration.ofSeconds(10)).until(() -> outboxRowsFor(trackingId) == 0);
        await().atMost(Duration.ofSeconds(10)).until(() -> eventsFor(trackingId, "DECIDED") > 0);
        assertThat(eventsFor(trackingId, "QUEUED")).isGreaterThanOrEqualTo(1);
    }

    @Test
    void policeReferralInXmlIsAcceptedAndReadLikeItsJsonTwin() throws Exception {
        Path fixture = Path.of(System.getProperty("junction.root.dir", ".."),
                "mappings/src/test/resources/fixtures/police-referral-xml-v1/domestic-abuse-consent-given/input.xml");

        var response = postXmlReferral(POLICE_KEY, newRequestId(), Files.readString(fixture));

        assertThat(response.statusCode()).isEqualTo(202);
        UUID trackingId = UUID.fromString(JSON.readTree(response.body()).get("trackingId").asText());
        await().atMost(Duration.ofSeconds(10)).until(() -> eventsFor(trackingId, "DECIDED") > 0);
    }

    @Test
    void brokerSendsAreDurableAndBlocking() {
        var factory = connectionFactory instanceof CachingConnectionFactory caching
                ? caching.getTargetConnectionFactory() : connectionFactory;
        assertThat(factory).isInstanceOfSatisfying(ActiveMQConnectionFactory.class, artemis ->
                assertThat(artemis.isBlockOnDurableSend()).isTrue());
    }

    @Test
    void statusShowsReceivedThenQueuedWithTimesToTheSenderOnly() throws Exception {
        var response = postReferral(POLICE_KEY, newRequestId(), SampleReferrals.police(null, "Ilsa", "Brackwater", "NOT_ASKED"));
        String trackingId = JSON.readTree(response.body()).get("trackingId").asText();

        await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> {
            JsonNode status = JSON.readTree(get(POLICE_KEY, "/api/v1/referrals/" + trackingId).body());
            // Without consent nothing may be sent: the referral ends DENIED, after RECEIVED and QUEUED.
            assertThat(status.get("status").asText()).isEqualTo("DENIED");
            assertThat(status.get("timeline")).extracting(step -> step.get("status").asText())
                    .containsSubsequence("RECEIVED", "QUEUED", "DECIDED");
            assertThat(status.get("timeline").get(0).get("at").asText()).isNotBlank();
        });
        assertThat(get(COUNCIL_KEY, "/api/v1/referrals/" + trackingId).statusCode()).isEqualTo(404);
        assertThat(get(POLICE_KEY, "/api/v1/referrals/" + UUID.randomUUID()).statusCode()).isEqualTo(404);
        assertThat(get(POLICE_KEY, "/api/v1/referrals/not-a-uuid").statusCode()).isEqualTo(400);
    }

    @Test
    void repeatedRequestIdReturnsTheOriginalTrackingIdAndStoresNothingNew() throws Exception {
        String requestId = newRequestId();
        String body = SampleReferrals.police("9990000026", "Tobin", "Farrowgate");
        var first = postReferral(POLICE_KEY, requestId, body);
        int requests = count("intake_request");

        var repeat = postReferral(POLICE_KEY, requestId, body);

        assertThat(repeat.statusCode()).isEqualTo(202);
        JsonNode original = JSON.readTree(first.body());
        JsonNode again = JSON.readTree(repeat.body());
        assertThat(again.get("trackingId").asText()).isEqualTo(original.get("trackingId").asText());
        assertThat(again.get("duplicate").asBoolean()).isTrue();
        assertThat(count("intake_request")).isEqualTo(requests);
        assertThat(receivedEventsFor(UUID.fromString(original.get("trackingId").asText()))).isEqualTo(1);
    }

    @Test
    void requestIdReusedForAnotherReferralIsRefusedAndStoresNothing() throws Exception {
        String requestId = newRequestId();
        var first = postReferral(POLICE_KEY, requestId, SampleReferrals.police("9990000034", "Ottilie", "Brackenwood"));
        assertThat(first.statusCode()).isEqualTo(202);
        int requests = count("intake_request");

        var reused = postReferral(POLICE_KEY, requestId, SampleReferrals.police("9990000042", "Ambrose", "Tillyard"));

        assertThat(reused.statusCode()).isEqualTo(422);
        JsonNode problem = JSON.readTree(reused.body());
        assertThat(problem.get("errors").get(0).get("field").asText()).isEqualTo("X-Request-ID");
        assertThat(problem.get("errors").get(0).get("reason").asText())
                .contains(JSON.readTree(first.body()).get("trackingId").asText());
        assertThat(reused.body()).doesNotContain("9990000042").doesNotContain("Tillyard");
        assertThat(count("intake_request")).isEqualTo(requests);
        // The request the id was first used for is still answered as a repeat.
        var repeat = postReferral(POLICE_KEY, requestId, SampleReferrals.police("9990000034", "Ottilie", "Brackenwood"));
        assertThat(repeat.statusCode()).isEqualTo(202);
        assertThat(JSON.readTree(repeat.body()).get("trackingId").asText())
                .isEqualTo(JSON.readTree(first.body()).get("trackingId").asText());
    }

    @Test
    void requestIdReusedWithABodyThatDoesNotMapIsToldTheIdWasUsed() throws Exception {
        String requestId = newRequestId();
        var first = postReferral(POLICE_KEY, requestId, SampleReferrals.police("9990000050", "Perpetua", "Hollinsend"));
        assertThat(first.statusCode()).isEqualTo(202);

        var reused = postReferral(POLICE_KEY, requestId, "{\"occurrence\": {}}");

        // The id, not the body's faults: the sender's real mistake is the id.
        assertThat(reused.statusCode()).isEqualTo(422);
        JsonNode problem = JSON.readTree(reused.body());
        assertThat(problem.get("errors")).hasSize(1);
        assertThat(problem.get("errors").get(0).get("field").asText()).isEqualTo("X-Request-ID");
        assertThat(problem.get("errors").get(0).get("reason").asText())
                .contains(JSON.readTree(first.body()).get("trackingId").asText());

        // The same body under a new id gets the body's own faults.
        var fresh = postReferral(POLICE_KEY, newRequestId(), "{\"occurrence\": {}}");
        assertThat(fresh.statusCode()).isEqualTo(400);
        assertThat(fresh.body()).doesNotContain("X-Request-ID").doesNotContain("already used");
    }

    @Test
    void referralCommittedWhileTheRelayIsDownIsQueuedOnceItRestarts() throws Exception {
        relay.stop();
        UUID trackingId;
        try {
            var response = postReferral(POLICE_KEY, newRequestId(), SampleReferrals.police("9990000034", "Odile", "Marchbank"));
            assertThat(response.statusCode()).isEqualTo(202);
            trackingId = UUID.fromString(JSON.readTree(response.body()).get("trackingId").asText());
            assertThat(outboxRowsFor(trackingId)).isEqualTo(1);
            assertThat(eventsFor(trackingId, "QUEUED")).isZero();
        } finally {
            relay.start();
        }
        await().atMost(Duration.ofSeconds(10)).until(() -> eventsFor(trackingId, "DECIDED") > 0);
        assertThat(outboxRowsFor(trackingId)).isZero();
        assertThat(eventsFor(trackingId, "QUEUED")).as("queued once on hub.intake").isGreaterThanOrEqualTo(1);
        assertThat(jdbc.queryForObject("""
                SELECT COUNT(*) FROM ledger_event WHERE tracking_id = ? AND event_type = 'QUEUED'
                AND recipient_partner_id IS NULL""", Integer.class, trackingId)).isEqualTo(1);
    }

    private int eventsFor(UUID trackingId, String type) {
        Integer n = jdbc.queryForObject("SELECT COUNT(*) FROM ledger_event WHERE tracking_id = ? AND event_type = ?",
                Integer.class, trackingId, type);
        return n == null ? 0 : n;
    }

    /** Intake's own outbox row; the decide stage later adds dispatch rows of its own. */
    private int outboxRowsFor(UUID trackingId) {
        Integer n = jdbc.queryForObject("SELECT COUNT(*) FROM outbox WHERE tracking_id = ? AND destination = ?",
                Integer.class, trackingId, IntakeService.INTAKE_QUEUE);
        return n == null ? 0 : n;
    }

    private int receivedEventsFor(UUID trackingId) {
        Integer n = jdbc.queryForObject("SELECT COUNT(*) FROM ledger_event WHERE tracking_id = ? AND event_type = 'RECEIVED'",
                Integer.class, trackingId);
        return n == null ? 0 : n;
    }
}
