package org.junction.hub.recall;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.matchingJsonPath;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import org.hl7.fhir.r4.model.MessageHeader;
import org.hl7.fhir.r4.model.ServiceRequest;
import org.junction.hub.demo.FhirReceiverServer;
import org.junction.hub.support.HubIntegrationTest;
import org.junction.hub.support.SampleReferrals;
import org.junction.mappings.fhir.bars.Bars;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Recalls end to end: a withdrawal after delivery sends each past recipient a cancellation in its
 * own format through its own sink; a sender's entered-in-error does the same and stops what is
 * still queued; people see the recalls of their own organisation only.
 */
class RecallIT extends HubIntegrationTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    @AfterEach
    void partnersBackToNormal() {
        postAsAdmin("/api/v1/admin/partners/gp-test/resume");
        VOLUNTEER.resetAll();
    }

    @Test
    void withdrawalAfterDeliveryRevokesTheServiceRequestAtTheGpAndTheRecallIsAcknowledged() throws Exception {
        String nhs = nhsNumber(700);
        UUID trackingId = submit(SampleReferrals.police(nhs, "Isaura", "Fenwicke", "GIVEN"));
        await().atMost(Duration.ofSeconds(20)).until(() -> atGp(trackingId).size() == 1);
        int withdrawals = count("ledger_event WHERE event_type = 'CONSENT_WITHDRAWN'");

        assertThat(withdraw(nhs)).isEqualTo(201);
        assertThat(count("ledger_event WHERE event_type = 'CONSENT_WITHDRAWN'")).as("the ledger names the withdrawal")
                .isEqualTo(withdrawals + 1);

        await().atMost(Duration.ofSeconds(20)).until(() -> atGp(trackingId).size() == 2);
        FhirReceiverServer.Received cancellation = atGp(trackingId).get(1);
        ServiceRequest request = resource(cancellation, ServiceRequest.class);
        MessageHeader header = resource(cancellation, MessageHeader.class);
        assertThat(request.getStatus()).isEqualTo(ServiceRequest.ServiceRequestStatus.REVOKED);
        assertThat(header.getReason().getCodingFirstRep().getCode()).isEqualTo(Bars.REASON_UPDATE);
        assertThat(header.getDefinition()).isEqualTo(Bars.DEFINITION_CANCELLATION);
        // Same ServiceRequest, a new message: its own request id, the conversation's correlation id.
        assertThat(request.getIdElement().getIdPart())
                .isEqualTo(resource(atGp(trackingId).get(0), ServiceRequest.class).getIdElement().getIdPart());
        assertThat(cancellation.requestId()).isNotEqualTo(atGp(trackingId).get(0).requestId());
        assertThat(cancellation.correlationId()).isEqualTo(atGp(trackingId).get(0).correlationId());
        // Nothing about the person travels again.
        assertThat(cancellation.bundle().getEntry()).noneMatch(e -> e.getResource().fhirType().equals("Patient"));

        JsonNode recall = awaitRecall(IG_LEAD_KEY, trackingId, "gp-test", "ACKNOWLEDGED");
        assertThat(recall.get("cause").asText()).isEqualTo("WITHDRAWAL");
        assertThat(recall.get("reasonCode").asText()).isEqualTo("CONSENT_WITHDRAWN");
        assertThat(recall.get("acknowledgedAt").isNull()).isFalse();
        assertThat(ledgerTypes(trackingId)).contains("RECALL_REQUESTED", "RECALL_SENT", "RECALL_ACKNOWLEDGED");
        assertThat(status(trackingId)).isEqualTo("RECALLED");
        // Acknowledged recalls leave the outstanding list.
        assertThat(recalls(IG_LEAD_KEY, false)).noneMatch(r -> r.get("trackingId").asText().equals(trackingId.toString()));
    }

    @Test
    void theVolunteerPlatformReceivesACancellationDocumentNamingItsReferral() throws Exception {
        VOLUNTEER.stubFor(post(urlEqualTo("/referrals")).willReturn(aResponse().withStatus(201)));
        String nhs = nhsNumber(720);
        UUID trackingId = submit(SampleReferrals.police(nhs, "Wendeline", "Ashgrove", "GIVEN")
                .replace("PATSFTY", "SUPNWK"));
        await().atMost(Duration.ofSeconds(20)).until(() -> "DELIVERED".equals(status(trackingId)));

        assertThat(withdraw(nhs)).isEqualTo(201);

        await().atMost(Duration.ofSeconds(20)).until(() -> !VOLUNTEER.findAll(postRequestedFor(urlEqualTo("/referrals"))
                .withRequestBody(matchingJsonPath("$.messageType", com.github.tomakehurst.wiremock.client.WireMock
                        .equalTo("CANCELLATION")))
                .withRequestBody(matchingJsonPath("$.referralId", com.github.tomakehurst.wiremock.client.WireMock
                        .equalTo(trackingId.toString())))).isEmpty());
        String sent = VOLUNTEER.findAll(postRequestedFor(urlEqualTo("/referrals"))).stream()
                .map(r -> r.getBodyAsString()).filter(b -> b.contains("CANCELLATION")).findFirst().orElseThrow();
        assertThat(sent).contains("\"reasonCode\":\"CONSENT_WITHDRAWN\"").doesNotContain(nhs, "Wendeline", "Ashgrove");
        awaitRecall(IG_LEAD_KEY, trackingId, "volunteer-test", "ACKNOWLEDGED");
    }

    @Test
    void onlyTheSenderMayMarkItsReferralEnteredInErrorAndThenTheGpIsTold() throws Exception {
        String nhs = nhsNumber(740);
        UUID trackingId = submit(SampleReferrals.police(nhs, "Corisande", "Beaulieu", "GIVEN"));
        await().atMost(Duration.ofSeconds(20)).until(() -> atGp(trackingId).size() == 1);

        assertThat(markInError(COUNCIL_KEY, trackingId).statusCode()).isEqualTo(404);
        assertThat(markInError(HOSPITAL_KEY, trackingId).statusCode()).isEqualTo(404);
        assertThat(markInError(IG_LEAD_KEY, trackingId).statusCode()).isEqualTo(403);
        assertThat(postJson(POLICE_KEY, "/api/v1/referrals/" + trackingId + "/entered-in-error", "application/json",
                "{\"reasonCode\": \"the wrong person, sorry\"}").statusCode()).isEqualTo(400);
        assertThat(atGp(trackingId)).hasSize(1);

        assertThat(markInError(POLICE_KEY, trackingId).statusCode()).isEqualTo(202);
        assertThat(markInError(POLICE_KEY, trackingId).statusCode()).isEqualTo(200);

        await().atMost(Duration.ofSeconds(20)).until(() -> atGp(trackingId).size() == 2);
        assertThat(resource(atGp(trackingId).get(1), ServiceRequest.class).getStatus())
                .isEqualTo(ServiceRequest.ServiceRequestStatus.ENTEREDINERROR);
        JsonNode recall = awaitRecall(IG_LEAD_KEY, trackingId, "gp-test", "ACKNOWLEDGED");
        assertThat(recall.get("cause").asText()).isEqualTo("ENTERED_IN_ERROR");
        assertThat(recall.get("reasonCode").asText()).isEqualTo("WRONG_PERSON");
        assertThat(status(trackingId)).isEqualTo("ENTERED_IN_ERROR");
    }

    @Test
    void enteredInErrorWhileTheGpIsPausedCancelsTheQueuedDeliveryAndNothingReachesIt() throws Exception {
        assertThat(postAsAdmin("/api/v1/admin/partners/gp-test/pause").statusCode()).isEqualTo(200);
        UUID trackingId = submit(SampleReferrals.police(nhsNumber(760), "Tamsin", "Quarrington", "GIVEN"));
        await().atMost(Duration.ofSeconds(20)).until(() -> ledgerTypes(trackingId).contains("QUEUED")
                && ledgerTypes(trackingId).contains("DECIDED"));

        assertThat(markInError(POLICE_KEY, trackingId).statusCode()).isEqualTo(202);
        postAsAdmin("/api/v1/admin/partners/gp-test/resume");

        await().atMost(Duration.ofSeconds(20)).until(() -> ledgerTypes(trackingId).contains("DELIVERY_CANCELLED"));
        Thread.sleep(500);
        assertThat(atGp(trackingId)).isEmpty();
        assertThat(jdbc.queryForObject("""
                SELECT reason_code FROM ledger_event WHERE tracking_id = ? AND event_type = 'DELIVERY_CANCELLED'""",
                String.class, trackingId)).isEqualTo("ENTERED_IN_ERROR");
        // Never delivered, so there is nothing to recall.
        assertThat(jdbc.queryForObject("SELECT COUNT(*) FROM recall WHERE tracking_id = ?", Integer.class, trackingId))
                .isZero();
    }

    @Test
    void aCorrectedReferralReachesTheGpAndTheOriginalIsRecalledNamingItsReplacement() throws Exception {
        String nhs = nhsNumber(800);
        String original = SampleReferrals.police(nhs, "Rosalind", "Achterberg", "GIVEN");
        UUID first = submit(original);
        await().atMost(Duration.ofSeconds(20)).until(() -> atGp(first).size() == 1);

        // Someone else's (here: an unknown) referral cannot be corrected.
        var refused = send(java.net.http.HttpRequest.newBuilder(uri("/api/v1/referrals"))
                .header("Content-Type", "application/json").header("X-API-Key", POLICE_KEY)
                .header("X-Request-ID", newRequestId()).header("X-Replaces", UUID.randomUUID().toString())
                .POST(java.net.http.HttpRequest.BodyPublishers.ofString(original)).build());
        assertThat(refused.statusCode()).isEqualTo(404);

        var corrected = send(java.net.http.HttpRequest.newBuilder(uri("/api/v1/referrals"))
                .header("Content-Type", "application/json").header("X-API-Key", POLICE_KEY)
                .header("X-Request-ID", newRequestId()).header("X-Replaces", first.toString())
                .POST(java.net.http.HttpRequest.BodyPublishers.ofString(original.replace("OEL-2026-0042",
                        "OEL-2026-0043"))).build());
        assertThat(corrected.statusCode()).isEqualTo(202);
        UUID second = UUID.fromString(JSON.readTree(corrected.body()).get("trackingId").asText());

        await().atMost(Duration.ofSeconds(20)).until(() -> atGp(second).size() == 1 && atGp(first).size() == 2);
        ServiceRequest recalled = resource(atGp(first).get(1), ServiceRequest.class);
        assertThat(recalled.getStatus()).isEqualTo(ServiceRequest.ServiceRequestStatus.REVOKED);
        assertThat(recalled.getExtensionByUrl(org.junction.mappings.fhir.bars.BarsBundleRenderer.REPLACED_BY_EXTENSION)
                .getValue()).isInstanceOfSatisfying(org.hl7.fhir.r4.model.Identifier.class,
                        id -> assertThat(id.getValue()).isEqualTo(second.toString()));
        JsonNode recall = awaitRecall(IG_LEAD_KEY, first, "gp-test", "ACKNOWLEDGED");
        assertThat(recall.get("cause").asText()).isEqualTo("CORRECTION");
        assertThat(status(second)).isEqualTo("DELIVERED");
    }

    @Test
    void peopleSeeTheRecallsOfTheirOwnOrganisationOnly() throws Exception {
        VOLUNTEER.stubFor(post(urlEqualTo("/referrals")).willReturn(aResponse().withStatus(201)));
        String nhs = nhsNumber(780);
        UUID toGp = submit(SampleReferrals.police(nhs, "Perpetua", "Lindqvist", "GIVEN"));
        UUID toVolunteer = submit(SampleReferrals.police(nhs, "Perpetua", "Lindqvist", "GIVEN")
                .replace("PATSFTY", "SUPNWK"));
        await().atMost(Duration.ofSeconds(30)).until(() -> "DELIVERED".equals(status(toGp))
                && "DELIVERED".equals(status(toVolunteer)));
        assertThat(withdraw(nhs)).isEqualTo(201);
        awaitRecall(ADMIN_KEY, toGp, "gp-test", "ACKNOWLEDGED");
        awaitRecall(ADMIN_KEY, toVolunteer, "volunteer-test", "ACKNOWLEDGED");

        // The GP practice's operator: its own partner's recall, not the volunteer platform's.
        List<JsonNode> operators = recalls(OPERATOR_KEY, true);
        assertThat(operators).anyMatch(r -> r.get("trackingId").asText().equals(toGp.toString()));
        assertThat(operators).noneMatch(r -> r.get("trackingId").asText().equals(toVolunteer.toString()));
        // The police IG lead: both, as their organisation sent them.
        assertThat(recalls(IG_POLICE_KEY, true)).extracting(r -> r.get("trackingId").asText())
                .contains(toGp.toString(), toVolunteer.toString());
        // The council's IG lead: neither.
        assertThat(recalls(COUNCIL_IG_LEAD_KEY, true)).extracting(r -> r.get("trackingId").asText())
                .doesNotContain(toGp.toString(), toVolunteer.toString());
        assertThat(get(POLICE_KEY, "/api/v1/recalls").statusCode()).isEqualTo(403);
        assertThat(get(DECISION_MAKER_KEY, "/api/v1/recalls").statusCode()).isEqualTo(403);
    }

    @Test
    void aCancellationThePlatformRefusesIsDeadLetteredAndItsReplayIsRefusedPlainly() throws Exception {
        VOLUNTEER.stubFor(post(urlEqualTo("/referrals")).willReturn(aResponse().withStatus(201)));
        String nhs = nhsNumber(730);
        UUID trackingId = submit(SampleReferrals.police(nhs, "Osmund", "Thackeray", "GIVEN")
                .replace("PATSFTY", "SUPNWK"));
        await().atMost(Duration.ofSeconds(20)).until(() -> "DELIVERED".equals(status(trackingId)));
        VOLUNTEER.resetAll();
        VOLUNTEER.stubFor(post(urlEqualTo("/referrals")).willReturn(aResponse().withStatus(400)));

        assertThat(withdraw(nhs)).isEqualTo(201);

        JsonNode recall = awaitRecall(IG_LEAD_KEY, trackingId, "volunteer-test", "FAILED");
        String recallId = recall.get("recallId").asText();
        JsonNode deadLetter = await().atMost(Duration.ofSeconds(20)).until(() -> deadLetterOf(recallId), n -> n != null);
        var replayed = postJson(ADMIN_KEY, "/api/v1/dlq/replay", "application/json",
                "{\"messageIds\": [\"" + deadLetter.get("messageId").asText() + "\"], \"reason\": \"platform fixed\"}");
        assertThat(replayed.statusCode()).isEqualTo(200);
        JsonNode outcome = JSON.readTree(replayed.body()).get(0);
        assertThat(outcome.get("outcome").asText()).isEqualTo("NOT_REPLAYABLE");
        assertThat(outcome.get("reasonCode").asText()).isEqualTo("RECALL_NOT_REPLAYABLE");
        assertThat(deadLetterOf(recallId)).as("left in place").isNotNull();
    }

    private JsonNode deadLetterOf(String trackingId) throws java.io.IOException {
        var listing = get(ADMIN_KEY, "/api/v1/dlq");
        assertThat(listing.statusCode()).isEqualTo(200);
        for (JsonNode entry : JSON.readTree(listing.body())) {
            if (trackingId.equals(entry.path("trackingId").asText())) {
                return entry;
            }
        }
        return null;
    }

    private int withdraw(String nhs) {
        return postJson(POLICE_KEY, "/fhir/Consent", "application/fhir+json", """
                {"resourceType": "Consent", "status": "active",
                 "scope": {"coding": [{"system": "http://terminology.hl7.org/CodeSystem/consentscope", "code": "patient-privacy"}]},
                 "category": [{"coding": [{"system": "http://terminology.hl7.org/CodeSystem/v3-ActCode", "code": "INFA"}]}],
                 "patient": {"identifier": {"system": "https://fhir.nhs.uk/Id/nhs-number", "value": "%s"}},
                 "dateTime": "2026-11-22T09:00:00Z",
                 "policyRule": {"coding": [{"system": "http://terminology.hl7.org/CodeSystem/v3-ActCode", "code": "OPTOUT"}]},
                 "provision": {"type": "deny"}}
                """.formatted(nhs)).statusCode();
    }

    private java.net.http.HttpResponse<String> markInError(String key, UUID trackingId) {
        return postJson(key, "/api/v1/referrals/" + trackingId + "/entered-in-error", "application/json",
                "{\"reasonCode\": \"WRONG_PERSON\"}");
    }

    private JsonNode awaitRecall(String key, UUID trackingId, String recipient, String state) {
        await().atMost(Duration.ofSeconds(20)).until(() -> recalls(key, true).stream().anyMatch(r ->
                r.get("trackingId").asText().equals(trackingId.toString())
                        && r.get("recipientPartnerId").asText().equals(recipient)
                        && r.get("state").asText().equals(state)));
        return recalls(key, true).stream().filter(r -> r.get("trackingId").asText().equals(trackingId.toString())
                && r.get("recipientPartnerId").asText().equals(recipient)).findFirst().orElseThrow();
    }

    private List<JsonNode> recalls(String key, boolean all) {
        var response = get(key, "/api/v1/recalls?limit=500" + (all ? "&all=true" : ""));
        assertThat(response.statusCode()).isEqualTo(200);
        try {
            List<JsonNode> list = new java.util.ArrayList<>();
            JSON.readTree(response.body()).forEach(list::add);
            return list;
        } catch (java.io.IOException e) {
            throw new IllegalStateException(e);
        }
    }

    private List<FhirReceiverServer.Received> atGp(UUID trackingId) {
        return GP.received().stream().filter(r -> trackingId.equals(r.trackingId())).toList();
    }

    private static <T extends org.hl7.fhir.r4.model.Resource> T resource(FhirReceiverServer.Received received,
                                                                          Class<T> type) {
        return received.bundle().getEntry().stream().map(e -> e.getResource()).filter(type::isInstance).map(type::cast)
                .findFirst().orElseThrow();
    }

    private List<String> ledgerTypes(UUID trackingId) {
        return jdbc.queryForList("SELECT event_type FROM ledger_event WHERE tracking_id = ? ORDER BY id", String.class,
                trackingId);
    }

    private String status(UUID trackingId) throws Exception {
        return JSON.readTree(get(POLICE_KEY, "/api/v1/referrals/" + trackingId).body()).get("status").asText();
    }

    private UUID submit(String body) throws Exception {
        var response = postReferral(POLICE_KEY, newRequestId(), body);
        assertThat(response.statusCode()).isEqualTo(202);
        return UUID.fromString(JSON.readTree(response.body()).get("trackingId").asText());
    }

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
