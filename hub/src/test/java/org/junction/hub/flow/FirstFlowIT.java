package org.junction.hub.flow;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import jakarta.jms.BytesMessage;
import jakarta.jms.Message;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.Collections;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import org.apache.activemq.artemis.api.core.ActiveMQNotConnectedException;
import org.apache.activemq.artemis.api.core.Interceptor;
import org.apache.activemq.artemis.core.protocol.core.impl.PacketImpl;
import org.apache.activemq.artemis.core.protocol.core.impl.wireformat.SessionSendMessage;
import org.apache.activemq.artemis.core.server.embedded.EmbeddedActiveMQ;
import org.hl7.fhir.r4.model.Patient;
import org.junction.adapters.intake.BrokerHeaders;
import org.junction.adapters.intake.BundleHandOffs;
import org.junction.adapters.intake.IntakeService;
import org.junction.adapters.intake.Queues;
import org.junction.hub.demo.FhirReceiverServer;
import org.junction.hub.support.HubIntegrationTest;
import org.junction.hub.support.SampleReferrals;
import org.junction.adapters.intake.OutboxRow;
import org.junction.routes.decide.DecideService;
import org.junction.routes.relay.OutboxMessages;
import org.junction.routes.relay.OutboxRelay;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jms.core.JmsTemplate;

