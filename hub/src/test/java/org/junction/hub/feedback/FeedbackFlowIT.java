package org.junction.hub.feedback;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.UUID;
import org.junction.hub.agreements.AgreementApprovalStore;
import org.junction.hub.agreements.CurrentAgreements;
import org.junction.hub.support.HubIntegrationTest;
import org.junction.hub.support.SampleReferrals;
import org.junction.mappings.fhir.JunctionSystems;
import org.junction.security.governance.agreement.AgreementApproval;
import org.junction.security.identity.ApiKeys;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

/**
 * A recipient's feedback reaches the referral's sender through the sender's own sink, along the
 * reverse flow of the agreement the referral went out under: the practice's words go on only
 * where that flow allows free text; feedback from a partner never sent the referral is refused
 * and recorded.
 */
class FeedbackFlowIT extends HubIntegrationTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String GP_KEY = "test-feedback-gp-key-0001";
    private static final String NOTICES_PATH = "/police/feedback";
    private static final Path PARTNERS = CONFIG_DIR.resolve("partners");

    @Autowired
    AgreementApprovalStore approvals;
    @Autowired
    CurrentAgreements current;

    private String gpFile;

    @BeforeEach
    void theGpMayReportAndThePoliceCanReceive() throws Exception {
        gpFile = Files.readString(PARTNERS.resolve("gp-test.yaml"));
        writePartner("gp-test", gpFile + """
                api-key-sha256: %s
                sources:
                  - { type: fhir-r4, mapper: fhir-feedback-r4-v1 }
                """.formatted(ApiKeys.sha256Hex(GP_KEY)));
        writePartner("police-test", police(true));
        VOLUNTEER.stubFor(post(urlEqualTo(NOTICES_PATH)).willReturn(aResponse().withStatus(201)));
    }

    @AfterEach
    void restore() {
        writePartner("gp-test", gpFile);
        writePartner("police-test", police(false));
        removeAgreementsAndReload();
        VOLUNTEER.resetAll();
    }

    @Test
    void underAFreeTextReverseFlowThePracticesWordsReachTheSender() throws Exception {
        agree("feedback-free-text-test", "FREE_TEXT");
        UUID trackingId = deliveredToGp(RecallNhs.of(410));

        assertThat(task(trackingId, "Patient is not registered with this practice.").statusCode()).isEqualTo(201);

        JsonNode feedback = awaitFeedback(trackingId);
        assertThat(feedback.get("messageType").asText()).isEqualTo("FEEDBACK");
        assertThat(feedback.get("status").asText()).isEqualTo("rejected");
        assertThat(feedback.get("reason").asText()).isEqualTo("Patient is not registered with this practice.");
        assertThat(ledger(trackingId)).isEqualTo("FREE_TEXT");
    }

    @Test
    void underAStatusOnlyReverseFlowTheSenderGetsTheStatusAndCodeOnly() throws Exception {
        agree("feedback-status-only-test", "STATUS_ONLY");
        UUID trackingId = deliveredToGp(RecallNhs.of(430));

        assertThat(task(trackingId, "Patient is not registered with this practice.").statusCode()).isEqualTo(201);

        JsonNode feedback = awaitFeedback(trackingId);
        assertThat(feedback.get("status").asText()).isEqualTo("rejected");
        assertThat(feedback.get("outcomeCode").asText()).isNotBlank();
        assertThat(feedback.has("reason")).isFalse();
        assertThat(feedback.toString()).doesNotContain("registered");
        assertThat(ledger(trackingId)).isEqualTo("STATUS_ONLY");
        assertThat(jdbc.queryForObject("SELECT allowed FROM feedback_forward WHERE tracking_id = ?", String.class,
                trackingId)).isEqualTo("STATUS_ONLY");
    }

    @Test
    void feedbackFromAPartnerNeverSentTheReferralIsRefusedAndRecorded() throws Exception {
        agree("feedback-refused-test", "FREE_TEXT");
        UUID notDelivered = UUID.randomUUID();

        var refused = task(notDelivered, "Not ours.");

        assertThat(refused.statusCode()).isIn(403, 404, 422);
        assertThat(JSON.readTree(refused.body()).get("resourceType").asText()).isEqualTo("OperationOutcome");
        assertThat(jdbc.queryForObject("""
                SELECT COUNT(*) FROM ledger_event WHERE event_type = 'FEEDBACK_REFUSED' AND actor = 'gp-test'
                AND tracking_id = ?""", Integer.class, notDelivered)).isEqualTo(1);
        assertThat(jdbc.queryForObject("SELECT COUNT(*) FROM feedback_forward WHERE tracking_id = ?", Integer.class,
                notDelivered)).isZero();
    }

    private void agree(String id, String feedback) throws Exception {
        LocalDate today = LocalDate.now(ZoneOffset.UTC);
        clearAgreements();
        Path file = CONFIG_DIR.resolve("agreements").resolve(id + ".yaml");
        Files.createDirectories(file.getParent());
        Files.writeString(file, AGREEMENT_YAML.formatted(id, today.minusDays(30), today, today.plusYears(1), feedback));
        var reload = reloadConfig(false);
        assertThat(reload.statusCode()).as(reload.body()).isEqualTo(200);
        for (String organisation : List.of("police-test", "gp-test")) {
            approvals.approve(new AgreementApproval(id, 1, organisation), "ig-" + organisation, Instant.now());
        }
        current.refresh();
    }

    private UUID deliveredToGp(String nhs) throws Exception {
        var response = postReferral(POLICE_KEY, newRequestId(), SampleReferrals.police(nhs, "Corwen", "Aldgate", "GIVEN"));
        assertThat(response.statusCode()).isEqualTo(202);
        UUID trackingId = UUID.fromString(JSON.readTree(response.body()).get("trackingId").asText());
        await().atMost(Duration.ofSeconds(30)).until(() -> jdbc.queryForObject("""
                SELECT COUNT(*) FROM ledger_event WHERE tracking_id = ? AND event_type = 'DELIVERED'
                AND recipient_partner_id = 'gp-test'""", Integer.class, trackingId) > 0);
        return trackingId;
    }

    private HttpResponse<String> task(UUID trackingId, String reason) throws Exception {
        var task = JSON.createObjectNode().put("resourceType", "Task").put("status", "rejected").put("intent", "order")
                .put("lastModified", Instant.now().minus(1, ChronoUnit.MINUTES).truncatedTo(ChronoUnit.SECONDS).toString());
        task.putArray("basedOn").addObject().put("type", "ServiceRequest").putObject("identifier")
                .put("system", JunctionSystems.TRACKING_ID).put("value", trackingId.toString());
        task.putObject("statusReason").put("text", reason);
        return send(HttpRequest.newBuilder(uri("/fhir/Task")).header("X-API-Key", GP_KEY)
                .header("Content-Type", "application/fhir+json").header("X-Request-ID", newRequestId())
                .POST(HttpRequest.BodyPublishers.ofString(JSON.writeValueAsString(task))).build());
    }

    private JsonNode awaitFeedback(UUID trackingId) throws Exception {
        String body = await().atMost(Duration.ofSeconds(20)).until(() -> VOLUNTEER.findAll(
                postRequestedFor(urlEqualTo(NOTICES_PATH))).stream().map(r -> r.getBodyAsString())
                .filter(b -> b.contains(trackingId.toString()) && b.contains("FEEDBACK")).findFirst().orElse(null),
                b -> b != null);
        return JSON.readTree(body);
    }

    private String ledger(UUID trackingId) {
        return jdbc.queryForObject("""
                SELECT outcome FROM ledger_event WHERE tracking_id = ? AND event_type = 'FEEDBACK_FORWARDED'""",
                String.class, trackingId);
    }

    private String police(boolean withSink) {
        return """
                id: police-test
                name: Testshire Police
                kind: POLICE
                api-key-sha256: %s
                sources:
                  - { type: rest-json, mapper: police-referral-json-v1 }
                  - { type: rest-json, mapper: police-referral-xml-v1 }
                  - { type: fhir-r4, mapper: fhir-consent-r4-v1 }
                """.formatted(ApiKeys.sha256Hex(POLICE_KEY)) + (withSink
                ? "sink: { type: rest-json, endpoint: \"%s%s\", mapper: council-referral-json-v1 }\n"
                        .formatted(VOLUNTEER.baseUrl(), NOTICES_PATH) : "");
    }

    /** NHS numbers from the 999 test range with a valid check digit. */
    static final class RecallNhs {
        static String of(int seed) {
            return org.junction.hub.notices.RejectionNoticeIT.nhsNumber(seed);
        }
    }

    private static final String AGREEMENT_YAML = """
            id: %1$s
            version: 1
            status: ACTIVE
            title: Police referrals to the practice, with feedback
            owner: {organisation: police-test, role: Data Protection Officer}
            parties:
              - {organisation: police-test, name: Police, role: CONTROLLER, regime: PART3}
              - {organisation: gp-test, name: Practice, role: CONTROLLER, regime: UKGDPR}
            effective-from: %2$s
            review-date: %3$s
            expires: %4$s
            flows:
              - id: police-to-gp
                from: police-test
                to: gp-test
                purposes: [PATSFTY]
                referral-types: [PPN_DOMESTIC_ABUSE]
                data-items: [referral.envelope, subject.nhs-number, subject.name]
                data-categories: [REFERRAL, IDENTITY]
                lawful-basis: {art6: 6(1)(e), part3: DPA2018-s35+Sch8-para4, statutory-gateways: [CA2004-s11],
                               common-law: STATUTE}
                consent-rule: NEVER
                decision-makers:
                  - {organisation: police-test, title: Duty Inspector}
                maximum-decision-wait: PT1H
                classification: {marking: OFFICIAL-SENSITIVE, descriptors: [PERSONAL]}
                retention: {recipient: P6Y, hub-transit: P30D, audit-log: P8Y, disposal: secure-erase}
            reverse-flows:
              - {flow: police-to-gp, feedback: %5$s}
            """;
}
