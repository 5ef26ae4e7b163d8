package org.junction.hub.feedback;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.Map;
import java.util.UUID;
import jakarta.jms.Connection;
import jakarta.jms.MessageProducer;
import jakarta.jms.Session;
import jakarta.jms.TextMessage;
import org.apache.qpid.jms.JmsConnectionFactory;
import org.junction.adapters.jms.JmsMessageProperties;
import org.junction.adapters.jms.PartnerAddresses;
import org.junction.hub.support.HubIntegrationTest;
import org.junction.hub.support.SampleReferrals;
import org.junction.mappings.fhir.JunctionSystems;
import org.junction.security.identity.ApiKeys;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * Recipients report back on referrals the hub delivered to them: the volunteer platform in its
 * JSON outcome format, the GP practice as a FHIR Task. The referrer reads the outcome in its
 * referral's timeline; a partner that was not sent the referral learns nothing about it.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class FeedbackIT extends HubIntegrationTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String VOLUNTEER_KEY = "test-volunteer-key-0001";
    private static final String GP_KEY = "test-gp-key-0001";
    private static final String FHIR_JSON = "application/fhir+json";
    private static final Path PARTNERS = CONFIG_DIR.resolve("partners");

    private String volunteerFile;
    private String gpFile;

    /** The volunteer platform and the GP practice get API keys and outcome sources for this class only. */
    @BeforeAll
    void recipientsMayReportBack() throws IOException {
        volunteerFile = Files.readString(PARTNERS.resolve("volunteer-test.yaml"));
        gpFile = Files.readString(PARTNERS.resolve("gp-test.yaml"));
        writePartner("volunteer-test", volunteerFile + """
                api-key-sha256: %s
                sources:
                  - { type: rest-json, mapper: volunteer-outcome-json-v1 }
                  - { type: jms, mapper: volunteer-outcome-json-v1 }
                """.formatted(ApiKeys.sha256Hex(VOLUNTEER_KEY)));
        writePartner("gp-test", gpFile + """
                api-key-sha256: %s
                sources:
                  - { type: fhir-r4, mapper: fhir-feedback-r4-v1 }
                """.formatted(ApiKeys.sha256Hex(GP_KEY)));
        assertThat(reloadConfig(false).statusCode()).isEqualTo(200);
    }

    @AfterAll
    void restorePartners() {
        writePartner("volunteer-test", volunteerFile);
        writePartner("gp-test", gpFile);
        assertThat(reloadConfig(false).statusCode()).isEqualTo(200);
    }

    @AfterEach
    void resetPlatform() {
        VOLUNTEER.resetAll();
    }

    @Test
    void volunteerOutcomesShowInTheReferrersTimelineAsCodesOnly() throws Exception {
        UUID trackingId = deliveredToVolunteer("9990001006");

        var engaged = postOutcome(VOLUNTEER_KEY, newRequestId(), volunteerOutcome(trackingId, "ENGAGED", null,
                "Weekly befriending visits on Tuesdays, first one booked."));

        assertThat(engaged.statusCode()).isEqualTo(202);
        JsonNode receipt = JSON.readTree(engaged.body());
        assertThat(receipt.get("referralTrackingId").asText()).isEqualTo(trackingId.toString());
        assertThat(receipt.get("duplicate").asBoolean()).isFalse();
        JsonNode status = referralStatus(trackingId);
        assertThat(status.get("status").asText()).isEqualTo("DELIVERED");
        assertThat(status.get("recipients").get("volunteer-test").asText()).isEqualTo("IN_PROGRESS");
        assertThat(status.get("timeline")).filteredOn(s -> s.get("status").asText().equals("IN_PROGRESS"))
                .singleElement().satisfies(step -> {
                    assertThat(step.get("recipient").asText()).isEqualTo("volunteer-test");
                    assertThat(step.get("outcome").asText()).isEqualTo("ENGAGED");
                    assertThat(step.get("reason").isNull()).isTrue();
                });

        var declined = postOutcome(VOLUNTEER_KEY, newRequestId(), volunteerOutcome(trackingId, "DECLINED",
                "Would rather wait until his daughter is back from abroad.", null));

        assertThat(declined.statusCode()).isEqualTo(202);
        JsonNode later = referralStatus(trackingId);
        assertThat(later.get("recipients").get("volunteer-test").asText()).isEqualTo("COMPLETED");
        assertThat(later.get("timeline")).extracting(s -> s.get("status").asText())
                .containsSubsequence("DELIVERED", "IN_PROGRESS", "COMPLETED");
        // The recipient's own words stay in the encrypted outcome, never in the status API or the columns.
        assertThat(later.toString()).doesNotContain("daughter", "befriending");
        assertThat(jdbc.query("""
                SELECT outcome, reason_code FROM ledger_event
                WHERE tracking_id = ? AND event_type = 'OUTCOME_RECEIVED' AND recipient_partner_id = 'volunteer-test'
                ORDER BY id""", (rs, i) -> rs.getString(1) + ":" + rs.getString(2), trackingId))
                .containsExactly("in-progress:ENGAGED", "completed:DECLINED");
        for (byte[] payload : jdbc.queryForList("SELECT payload FROM referral_outcome WHERE referral_tracking_id = ?",
                byte[].class, trackingId)) {
            assertThat(new String(payload, StandardCharsets.ISO_8859_1)).doesNotContain("daughter", "befriending",
                    "ENGAGED", "DECLINED");
        }
        // The outcome is the referrer's to read, not the reporting recipient's.
        assertThat(get(VOLUNTEER_KEY, "/api/v1/referrals/" + trackingId).statusCode()).isEqualTo(404);
    }

    @Test
    void repeatedRequestIdStoresNothingNew() throws Exception {
        UUID trackingId = deliveredToVolunteer("9990001014");
        String requestId = newRequestId();
        String body = volunteerOutcome(trackingId, "ENGAGED", null, null);

        var first = postOutcome(VOLUNTEER_KEY, requestId, body);
        int outcomes = count("referral_outcome");
        int events = count("ledger_event");
        var repeat = postOutcome(VOLUNTEER_KEY, requestId, volunteerOutcome(trackingId, "CLOSED", null, null));

        assertThat(first.statusCode()).isEqualTo(202);
        assertThat(repeat.statusCode()).isEqualTo(202);
        assertThat(JSON.readTree(repeat.body()).get("duplicate").asBoolean()).isTrue();
        assertThat(JSON.readTree(repeat.body()).get("outcomeId").asText())
                .isEqualTo(JSON.readTree(first.body()).get("outcomeId").asText());
        assertThat(count("referral_outcome")).isEqualTo(outcomes);
        assertThat(count("ledger_event")).isEqualTo(events);
        assertThat(referralStatus(trackingId).get("recipients").get("volunteer-test").asText()).isEqualTo("IN_PROGRESS");
    }

    @Test
    void outcomeFromAPartnerThatWasNotSentTheReferralIsAnsweredAsForAnUnknownOne() throws Exception {
        UUID toGp = deliveredToGp("9990001022", null);

        var notSentToIt = postOutcome(VOLUNTEER_KEY, newRequestId(), volunteerOutcome(toGp, "ENGAGED", null, null));
        var unknown = postOutcome(VOLUNTEER_KEY, newRequestId(), volunteerOutcome(UUID.randomUUID(), "ENGAGED", null, null));

        assertThat(notSentToIt.statusCode()).isEqualTo(404);
        assertThat(unknown.statusCode()).isEqualTo(404);
        assertThat(JSON.readTree(notSentToIt.body())).isEqualTo(JSON.readTree(unknown.body()));
        assertThat(JSON.readTree(notSentToIt.body()).get("errors")).extracting(e -> e.get("field").asText())
                .containsExactly("referralId");
        assertThat(jdbc.queryForObject("SELECT COUNT(*) FROM referral_outcome WHERE referral_tracking_id = ?",
                Integer.class, toGp)).isZero();
        assertThat(referralStatus(toGp).get("recipients").get("gp-test").asText()).isEqualTo("DELIVERED");
        // A partner with no outcome source may not report at all.
        assertThat(postOutcome(POLICE_KEY, newRequestId(), volunteerOutcome(toGp, "ENGAGED", null, null)).statusCode())
                .isEqualTo(403);
    }

    @Test
    void malformedOutcomeIsRefusedNamingTheFieldAndNothingIsStored() throws Exception {
        int outcomes = count("referral_outcome");

        var response = postOutcome(VOLUNTEER_KEY, newRequestId(), """
                {"outcome": "ENGAGED", "outcomeDate": "%s"}""".formatted(LocalDate.now(ZoneOffset.UTC)));

        assertThat(response.statusCode()).isEqualTo(400);
        assertThat(response.headers().firstValue("Content-Type")).hasValueSatisfying(
                t -> assertThat(t).startsWith("application/problem+json"));
        assertThat(JSON.readTree(response.body()).get("errors")).extracting(e -> e.get("field").asText())
                .contains("referralId");
        assertThat(count("referral_outcome")).isEqualTo(outcomes);
        var noRequestId = send(HttpRequest.newBuilder(uri("/api/v1/outcomes")).header("X-API-Key", VOLUNTEER_KEY)
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(volunteerOutcome(UUID.randomUUID(), "ENGAGED", null, null)))
                .build());
        assertThat(noRequestId.statusCode()).isEqualTo(400);
        assertThat(JSON.readTree(noRequestId.body()).get("errors").get(0).get("field").asText()).isEqualTo("X-Request-ID");
    }

    @Test
    void gpRejectionAsFhirTaskShowsAsRejectedWithItsReasonCode() throws Exception {
        UUID trackingId = deliveredToGp("9990001030", null);
        String requestId = newRequestId();
        String task = task("rejected", JunctionSystems.TRACKING_ID, trackingId.toString(),
                "Patient is not registered with this practice.");

        var response = postFhir(GP_KEY, "/fhir/Task", requestId, task);

        assertThat(response.statusCode()).isEqualTo(201);
        assertThat(JSON.readTree(response.body()).get("resourceType").asText()).isEqualTo("OperationOutcome");
        JsonNode status = referralStatus(trackingId);
        assertThat(status.get("recipients").get("gp-test").asText()).isEqualTo("REJECTED");
        assertThat(status.get("timeline")).filteredOn(s -> s.get("status").asText().equals("REJECTED"))
                .singleElement().satisfies(step -> {
                    assertThat(step.get("recipient").asText()).isEqualTo("gp-test");
                    assertThat(step.get("outcome").asText()).isEqualTo("NOT_ACCEPTED");
                    assertThat(step.get("reason").asText()).isEqualTo("NOT_ACCEPTED");
                });
        assertThat(status.toString()).doesNotContain("registered");

        var repeat = postFhir(GP_KEY, "/fhir/Task", requestId, task);

        assertThat(repeat.statusCode()).isEqualTo(409);
        assertThat(JSON.readTree(repeat.body()).get("issue").get(0).get("code").asText()).isEqualTo("duplicate");
        assertThat(jdbc.queryForObject("SELECT COUNT(*) FROM referral_outcome WHERE referral_tracking_id = ?",
                Integer.class, trackingId)).isEqualTo(1);
    }

    @Test
    void gpTaskNamingTheReferralByTheReferrersReferenceIsLinked() throws Exception {
        String sourceRef = "PVP/2026/" + UUID.randomUUID().toString().substring(0, 8);
        UUID trackingId = deliveredToGp("9990001049", sourceRef);

        var response = postFhir(GP_KEY, "/fhir/Task", newRequestId(),
                task("accepted", JunctionSystems.SOURCE_REF, sourceRef, null));

        assertThat(response.statusCode()).isEqualTo(201);
        assertThat(referralStatus(trackingId).get("recipients").get("gp-test").asText()).isEqualTo("ACCEPTED");
        // The reference is kept only as a keyed pseudonym.
        assertThat(jdbc.queryForObject("SELECT source_ref_pseudonym FROM referral_reference WHERE tracking_id = ?",
                String.class, trackingId)).doesNotContain(sourceRef);
    }

    @Test
    void gpTaskAboutAReferralSentOnlyToTheVolunteerPlatformIsNotFound() throws Exception {
        UUID toVolunteer = deliveredToVolunteer("9990001057");

        var response = postFhir(GP_KEY, "/fhir/Task", newRequestId(),
                task("accepted", JunctionSystems.TRACKING_ID, toVolunteer.toString(), null));

        assertThat(response.statusCode()).isEqualTo(404);
        JsonNode issue = JSON.readTree(response.body()).get("issue").get(0);
        assertThat(issue.get("code").asText()).isEqualTo("not-found");
        assertThat(issue.get("expression").get(0).asText()).isEqualTo("Task.basedOn");
        assertThat(referralStatus(toVolunteer).get("recipients").get("volunteer-test").asText()).isEqualTo("DELIVERED");
    }

    @Test
    void taskPostedAsACommunicationIsRefusedNamingTheResourceType() throws Exception {
        var response = postFhir(GP_KEY, "/fhir/Communication", newRequestId(),
                task("accepted", JunctionSystems.TRACKING_ID, UUID.randomUUID().toString(), null));

        assertThat(response.statusCode()).isEqualTo(400);
        assertThat(JSON.readTree(response.body()).get("issue").get(0).get("expression").get(0).asText())
                .isEqualTo("resourceType");
    }

    @Test
    void outcomeSentOverTheBrokerIsLinkedLikeOneSentToTheApi() throws Exception {
        UUID trackingId = deliveredToVolunteer("9990001065");
        String requestId = newRequestId();

        try (Connection connection = new JmsConnectionFactory("amqp://127.0.0.1:" + BROKER_PORT)
                .createConnection("volunteer-test", VOLUNTEER_KEY);
             Session session = connection.createSession(false, Session.AUTO_ACKNOWLEDGE);
             MessageProducer producer = session.createProducer(
                     session.createQueue(PartnerAddresses.inbound("volunteer-test")))) {
            TextMessage message = session.createTextMessage(volunteerOutcome(trackingId, "CLOSED", null, null));
            message.setStringProperty(JmsMessageProperties.REQUEST_ID, requestId);
            producer.send(message);
        }

        await().atMost(Duration.ofSeconds(20)).until(() -> referralStatus(trackingId).get("recipients")
                .get("volunteer-test").asText().equals("COMPLETED"));
        assertThat(jdbc.queryForObject("SELECT request_id FROM referral_outcome WHERE referral_tracking_id = ?",
                String.class, trackingId)).isEqualTo(requestId);
    }

    @Test
    @SuppressWarnings("unchecked")
    void outcomeEndpointsAreDescribedInTheOpenApiDocument() {
        var document = (Map<String, Object>) new org.yaml.snakeyaml.Yaml()
                .load(get(POLICE_KEY, "/api/v1/openapi.yaml").body());

        assertThat((Map<String, Object>) document.get("paths"))
                .containsKeys("/api/v1/outcomes", "/fhir/Task", "/fhir/Communication");
    }

    private UUID deliveredToVolunteer(String nhsNumber) throws Exception {
        VOLUNTEER.stubFor(post(urlEqualTo("/referrals")).willReturn(aResponse().withStatus(201)
                .withHeader("Location", "/referrals/vp-" + nhsNumber)));
        String body = SampleReferrals.police(nhsNumber, "Tamsin", "Orrelly", "GIVEN").replace("PATSFTY", "SUPNWK");
        return awaitDelivered(postReferralFor(body), "volunteer-test");
    }

    private UUID deliveredToGp(String nhsNumber, String sourceRef) throws Exception {
        String body = SampleReferrals.police(nhsNumber, "Corwen", "Aldgate", "GIVEN");
        if (sourceRef != null) {
            body = body.replace("PVP/2026/000123", sourceRef);
        }
        return awaitDelivered(postReferralFor(body), "gp-test");
    }

    private UUID postReferralFor(String body) throws Exception {
        var response = postReferral(POLICE_KEY, newRequestId(), body);
        assertThat(response.statusCode()).isEqualTo(202);
        return UUID.fromString(JSON.readTree(response.body()).get("trackingId").asText());
    }

    private UUID awaitDelivered(UUID trackingId, String recipient) {
        await().atMost(Duration.ofSeconds(30)).until(() -> {
            JsonNode recipients = referralStatus(trackingId).get("recipients");
            return recipients.has(recipient) && recipients.get(recipient).asText().equals("DELIVERED");
        });
        return trackingId;
    }

    private JsonNode referralStatus(UUID trackingId) throws IOException {
        var response = get(POLICE_KEY, "/api/v1/referrals/" + trackingId);
        assertThat(response.statusCode()).isEqualTo(200);
        return JSON.readTree(response.body());
    }

    private HttpResponse<String> postOutcome(String apiKey, String requestId, String body) {
        return send(HttpRequest.newBuilder(uri("/api/v1/outcomes")).header("X-API-Key", apiKey)
                .header("Content-Type", "application/json").header("X-Request-ID", requestId)
                .POST(HttpRequest.BodyPublishers.ofString(body)).build());
    }

    private HttpResponse<String> postFhir(String apiKey, String path, String requestId, String body) {
        return send(HttpRequest.newBuilder(uri(path)).header("X-API-Key", apiKey)
                .header("Content-Type", FHIR_JSON).header("X-Request-ID", requestId)
                .POST(HttpRequest.BodyPublishers.ofString(body)).build());
    }

    private static String volunteerOutcome(UUID referralId, String outcome, String reason, String nextSteps)
            throws IOException {
        var doc = JSON.createObjectNode()
                .put("referralId", referralId.toString())
                .put("outcome", outcome)
                .put("outcomeDate", LocalDate.now(ZoneOffset.UTC).toString())
                .put("recordedByRole", "Volunteer coordinator");
        if (reason != null) {
            doc.put("reason", reason);
        }
        if (nextSteps != null) {
            doc.put("nextSteps", nextSteps);
        }
        return JSON.writeValueAsString(doc);
    }

    private static String task(String status, String referralSystem, String referralValue, String statusReason)
            throws IOException {
        var task = JSON.createObjectNode().put("resourceType", "Task").put("status", status).put("intent", "order")
                .put("lastModified", Instant.now().minus(1, ChronoUnit.MINUTES).truncatedTo(ChronoUnit.SECONDS).toString());
        task.putArray("basedOn").addObject().put("type", "ServiceRequest").putObject("identifier")
                .put("system", referralSystem).put("value", referralValue);
        if (statusReason != null) {
            task.putObject("statusReason").put("text", statusReason);
        }
        return JSON.writeValueAsString(task);
    }
}