/** A police referral carried end to end: decided against consent and rules, delivered to a real FHIR server. */
class FirstFlowIT extends HubIntegrationTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    @Autowired
    JmsTemplate jms;
    @Autowired
    OutboxRelay relay;
    @Autowired
    DecideService decide;
    @Autowired
    EmbeddedActiveMQ broker;
    @Autowired
    BundleHandOffs handOffs;

    @AfterEach
    void gpAvailableAgain() {
        GP.setAvailable(true);
    }

    @Test
    void consentedReferralArrivesAtTheGpWithThePostedNhsNumberAndTheRequestIdHeader() throws Exception {
        long decideTook = handOffs.toDecide().taken();
        long deliverTook = handOffs.toDeliver().taken();
        String requestId = newRequestId();
        UUID trackingId = post(requestId, SampleReferrals.police("9990000069", "Juniper", "Halloway", "GIVEN"));

        FhirReceiverServer.Received received = awaitAtGp(trackingId);

        // The GP receives a BaRS message: its own message id, the referral's tracking id on the ServiceRequest.
        Patient patient = received.patient();
        assertThat(patient.getIdentifierFirstRep().getSystem()).isEqualTo("https://fhir.nhs.uk/Id/nhs-number");
        assertThat(patient.getIdentifierFirstRep().getValue()).isEqualTo("9990000069");
        assertThat(received.bundle().getIdentifier().getSystem()).isEqualTo("urn:ietf:rfc:3986");
        assertThat(received.requestId()).isNotBlank();
        assertThat(received.correlationId()).isEqualTo(requestId);
        JsonNode status = awaitStatus(trackingId, "DELIVERED");
        assertThat(status.get("timeline")).extracting(s -> s.get("status").asText())
                .containsSubsequence("RECEIVED", "QUEUED", "DECIDED", "DELIVERED");
        assertThat(status.get("recipients").get("gp-test").asText()).isEqualTo("DELIVERED");
        assertThat(status.get("timeline")).filteredOn(s -> s.get("status").asText().equals("DELIVERED"))
                .singleElement().satisfies(s -> assertThat(s.get("responseId").asText()).isEqualTo("Bundle/" + received.id()));
        // On one node each stage found the Bundle the stage before it had sealed, and parsed nothing.
        assertThat(handOffs.toDecide().taken()).isGreaterThan(decideTook);
        assertThat(handOffs.toDeliver().taken()).isGreaterThan(deliverTook);
    }

    @Test
    void aReferralWhoseBundleWasNotHandedOverIsParsedFromItsEnvelopeAndDelivered() throws Exception {
        long decideMissed = handOffs.toDecide().missed();
        UUID trackingId;
        relay.stop();
        try {
            trackingId = post(newRequestId(), SampleReferrals.police("9990000352", "Wenna", "Treloar", "GIVEN"));
            byte[] envelope = jdbc.queryForObject("SELECT payload FROM outbox WHERE tracking_id = ?", byte[].class,
                    trackingId);
            // Taken away, as when another node takes the message: the decide stage must open and parse it.
            assertThat(handOffs.toDecide().take(BundleHandOffs.intakeKey(trackingId, 1), envelope)).isPresent();
        } finally {
            relay.start();
        }

        FhirReceiverServer.Received received = awaitAtGp(trackingId);

        assertThat(received.patient().getIdentifierFirstRep().getValue()).isEqualTo("9990000352");
        assertThat(handOffs.toDecide().missed()).isGreaterThan(decideMissed);
        awaitStatus(trackingId, "DELIVERED");
        assertThat(decisionOf(trackingId)).containsExactly("PERMIT:CONSENT_GIVEN");
    }

    @Test
    void referralWithoutConsentNeverReachesTheGpAndIsAuditedDeny() throws Exception {
        UUID trackingId = post(newRequestId(), SampleReferrals.police("9990000077", "Ossian", "Penhallow", "NOT_ASKED"));

        JsonNode status = awaitStatus(trackingId, "DENIED");

        assertThat(decisionOf(trackingId)).containsExactly("DENY:CONSENT_REQUIRED");
        assertThat(status.get("timeline")).anySatisfy(step -> {
            assertThat(step.get("status").asText()).isEqualTo("DECIDED");
            assertThat(step.get("outcome").asText()).isEqualTo("DENY");
            assertThat(step.get("reason").asText()).isEqualTo("CONSENT_REQUIRED");
        });
        assertThat(receivedAtGp(trackingId)).isEmpty();
    }

    @Test
    void referralForAPurposeNoAgreementCoversIsDeniedWithoutARecipient() throws Exception {
        String body = SampleReferrals.police("9990000085", "Linnea", "Corvedale", "GIVEN").replace("PATSFTY", "COC");
        UUID trackingId = post(newRequestId(), body);

        awaitStatus(trackingId, "DENIED");

        assertThat(decisionOf(trackingId)).containsExactly("DENY:NO_ISA");
        assertThat(receivedAtGp(trackingId)).isEmpty();
    }

    @Test
    void consentRecordedThroughTheFhirApiCoversALaterReferral() throws Exception {
        var recorded = postJson(POLICE_KEY, "/fhir/Consent", "application/fhir+json", """
                {"resourceType": "Consent", "status": "active",
                 "scope": {"coding": [{"system": "http://terminology.hl7.org/CodeSystem/consentscope", "code": "patient-privacy"}]},
                 "category": [{"coding": [{"system": "http://terminology.hl7.org/CodeSystem/v3-ActCode", "code": "INFA"}]}],
                 "patient": {"identifier": {"system": "https://fhir.nhs.uk/Id/nhs-number", "value": "999 000 0093"}},
                 "dateTime": "2026-11-01T09:00:00Z",
                 "policyRule": {"coding": [{"system": "http://terminology.hl7.org/CodeSystem/v3-ActCode", "code": "OPTIN"}]},
                 "provision": {"type": "permit"}}
                """);
        assertThat(recorded.statusCode()).isEqualTo(201);

        UUID trackingId = post(newRequestId(), SampleReferrals.police("9990000093", "Ebba", "Thornycroft", "NOT_ASKED"));

        awaitAtGp(trackingId);
        assertThat(decisionOf(trackingId)).containsExactly("PERMIT:CONSENT_GIVEN");
    }

    @Test
    void partnerNotConfiguredToRecordConsentsIsRefused() {
        var response = postJson(COUNCIL_KEY, "/fhir/Consent", "application/fhir+json", """
                {"resourceType": "Consent", "status": "active",
                 "patient": {"identifier": {"system": "https://fhir.nhs.uk/Id/nhs-number", "value": "9990000093"}},
                 "provision": {"type": "permit"}}
                """);

        assertThat(response.statusCode()).isEqualTo(403);
        assertThat(response.body()).contains("OperationOutcome");
    }

    @Test
    void consentWithoutAPatientIsRefusedWithAnOperationOutcome() throws Exception {
        var response = postJson(POLICE_KEY, "/fhir/Consent", "application/fhir+json", """
                {"resourceType": "Consent", "status": "active", "provision": {"type": "permit"}}
                """);

        assertThat(response.statusCode()).isEqualTo(422);
        JsonNode outcome = JSON.readTree(response.body());
        assertThat(outcome.get("resourceType").asText()).isEqualTo("OperationOutcome");
        assertThat(outcome.get("issue").get(0).get("expression").get(0).asText()).isEqualTo("Consent.patient");
    }

    @Test
    void referralAcceptedWhileTheGpServerIsDownIsDeliveredOnceItComesBack() throws Exception {
        long deliverMissed = handOffs.toDeliver().missed();
        int refusedBefore = GP.refusedCount();
        GP.setAvailable(false);
        UUID trackingId = post(newRequestId(), SampleReferrals.police("9990000107", "Tamsin", "Ridgeway", "GIVEN"));
        // The GP comes back only after refusing an attempt: otherwise the first attempt can find it up
        // again and no redelivery happens, which the hand-off count below depends on.
        await().atMost(Duration.ofSeconds(15))
                .until(() -> dispatchQueued(trackingId) && GP.refusedCount() > refusedBefore);
        assertThat(receivedAtGp(trackingId)).isEmpty();

        GP.setAvailable(true);

        awaitAtGp(trackingId);
        awaitStatus(trackingId, "DELIVERED");
        assertThat(receivedAtGp(trackingId)).hasSize(1);
        // The first attempt took the handed-over Bundle; the broker's redeliveries opened and parsed the envelope.
        assertThat(handOffs.toDeliver().missed()).isGreaterThan(deliverMissed);
    }

    @Test
    void unreadableIntakeMessageIsDeadLetteredWithItsReasonAndDoesNotBlockTheQueue() throws Exception {
        String poisonId = UUID.randomUUID().toString();
        jms.send(IntakeService.INTAKE_QUEUE, session -> {
            BytesMessage message = session.createBytesMessage();
            message.writeBytes("not an envelope".getBytes(StandardCharsets.UTF_8));
            message.setStringProperty(BrokerHeaders.TRACKING_ID, poisonId);
            return message;
        });
        UUID next = post(newRequestId(), SampleReferrals.police("9990000123", "Aurelie", "Fenwick", "GIVEN"));

        awaitAtGp(next);
        await().atMost(Duration.ofSeconds(10)).until(() -> !deadLetters(poisonId).isEmpty());
        assertThat(deadLetters(poisonId).get(0).getStringProperty(BrokerHeaders.FAILURE_REASON))
                .isEqualTo("UNREADABLE_ENVELOPE");
        await().atMost(Duration.ofSeconds(10)).until(() ->
                JSON.readTree(get(POLICE_KEY, "/api/v1/referrals/" + next).body()).get("status").asText().equals("DELIVERED"));
        assertThat(jdbc.queryForObject("SELECT reason_code FROM ledger_event WHERE tracking_id = ? AND event_type = 'INTAKE_FAILED'",
                String.class, UUID.fromString(poisonId))).isEqualTo("UNREADABLE_ENVELOPE");
    }

    @Test
    void redeliveredIntakeMessageMakesNoSecondDecisionAndNoSecondDispatch() throws Exception {
        relay.stop();
        UUID trackingId;
        byte[] envelope;
        try {
            trackingId = post(newRequestId(), SampleReferrals.police("9990000131", "Benedikt", "Larchmont", "GIVEN"));
            envelope = jdbc.queryForObject("SELECT payload FROM outbox WHERE tracking_id = ?", byte[].class, trackingId);
        } finally {
            relay.start();
        }
        awaitAtGp(trackingId);
        awaitStatus(trackingId, "DELIVERED");

        // The same intake message again, as the broker would redeliver it after a lost acknowledgement.
        jms.send(IntakeService.INTAKE_QUEUE, session -> {
            BytesMessage copy = session.createBytesMessage();
            copy.writeBytes(envelope);
            copy.setStringProperty(BrokerHeaders.TRACKING_ID, trackingId.toString());
            copy.setIntProperty(BrokerHeaders.GENERATION, 1);
            return copy;
        });
        UUID marker = post(newRequestId(), SampleReferrals.police("9990000158", "Greta", "Holloway", "GIVEN"));
        awaitAtGp(marker);
        // The copy has been consumed (and committed) once nothing of this referral is left on hub.intake.
        await().atMost(Duration.ofSeconds(10)).until(() -> jms.browseSelected(IntakeService.INTAKE_QUEUE,
                BrokerHeaders.TRACKING_ID + " = '" + trackingId + "'",
                (session, browser) -> !browser.getEnumeration().hasMoreElements()));

        assertThat(decisionOf(trackingId)).containsExactly("PERMIT:CONSENT_GIVEN");
        assertThat(jdbc.queryForObject("""
                SELECT COUNT(*) FROM ledger_event WHERE tracking_id = ? AND event_type = 'QUEUED'
                AND recipient_partner_id = 'gp-test'""", Integer.class, trackingId)).isEqualTo(1);
        assertThat(receivedAtGp(trackingId)).hasSize(1);
    }

    @Test
    void theDecideStageSendsItsDispatchInTheIntakeMessagesTransactionWithoutTheRelay() throws Exception {
        UUID trackingId;
        relay.stop();
        try {
            trackingId = post(newRequestId(), SampleReferrals.police("9990000166", "Ottoline", "Vasquez", "GIVEN"));
            // As the relay would: the intake message on its queue, the row gone. The relay stays
            // stopped, so the dispatch can only reach the GP if the decide stage sends it.
            sendIntakeRowByHand(trackingId);

            awaitAtGp(trackingId);
            // Its row, claimed, is deleted once the broker has the dispatch (by the stage itself while
            // the relay is stopped, as when the hub stops).
            await().atMost(Duration.ofSeconds(10)).until(() -> jdbc.queryForObject(
                    "SELECT COUNT(*) FROM outbox WHERE tracking_id = ?", Integer.class, trackingId) == 0);
        } finally {
            relay.start();
        }
        awaitStatus(trackingId, "DELIVERED");
        assertThat(queuedEventsFor(trackingId, "gp-test")).isEqualTo(1);
        assertThat(receivedAtGp(trackingId)).hasSize(1);
    }

    @Test
    void aDecisionWhoseBrokerTransactionNeverCommittedIsSentByTheRelayWhenItsIntakeMessageComesAgain()
            throws Exception {
        UUID trackingId;
        relay.stop();
        try {
            trackingId = post(newRequestId(), SampleReferrals.police("9990000174", "Marisol", "Threlkeld", "GIVEN"));
            byte[] envelope = jdbc.queryForObject("SELECT payload FROM outbox WHERE tracking_id = ?", byte[].class,
                    trackingId);
            // The decision committed, its dispatch claimed for an hour; then the hub stopped before
            // the broker transaction that was to send it committed: nothing was sent.
            var claimed = decide.decideClaiming(trackingId, 1, envelope, Instant.now().plus(Duration.ofHours(1)));
            assertThat(claimed).singleElement().satisfies(row -> assertThat(row.recipientPartnerId()).isEqualTo("gp-test"));
        } finally {
            relay.start();
        }
        // The relay sends the intake message, which comes to the decide stage again: the claim ends,
        // and the relay sends the dispatch; an hour's claim otherwise.
        awaitAtGp(trackingId);
        awaitStatus(trackingId, "DELIVERED");
        assertThat(decisionOf(trackingId)).containsExactly("PERMIT:CONSENT_GIVEN");
        assertThat(queuedEventsFor(trackingId, "gp-test")).isEqualTo(1);
        await().atMost(Duration.ofSeconds(10)).until(() -> jdbc.queryForObject(
                "SELECT COUNT(*) FROM outbox WHERE tracking_id = ?", Integer.class, trackingId) == 0);
        assertThat(receivedAtGp(trackingId)).hasSize(1);
    }

    @Test
    void aDispatchWhoseCommitWentUnansweredIsLeftToTheRelayAtOnceAndArrivesOnce() throws Exception {
        var lostAnswer = new CommitAnswerLost(Queues.dispatch("gp-test"));
        var remoting = broker.getActiveMQServer().getRemotingService();
        remoting.addIncomingInterceptor(lostAnswer.incoming());
        remoting.addOutgoingInterceptor(lostAnswer.outgoing());
        UUID trackingId;
        relay.stop();
        try {
            trackingId = post(newRequestId(), SampleReferrals.police("9990000182", "Perpetua", "Aldridge", "GIVEN"));
            sendIntakeRowByHand(trackingId);
            // The broker commits the decide stage's transaction (the intake message taken, the
            // dispatch queued), and the connection fails before the answer, as in a failover.
            await().atMost(Duration.ofSeconds(20)).until(lostAnswer::fired);
            // The intake message never comes again, so only the stage itself can end the claim,
            // which would otherwise hold the row for a minute; a stopped relay deletes a row the
            // stage confirms, so the row's being there shows that the commit failed for the stage.
            await().atMost(Duration.ofSeconds(10)).until(() -> jdbc.queryForObject(
                    "SELECT COUNT(*) FROM outbox WHERE tracking_id = ? AND claimed_until <= ?", Integer.class,
                    trackingId, OffsetDateTime.now(ZoneOffset.UTC)) == 1);
        } finally {
            remoting.removeIncomingInterceptor(lostAnswer.incoming());
            remoting.removeOutgoingInterceptor(lostAnswer.outgoing());
            relay.start();
        }
        // The relay sends the row again, the broker drops the repeat by its duplicate id, and the
        // row is gone.
        await().atMost(Duration.ofSeconds(10)).until(() -> jdbc.queryForObject(
                "SELECT COUNT(*) FROM outbox WHERE tracking_id = ?", Integer.class, trackingId) == 0);
        awaitStatus(trackingId, "DELIVERED");
        assertThat(queuedEventsFor(trackingId, "gp-test")).isEqualTo(1);
        assertThat(receivedAtGp(trackingId)).hasSize(1);

        // The decide consumers have their connection back.
        UUID next = post(newRequestId(), SampleReferrals.police("9990000190", "Leopold", "Fairweather", "GIVEN"));
        awaitAtGp(next);
    }

    /**
     * Lets the broker commit the first transaction that sends to {@code address}, drops its answer
     * and fails the connection it came on: a commit whose outcome the client cannot know.
     */
    private static final class CommitAnswerLost {
        private final String address;
        /** Connection id and session channel of sessions that sent to the address. */
        private final Set<String> sendingSessions = ConcurrentHashMap.newKeySet();
        /** Connection id and correlation id of their commits, which the answer carries. */
        private final Set<String> commits = ConcurrentHashMap.newKeySet();
        private final AtomicBoolean fired = new AtomicBoolean();

        CommitAnswerLost(String address) {
            this.address = address;
        }

        boolean fired() {
            return fired.get();
        }

        Interceptor incoming() {
            return (packet, connection) -> {
                String session = connection.getID() + "/" + packet.getChannelID();
                if (packet instanceof SessionSendMessage send && address.equals(send.getMessage().getAddress())) {
                    sendingSessions.add(session);
                } else if (packet.getType() == PacketImpl.SESS_COMMIT && sendingSessions.remove(session)) {
                    commits.add(connection.getID() + "/" + packet.getCorrelationID());
                }
                return true;
            };
        }

        Interceptor outgoing() {
            return (packet, connection) -> {
                if (packet.getType() == PacketImpl.NULL_RESPONSE
                        && commits.remove(connection.getID() + "/" + packet.getCorrelationID())
                        && fired.compareAndSet(false, true)) {
                    CompletableFuture.runAsync(() -> connection.fail(
                            new ActiveMQNotConnectedException("connection failed by the test")));
                    return false;
                }
                return true;
            };
        }
    }

    /** Puts a referral's intake row on hub.intake as the relay would, and deletes the row. */
    private void sendIntakeRowByHand(UUID trackingId) {
        OutboxRow row = jdbc.queryForObject("""
                SELECT duplicate_id, sender_partner_id, generation, purpose, subject_pseudonyms, payload, priority
                FROM outbox WHERE tracking_id = ? AND destination = ?""",
                (rs, i) -> new OutboxRow(0, trackingId, IntakeService.INTAKE_QUEUE, rs.getString(1), rs.getString(2),
                        null, null, rs.getInt(3), rs.getString(4), BrokerHeaders.splitSubjects(rs.getString(5)),
                        rs.getBytes(6), Instant.now(), rs.getInt(7)),
                trackingId, IntakeService.INTAKE_QUEUE);
        jms.send(IntakeService.INTAKE_QUEUE, session -> OutboxMessages.of(session, row));
        jdbc.update("DELETE FROM outbox WHERE tracking_id = ? AND destination = ?", trackingId,
                IntakeService.INTAKE_QUEUE);
    }

    private int queuedEventsFor(UUID trackingId, String recipient) {
        return jdbc.queryForObject("""
                SELECT COUNT(*) FROM ledger_event WHERE tracking_id = ? AND event_type = 'QUEUED'
                AND recipient_partner_id = ?""", Integer.class, trackingId, recipient);
    }

    private List<Message> deadLetters(String trackingId) {
        return jms.browseSelected("DLQ." + IntakeService.INTAKE_QUEUE, BrokerHeaders.TRACKING_ID + " = '" + trackingId + "'",
                (session, browser) -> Collections.list(browser.getEnumeration()).stream().map(Message.class::cast).toList());
    }

    private UUID post(String requestId, String body) throws Exception {
        var response = postReferral(POLICE_KEY, requestId, body);
        assertThat(response.statusCode()).isEqualTo(202);
        return UUID.fromString(JSON.readTree(response.body()).get("trackingId").asText());
    }

    private FhirReceiverServer.Received awaitAtGp(UUID trackingId) {
        await().atMost(Duration.ofSeconds(20)).until(() -> !receivedAtGp(trackingId).isEmpty());
        return receivedAtGp(trackingId).get(0);
    }

    private static List<FhirReceiverServer.Received> receivedAtGp(UUID trackingId) {
        return GP.received().stream()
                .filter(r -> trackingId.equals(r.trackingId()))
                .toList();
    }

    private JsonNode awaitStatus(UUID trackingId, String word) throws Exception {
        await().atMost(Duration.ofSeconds(20)).until(() ->
                JSON.readTree(get(POLICE_KEY, "/api/v1/referrals/" + trackingId).body()).get("status").asText().equals(word));
        return JSON.readTree(get(POLICE_KEY, "/api/v1/referrals/" + trackingId).body());
    }

    private List<String> decisionOf(UUID trackingId) {
        return jdbc.query("SELECT outcome, reason_code FROM sharing_decision WHERE tracking_id = ? ORDER BY id",
                (rs, i) -> rs.getString(1) + ":" + rs.getString(2), trackingId);
    }

    private boolean dispatchQueued(UUID trackingId) {
        Integer n = jdbc.queryForObject("""
                SELECT COUNT(*) FROM ledger_event WHERE tracking_id = ? AND event_type = 'QUEUED'
                AND recipient_partner_id = 'gp-test'""", Integer.class, trackingId);
        return n != null && n > 0;
    }
}
