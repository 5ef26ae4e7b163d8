package org.junction.hub.delivery;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.apache.activemq.artemis.core.server.embedded.EmbeddedActiveMQ;
import org.junction.adapters.intake.Queues;
import org.junction.hub.demo.FhirReceiverServer;
import org.junction.hub.support.HubIntegrationTest;
import org.junction.hub.support.SampleReferrals;
import org.junction.routes.deliver.DeliveryProperties;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

/**
 * Urgent and high-risk referrals overtake routine traffic to the same partner, but never a
 * referral about the same person that was decided before them; and a referral still waiting when
 * the person refuses consent is cancelled, not sent.
 */
class OrderingAndPriorityIT extends HubIntegrationTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    @Autowired
    DeliveryProperties delivery;
    @Autowired
    EmbeddedActiveMQ broker;

    @AfterEach
    void resume() {
        postAsAdmin("/api/v1/admin/partners/gp-test/resume");
    }

    @Test
    void urgentReferralOvertakesRoutineOnesQueuedBeforeIt() throws Exception {
        assertThat(postAsAdmin("/api/v1/admin/partners/gp-test/pause").statusCode()).isEqualTo(200);
        List<UUID> routine = new ArrayList<>();
        for (int i = 0; i < 30; i++) {
            routine.add(submit(routine(nhsNumber(400 + i), "Routine" + (char) ('a' + i % 26))));
        }
        UUID urgent = submit(SampleReferrals.police(nhsNumber(480), "Ysolde", "Penrose", "GIVEN"));
        await().atMost(Duration.ofSeconds(30)).until(() -> queuedForGp(urgent) && routine.stream().allMatch(this::queuedForGp));

        postAsAdmin("/api/v1/admin/partners/gp-test/resume");
        await().atMost(Duration.ofSeconds(60)).until(() -> receivedOrder(routine, urgent).size() == 31);

        List<UUID> order = receivedOrder(routine, urgent);
        // The partner's consumers resume together and each takes the highest priority message
        // left: the urgent one leaves first, and arrives among the first of that many.
        assertThat(delivery.consumers()).isGreaterThan(1);
        assertThat(order.indexOf(urgent)).as("the urgent referral's place among 31").isLessThan(delivery.consumers());
    }

    @Test
    void laterUrgentReferralAboutTheSamePersonWaitsForTheEarlierRoutineOne() throws Exception {
        assertThat(postAsAdmin("/api/v1/admin/partners/gp-test/pause").statusCode()).isEqualTo(200);
        String nhs = nhsNumber(500);
        UUID first = submit(routine(nhs, "Aldous"));
        UUID second = submit(SampleReferrals.police(nhs, "Aldous", "Fairweather", "GIVEN"));
        await().atMost(Duration.ofSeconds(20)).until(() -> queuedForGp(first) && queuedForGp(second));

        postAsAdmin("/api/v1/admin/partners/gp-test/resume");
        await().atMost(Duration.ofSeconds(30)).until(() -> receivedOrder(List.of(first), second).size() == 2);

        assertThat(receivedOrder(List.of(first), second)).containsExactly(first, second);
        // Held back, not failed: one delivery each, no attempt counted against the later one.
        assertThat(jdbc.queryForObject("""
                SELECT COUNT(*) FROM ledger_event WHERE tracking_id IN (?, ?) AND event_type = 'DELIVERY_FAILED'""",
                Integer.class, first, second)).isZero();
    }

    @Test
    void aPartnersSeveralConsumersStillDeliverOnePersonsReferralsInTheirOrder() throws Exception {
        var queue = broker.getActiveMQServer().locateQueue(Queues.dispatch("gp-test"));
        assertThat(delivery.consumers()).isGreaterThan(1);
        // Consumers connect one by one as the route starts or resumes.
        await().atMost(Duration.ofSeconds(10)).until(() -> queue.getConsumerCount() == delivery.consumers());

        assertThat(postAsAdmin("/api/v1/admin/partners/gp-test/pause").statusCode()).isEqualTo(200);
        String nhs = nhsNumber(540);
        List<UUID> referrals = new ArrayList<>();
        for (String given : List.of("Wilhelmina", "Wystan", "Winifred", "Wolfram")) {
            referrals.add(submit(routine(nhs, given)));
        }
        await().atMost(Duration.ofSeconds(20)).until(() -> referrals.stream().allMatch(this::queuedForGp));

        // Released at once, the consumers take them together; each waits for the one before it.
        postAsAdmin("/api/v1/admin/partners/gp-test/resume");
        await().atMost(Duration.ofSeconds(30)).until(() -> receivedOrder(referrals, null).size() == referrals.size());

        assertThat(receivedOrder(referrals, null)).containsExactlyElementsOf(referrals);
        assertThat(jdbc.queryForObject("""
                SELECT COUNT(*) FROM ledger_event WHERE tracking_id IN (?, ?, ?, ?) AND event_type = 'DELIVERY_FAILED'""",
                Integer.class, referrals.toArray())).isZero();
    }

    @Test
    void consentRefusedWhileTheReferralWaitsCancelsItInsteadOfSendingIt() throws Exception {
        assertThat(postAsAdmin("/api/v1/admin/partners/gp-test/pause").statusCode()).isEqualTo(200);
        String nhs = nhsNumber(520);
        UUID waiting = submit(SampleReferrals.police(nhs, "Clemency", "Ravensworth", "GIVEN"));
        await().atMost(Duration.ofSeconds(20)).until(() -> queuedForGp(waiting));
        // A later referral records that the person now refuses.
        UUID refusal = submit(SampleReferrals.police(nhs, "Clemency", "Ravensworth", "REFUSED"));
        await().atMost(Duration.ofSeconds(20)).until(() -> "DENIED".equals(overallStatus(refusal)));

        postAsAdmin("/api/v1/admin/partners/gp-test/resume");

        await().atMost(Duration.ofSeconds(20)).until(() -> "CANCELLED".equals(overallStatus(waiting)));
        Thread.sleep(300);
        assertThat(GP.received()).noneMatch(r -> waiting.equals(r.trackingId()));
        assertThat(jdbc.queryForObject("""
                SELECT reason_code FROM ledger_event WHERE tracking_id = ? AND event_type = 'DELIVERY_CANCELLED'""",
                String.class, waiting)).isEqualTo("CONSENT_WITHDRAWN");
    }

    private String overallStatus(UUID trackingId) throws Exception {
        return JSON.readTree(get(POLICE_KEY, "/api/v1/referrals/" + trackingId).body()).get("status").asText();
    }

    private List<UUID> receivedOrder(List<UUID> routine, UUID urgent) {
        return GP.received().stream().map(FhirReceiverServer.Received::trackingId)
                .filter(id -> id != null && (id.equals(urgent) || routine.contains(id))).distinct().toList();
    }

    private static String routine(String nhsNumber, String given) {
        return SampleReferrals.police(nhsNumber, given, "Routinely", "GIVEN")
                .replace("\"priority\": \"urgent\"", "\"priority\": \"routine\"")
                .replace("\"grade\": \"HIGH\"", "\"grade\": \"STANDARD\"");
    }

    private UUID submit(String body) throws Exception {
        var response = postReferral(POLICE_KEY, newRequestId(), body);
        assertThat(response.statusCode()).isEqualTo(202);
        return UUID.fromString(JSON.readTree(response.body()).get("trackingId").asText());
    }

    private boolean queuedForGp(UUID trackingId) {
        Integer n = jdbc.queryForObject("""
                SELECT COUNT(*) FROM ledger_event WHERE tracking_id = ? AND event_type = 'QUEUED'
                AND recipient_partner_id = 'gp-test'""", Integer.class, trackingId);
        return n != null && n == 1;
    }

    /** A synthetic NHS number in the 999 range with a valid Modulus 11 check digit. */
    static String nhsNumber(int seed) {
        for (int n = seed; ; n++) {
            String base = "999" + String.format("%06d", n);
            int sum = 0;
            for (int i = 0; i < 9; i++) {
                sum += (base.charAt(i) - '0') * (10 - i);
            }
            int check = 11 - sum % 11;
            if (check == 11) {
                check = 0;
            }
            if (check != 10) {
                return base + check;
            }
        }
    }
}
