package org.junction.hub.delivery;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.ObjectMapper;
import jakarta.jms.BytesMessage;
import jakarta.jms.Message;
import java.time.Duration;
import java.util.Collections;
import java.util.HashMap;
import java.util.Map;
import java.util.UUID;
import org.junction.adapters.intake.BrokerHeaders;
import org.junction.hub.support.HubIntegrationTest;
import org.junction.hub.support.SampleReferrals;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jms.core.JmsTemplate;

/**
 * A queued dispatch whose ciphertext was altered by a single bit never reaches the recipient in
 * any form: it fails to open, goes to the dead-letter queue with its reason, and is recorded.
 */
class TamperedMessageIT extends HubIntegrationTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String QUEUE = "hub.dispatch.gp-test";

    @Autowired
    JmsTemplate jms;

    @AfterEach
    void resume() {
        postAsAdmin("/api/v1/admin/partners/gp-test/resume");
    }

    @Test
    void dispatchWithOneFlippedBitIsDeadLetteredUnreadableAndNeverSent() throws Exception {
        assertThat(postAsAdmin("/api/v1/admin/partners/gp-test/pause").statusCode()).isEqualTo(200);
        var response = postReferral(POLICE_KEY, newRequestId(),
                SampleReferrals.police(OrderingAndPriorityIT.nhsNumber(900), "Peregrine", "Tamworth", "GIVEN"));
        UUID trackingId = UUID.fromString(JSON.readTree(response.body()).get("trackingId").asText());
        String selector = BrokerHeaders.TRACKING_ID + " = '" + trackingId + "'";
        await().atMost(Duration.ofSeconds(20)).until(() -> Boolean.TRUE.equals(jms.browseSelected(QUEUE, selector,
                (session, browser) -> browser.getEnumeration().hasMoreElements())));

        // Someone with access to the broker alters one bit of the queued ciphertext.
        Message taken = jms.receiveSelected(QUEUE, selector);
        BytesMessage original = (BytesMessage) taken;
        byte[] body = new byte[(int) original.getBodyLength()];
        original.readBytes(body);
        body[body.length / 2] ^= 0x01;
        Map<String, Object> properties = new HashMap<>();
        for (Object name : Collections.list(taken.getPropertyNames())) {
            if (((String) name).startsWith("Junction")) {
                properties.put((String) name, taken.getObjectProperty((String) name));
            }
        }
        jms.send(QUEUE, session -> {
            BytesMessage altered = session.createBytesMessage();
            altered.writeBytes(body);
            for (var p : properties.entrySet()) {
                altered.setObjectProperty(p.getKey(), p.getValue());
            }
            return altered;
        });
        postAsAdmin("/api/v1/admin/partners/gp-test/resume");

        await().atMost(Duration.ofSeconds(20)).until(() -> "FAILED".equals(JSON.readTree(
                get(POLICE_KEY, "/api/v1/referrals/" + trackingId).body()).get("recipients").path("gp-test").asText()));
        assertThat(jdbc.queryForObject("""
                SELECT reason_code FROM ledger_event WHERE tracking_id = ? AND event_type = 'DELIVERY_FAILED'""",
                String.class, trackingId)).isEqualTo("UNREADABLE_ENVELOPE");
        assertThat(Boolean.TRUE.equals(jms.browseSelected("DLQ." + QUEUE, selector,
                (session, browser) -> browser.getEnumeration().hasMoreElements()))).isTrue();
        assertThat(GP.received()).noneMatch(r -> trackingId.equals(r.trackingId()));
    }
}
