package org.junction.hub.intake;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import jakarta.jms.BytesMessage;
import jakarta.jms.Message;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import org.junction.adapters.intake.BrokerHeaders;
import org.junction.adapters.intake.IntakeService;
import org.junction.hub.support.HubIntegrationTest;
import org.junction.hub.support.SampleReferrals;
import org.junction.mappings.canonical.Referral;
import org.junction.mappings.fhir.Fhir;
import org.junction.routes.relay.OutboxRelay;
import org.junction.security.crypto.EnvelopeCipher;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jms.core.JmsTemplate;

class IntakeIT extends HubIntegrationTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    @Autowired
    JmsTemplate jms;
    @Autowired
    EnvelopeCipher cipher;
    @Autowired
    OutboxRelay relay;

    @Test
    void acceptedReferralIsQueuedOnHubIntakeEncryptedAndLeavesTheOutbox() throws Exception {
        var response = postReferral(POLICE_KEY, newRequestId(), SampleReferrals.police("9990000018", "Maren", "Quillfeather"));

        assertThat(response.statusCode()).isEqualTo(202);
        UUID trackingId = UUID.fromString(JSON.readTree(response.body()).get("trackingId").asText());
        assertThat(response.headers().firstValue("Location")).hasValue("/api/v1/referrals/" + trackingId);

        Message queued = awaitOnIntakeQueue(trackingId);
        assertThat(queued.getStringProperty(BrokerHeaders.SENDER)).isEqualTo("police-test");
        assertThat(queued.getStringProperty(BrokerHeaders.PURPOSE)).isEqualTo("PATSFTY");
        assertThat(queued.getStringProperty(BrokerHeaders.SUBJECTS)).isNotBlank().doesNotContain("9990000018");
        assertThat(queued.getStringProperty(BrokerHeaders.DUPLICATE_ID)).hasSize(64);

        byte[] sealed = new byte[(int) ((BytesMessage) queued).getBodyLength()];
        ((BytesMessage) queued).readBytes(sealed);
        assertThat(new String(sealed, StandardCharsets.ISO_8859_1)).doesNotContain("9990000018", "Quillfeather");
        String bundleJson = new String(cipher.open(sealed, IntakeService.associatedData(trackingId)), StandardCharsets.UTF_8);
        Referral referral = Referral.of(Fhir.parseBundle(bundleJson));
        assertThat(referral.trackingId()).isEqualTo(trackingId);
        assertThat(referral.nhsNumber()).hasValue("9990000018");

        await().atMost(Duration.ofSeconds(10)).until(() -> outboxRowsFor(trackingId) == 0);
    }

    @Test
    void statusShowsReceivedThenQueuedWithTimesToTheSenderOnly() throws Exception {
        var response = postReferral(POLICE_KEY, newRequestId(), SampleReferrals.police(null, "Ilsa", "Brackwater", "NOT_ASKED"));
        String trackingId = JSON.readTree(response.body()).get("trackingId").asText();

        await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> {
            JsonNode status = JSON.readTree(get(POLICE_KEY, "/api/v1/referrals/" + trackingId).body());
            assertThat(status.get("status").asText()).isEqualTo("QUEUED");
            assertThat(status.get("timeline")).extracting(step -> step.get("status").asText())
                    .containsExactly("RECEIVED", "QUEUED");
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
        int events = count("ledger_event");

        var repeat = postReferral(POLICE_KEY, requestId, body);

        assertThat(repeat.statusCode()).isEqualTo(202);
        JsonNode original = JSON.readTree(first.body());
        JsonNode again = JSON.readTree(repeat.body());
        assertThat(again.get("trackingId").asText()).isEqualTo(original.get("trackingId").asText());
        assertThat(again.get("duplicate").asBoolean()).isTrue();
        assertThat(count("intake_request")).isEqualTo(requests);
        // Events of the first request (its QUEUED record) may still land; none may come from the repeat.
        assertThat(receivedEventsFor(UUID.fromString(original.get("trackingId").asText()))).isEqualTo(1);
        assertThat(count("ledger_event")).isLessThanOrEqualTo(events + 1);
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
            assertThat(browseIntake(trackingId)).isEmpty();
        } finally {
            relay.start();
        }
        awaitOnIntakeQueue(trackingId);
        await().atMost(Duration.ofSeconds(10)).until(() -> outboxRowsFor(trackingId) == 0);
        assertThat(browseIntake(trackingId)).hasSize(1);
    }

    private Message awaitOnIntakeQueue(UUID trackingId) {
        await().atMost(Duration.ofSeconds(10)).until(() -> !browseIntake(trackingId).isEmpty());
        return browseIntake(trackingId).get(0);
    }

    private List<Message> browseIntake(UUID trackingId) {
        return jms.browseSelected(IntakeService.INTAKE_QUEUE, BrokerHeaders.TRACKING_ID + " = '" + trackingId + "'",
                (session, browser) -> java.util.Collections.list(browser.getEnumeration()).stream()
                        .map(Message.class::cast).toList());
    }

    private int outboxRowsFor(UUID trackingId) {
        Integer n = jdbc.queryForObject("SELECT COUNT(*) FROM outbox WHERE tracking_id = ?", Integer.class, trackingId);
        return n == null ? 0 : n;
    }

    private int receivedEventsFor(UUID trackingId) {
        Integer n = jdbc.queryForObject("SELECT COUNT(*) FROM ledger_event WHERE tracking_id = ? AND event_type = 'RECEIVED'",
                Integer.class, trackingId);
        return n == null ? 0 : n;
    }
}
