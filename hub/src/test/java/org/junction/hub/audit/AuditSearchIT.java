package org.junction.hub.audit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.URLEncoder;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junction.hub.agreements.AgreementApprovalStore;
import org.junction.hub.agreements.CurrentAgreements;
import org.junction.hub.support.HubIntegrationTest;
import org.junction.hub.support.SampleReferrals;
import org.junction.security.crypto.EnvelopeCipher;
import org.junction.security.governance.agreement.AgreementApproval;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

/**
 * IG leads search the ledger by a person's NHS number (the hub pseudonymises it), filter and page
 * the answer, and see only what their organisation sent or received; every search is recorded.
 * Subject access reports list the disclosures about a person, leave out restricted ones until the
 * source's IG lead releases them, and record each withholding. IG leads review approved overrides once.
 */
class AuditSearchIT extends HubIntegrationTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final LocalDate TODAY = LocalDate.now(ZoneOffset.UTC);
    private static final Path AGREEMENTS = CONFIG_DIR.resolve("agreements");
    private static final String REASON = "Subject access request SAR-0077 received from the data subject";

    @Autowired
    AgreementApprovalStore approvals;
    @Autowired
    CurrentAgreements current;
    @Autowired
    EnvelopeCipher cipher;

    @BeforeEach
    void agreementsInForce() throws IOException {
        clearAgreements();
        Files.createDirectories(AGREEMENTS);
        Files.writeString(AGREEMENTS.resolve("police-health-test.yaml"),
                org.junction.hub.decisions.GovernedDecisionsITAccess.policeHealth()
                        .formatted(TODAY.minusDays(30), TODAY, TODAY.plusYears(1)));
        assertThat(reloadConfig(false).statusCode()).isEqualTo(200);
        for (String organisation : List.of("police-test", "gp-test", "volunteer-test")) {
            approvals.approve(new AgreementApproval("police-health-test", 1, organisation), "ig-" + organisation,
                    Instant.now());
        }
        current.refresh();
    }

    @AfterEach
    void agreementsRemoved() {
        removeAgreementsAndReload();
    }

    @Test
    void searchBySubjectIsScopedFilteredPagedAndRecorded() throws Exception {
        String nhs = "9990003009";
        UUID mine = delivered(SampleReferrals.police(nhs, "Marisol", "Quenby"));
        UUID other = delivered(SampleReferrals.police("9990003017", "Tamsin", "Oddfellow"));

        var found = search(IG_POLICE_KEY, "nhsNumber=" + nhs);
        assertThat(found.statusCode()).as(found.body()).isEqualTo(200);
        assertThat(found.body()).as("no identifier, no pseudonym").doesNotContain(nhs).doesNotContain("pseudonym");
        List<JsonNode> events = events(found);
        assertThat(events).extracting(e -> e.get("trackingId").asText()).contains(mine.toString())
                .doesNotContain(other.toString());
        assertThat(events).extracting(e -> e.get("type").asText()).contains("RECEIVED", "DECIDED", "DELIVERED");
        String searchEvent = JSON.readTree(found.body()).get("searchEventId").asText();

        var decided = events(search(IG_POLICE_KEY, "nhsNumber=" + nhs.substring(0, 3) + "%20" + nhs.substring(3)
                + "&eventType=decided&partner=gp-test"));
        assertThat(decided).hasSize(1);
        assertThat(decided.get(0).get("outcome").asText()).isEqualTo("PERMIT");
        assertThat(decided.get(0).get("agreementId").asText()).isEqualTo("police-health-test");
        assertThat(decided.get(0).get("dataCategories")).isNotEmpty();
        assertThat(events(search(IG_POLICE_KEY, "nhsNumber=" + nhs + "&eventType=DECIDED&outcome=DENY"))).isEmpty();
        assertThat(events(search(IG_POLICE_KEY, "nhsNumber=" + nhs + "&from=" + TODAY.plusDays(1)))).isEmpty();

        var firstPage = JSON.readTree(search(IG_POLICE_KEY, "nhsNumber=" + nhs + "&size=1").body());
        var secondPage = JSON.readTree(search(IG_POLICE_KEY, "nhsNumber=" + nhs + "&size=1&page=1").body());
        assertThat(firstPage.get("more").asBoolean()).isTrue();
        assertThat(firstPage.get("events")).hasSize(1);
        assertThat(secondPage.get("events").get(0).get("eventId"))
                .isNotEqualTo(firstPage.get("events").get(0).get("eventId"));

        assertThat(events(search(COUNCIL_IG_LEAD_KEY, "nhsNumber=" + nhs))).as("another organisation sees nothing")
                .isEmpty();
        List<JsonNode> recipientSide = events(search(IG_GP_KEY, "nhsNumber=" + nhs));
        assertThat(recipientSide).extracting(e -> e.get("type").asText()).contains("DECIDED", "DELIVERED")
                .doesNotContain("RECEIVED");
        assertThat(events(search(IG_LEAD_KEY, "nhsNumber=" + nhs))).as("hub-wide").isNotEmpty();
        assertThat(search(ADMIN_KEY, "nhsNumber=" + nhs).statusCode()).as("admins run the hub, not its audit")
                .isEqualTo(403);
        var posted = postJson(IG_POLICE_KEY, "/api/v1/audit/search", "application/json",
                "{\"nhsNumber\": \"" + nhs + "\", \"eventType\": \"DELIVERED\", \"reason\": \"" + REASON + "\"}");
        assertThat(posted.statusCode()).as(posted.body()).isEqualTo(200);
        assertThat(events(posted)).hasSize(1);

        Map<String, Object> searched = jdbc.queryForMap("""
                SELECT id, actor, reason_code, outcome FROM ledger_event WHERE event_id = ? AND event_type = 'SEARCHED'""",
                UUID.fromString(searchEvent));
        assertThat(searched.get("actor")).isEqualTo("ig-police-test");
        assertThat(searched.get("outcome")).isEqualTo("FOUND");
        String criteria = jdbc.queryForObject("SELECT criteria FROM audit_reason WHERE event_id = ?", String.class,
                UUID.fromString(searchEvent));
        assertThat(criteria).contains("subject=NHS_NUMBER").doesNotContain(nhs);
        byte[] sealed = jdbc.queryForObject("SELECT reason FROM audit_reason WHERE event_id = ?", byte[].class,
                UUID.fromString(searchEvent));
        assertThat(searched.get("reason_code")).isEqualTo(AuditReasons.digest(UUID.fromString(searchEvent), criteria,
                sealed));
        assertThat(new String(sealed, StandardCharsets.ISO_8859_1)).doesNotContain("SAR-0077");
        assertThat(new String(cipher.open(sealed, AuditReasons.aad(UUID.fromString(searchEvent))),
                StandardCharsets.UTF_8)).isEqualTo(REASON);
        assertThat(jdbc.queryForList("SELECT pseudonym FROM ledger_subject WHERE ledger_event_id = ?", String.class,
                searched.get("id"))).as("the search is found with the subject's events")
                .containsAnyElementsOf(jdbc.queryForList("""
                        SELECT s.pseudonym FROM ledger_subject s JOIN ledger_event e ON e.id = s.ledger_event_id
                        WHERE e.tracking_id = ? AND e.event_type = 'DECIDED'""", String.class, mine));

        var badNumber = search(IG_POLICE_KEY, "nhsNumber=9990003010");
        assertThat(badNumber.statusCode()).isEqualTo(400);
        assertThat(JSON.readTree(badNumber.body()).at("/errors/0/field").asText()).isEqualTo("nhsNumber");
        assertThat(badNumber.body()).doesNotContain("9990003010");
        assertThat(get(IG_POLICE_KEY, "/api/v1/audit?nhsNumber=" + nhs).statusCode()).as("no reason").isEqualTo(400);
        assertThat(fields(search(IG_POLICE_KEY, "eventType=NOPE&size=1000&policeId=N1"))).contains("eventType", "size",
                "issuer");
        assertThat(fields(search(IG_POLICE_KEY, "nhsnumber=" + nhs))).containsExactly("nhsnumber");
    }

    @Test
    void subjectAccessReportWithholdsRestrictedDisclosuresUntilTheSourceReleasesThem() throws Exception {
        String nhs = "9990003025";
        UUID open = delivered(SampleReferrals.police(nhs, "Ottoline", "Varga"));
        UUID restricted = delivered(SampleReferrals.police(nhs, "Ottoline", "Varga")
                .replace("\"sourceRef\"", "\"restrictedDisclosure\": true, \"sourceRef\""));
        assertThat(jdbc.queryForObject("SELECT labels FROM ledger_event WHERE tracking_id = ? AND event_type = 'DECIDED'",
                String.class, restricted)).contains("RESTRICTED_DISCLOSURE");

        // Delivered again under the same generation (a redelivery): still one disclosure.
        jdbc.update("""
                INSERT INTO ledger_event (event_id, event_type, occurred_at, actor, tracking_id, sender_partner_id,
                    recipient_partner_id, purpose, outcome, generation)
                SELECT ?, event_type, occurred_at, actor, tracking_id, sender_partner_id, recipient_partner_id, purpose,
                    outcome, generation FROM ledger_event WHERE tracking_id = ? AND event_type = 'DELIVERED'""",
                UUID.randomUUID(), open);
        var csv = report(IG_POLICE_KEY, nhs, "csv");
        assertThat(csv.statusCode()).as(csv.body()).isEqualTo(200);
        assertThat(csv.headers().firstValue("Content-Type").orElse("")).startsWith("text/csv");
        assertThat(csv.headers().firstValue("X-Junction-Withheld")).hasValue("1");
        String[] lines = csv.body().split("\r\n");
        assertThat(lines).hasSize(2);
        assertThat(lines[0]).startsWith("\"Referral\",\"Shared by (organisation)\"");
        Map<String, Object> decided = jdbc.queryForMap("""
                SELECT basis_kind, agreement_version, data_categories FROM ledger_event
                WHERE tracking_id = ? AND event_type = 'DECIDED'""", open);
        assertThat(lines[1]).contains("\"" + open + "\"", "\"police-test\"", "\"gp-test\"", "\"PATSFTY\"",
                "\"" + decided.get("basis_kind") + "\"", "\"police-health-test\"",
                "\"" + decided.get("data_categories") + "\"");
        assertThat(csv.body()).doesNotContain(restricted.toString()).doesNotContain(nhs);
        UUID export = UUID.fromString(csv.headers().firstValue("X-Junction-Export-Event").orElseThrow());
        assertThat(jdbc.queryForObject("SELECT outcome FROM ledger_event WHERE event_id = ? AND event_type = 'EXPORTED'",
                String.class, export)).isEqualTo("CSV");
        assertThat(jdbc.queryForList("""
                SELECT actor FROM ledger_event WHERE tracking_id = ? AND event_type = 'DISCLOSURE_WITHHELD'""",
                String.class, restricted)).containsExactly("ig-police-test");

        var html = report(IG_POLICE_KEY, nhs, "html");
        assertThat(html.headers().firstValue("Content-Type").orElse("")).startsWith("text/html");
        assertThat(html.body()).contains("<table", open.toString(), "police-health-test")
                .doesNotContain(restricted.toString()).doesNotContain(nhs).doesNotContainIgnoringCase("withheld");

        assertThat(release(IG_GP_KEY, restricted).statusCode()).as("the recipient is not the source").isEqualTo(403);
        assertThat(release(COUNCIL_IG_LEAD_KEY, restricted).statusCode()).isEqualTo(404);
        assertThat(release(IG_POLICE_KEY, open).statusCode()).as("nothing to release").isEqualTo(409);
        var released = release(IG_POLICE_KEY, restricted);
        assertThat(released.statusCode()).as(released.body()).isEqualTo(201);
        assertThat(jdbc.queryForObject("""
                SELECT actor FROM ledger_event WHERE tracking_id = ? AND event_type = 'DISCLOSURE_RELEASED'""",
                String.class, restricted)).isEqualTo("ig-police-test");
        assertThat(release(IG_POLICE_KEY, restricted).statusCode()).isEqualTo(409);

        var after = report(IG_POLICE_KEY, nhs, "csv");
        assertThat(after.headers().firstValue("X-Junction-Withheld")).hasValue("0");
        assertThat(after.body()).contains(open.toString(), restricted.toString());
        assertThat(report(IG_GP_KEY, nhs, "csv").body()).as("the recipient's report").contains(open.toString(),
                restricted.toString());
        var council = report(COUNCIL_IG_LEAD_KEY, nhs, "csv");
        assertThat(council.body().split("\r\n")).as("nothing in the council's scope").hasSize(1);
        assertThat(report(IG_POLICE_KEY, "1234", "csv").statusCode()).isEqualTo(400);
    }

    @Test
    void anIgLeadOfAPartyReviewsAnApprovedOverrideOnce() throws Exception {
        var posted = postReferral(POLICE_KEY, newRequestId(),
                SampleReferrals.police("9990003033", "Isadora", "Penhallow", "NOT_ASKED"));
        UUID trackingId = UUID.fromString(JSON.readTree(posted.body()).get("trackingId").asText());
        String query = "SELECT id FROM held_decision WHERE tracking_id = ? AND state = 'PENDING'";
        await().atMost(Duration.ofSeconds(20)).until(() -> !jdbc.queryForList(query, String.class, trackingId).isEmpty());
        String heldId = jdbc.queryForList(query, String.class, trackingId).get(0);
        var approved = postJson(DECISION_MAKER_KEY, "/api/v1/decisions/" + heldId, "application/json",
                org.junction.hub.decisions.GovernedDecisionsITAccess.approval());
        assertThat(approved.statusCode()).as(approved.body()).isEqualTo(200);
        String decisionId = JSON.readTree(approved.body()).get("decisionId").asText();

        JsonNode listed = override(IG_POLICE_KEY, decisionId);
        assertThat(listed.get("review").isNull()).isTrue();
        String path = "/api/v1/decisions/overrides/" + decisionId + "/review";
        var noNote = postJson(IG_POLICE_KEY, path, "application/json", "{\"outcome\": \"CONCERN_RAISED\"}");
        assertThat(noNote.statusCode()).isEqualTo(400);
        assertThat(noNote.body()).contains("note");
        assertThat(postJson(COUNCIL_IG_LEAD_KEY, path, "application/json", "{\"outcome\": \"UPHELD\"}").statusCode())
                .as("not a party").isEqualTo(404);
        String note = "Risk evidence predates the incident by three months; ask the inspector to revisit.";
        var reviewed = postJson(IG_POLICE_KEY, path, "application/json",
                "{\"outcome\": \"CONCERN_RAISED\", \"note\": \"" + note + "\"}");
        assertThat(reviewed.statusCode()).as(reviewed.body()).isEqualTo(201);
        UUID eventId = UUID.fromString(JSON.readTree(reviewed.body()).get("eventId").asText());
        Map<String, Object> event = jdbc.queryForMap("""
                SELECT actor, outcome, reason_code, decision_id FROM ledger_event
                WHERE event_id = ? AND event_type = 'OVERRIDE_REVIEWED'""", eventId);
        assertThat(event.get("actor")).isEqualTo("ig-police-test");
        assertThat(event.get("outcome")).isEqualTo("CONCERN_RAISED");
        assertThat(event.get("decision_id").toString()).isEqualTo(decisionId);
        assertThat(event.get("reason_code")).isEqualTo(AuditReasons.digest(eventId, "CONCERN_RAISED",
                jdbc.queryForObject("SELECT reason FROM audit_reason WHERE event_id = ?", byte[].class, eventId)));

        JsonNode review = override(IG_GP_KEY, decisionId).get("review");
        assertThat(review.get("outcome").asText()).isEqualTo("CONCERN_RAISED");
        assertThat(review.get("reviewedBy").asText()).isEqualTo("ig-police-test");
        assertThat(postJson(IG_GP_KEY, path, "application/json", "{\"outcome\": \"UPHELD\"}").statusCode())
                .as("one review per override").isEqualTo(409);
    }

    private JsonNode override(String key, String decisionId) throws IOException {
        var list = get(key, "/api/v1/decisions/overrides");
        assertThat(list.statusCode()).isEqualTo(200);
        for (JsonNode o : JSON.readTree(list.body()).get("overrides")) {
            if (o.get("decisionId").asText().equals(decisionId)) {
                return o;
            }
        }
        throw new AssertionError("override " + decisionId + " not listed");
    }

    private HttpResponse<String> search(String key, String query) {
        return get(key, "/api/v1/audit?" + query + "&reason=" + URLEncoder.encode(REASON, StandardCharsets.UTF_8));
    }

    private HttpResponse<String> report(String key, String nhs, String format) {
        return postJson(key, "/api/v1/audit/subject-access", "application/json",
                "{\"nhsNumber\": \"" + nhs + "\", \"format\": \"" + format + "\", \"reason\": \"" + REASON + "\"}");
    }

    private HttpResponse<String> release(String key, UUID trackingId) {
        return postJson(key, "/api/v1/audit/releases", "application/json",
                "{\"trackingId\": \"" + trackingId + "\", \"reason\": \"The police disclosure officer agreed release\"}");
    }

    private static List<JsonNode> events(HttpResponse<String> response) throws IOException {
        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        List<JsonNode> events = new ArrayList<>();
        JSON.readTree(response.body()).get("events").forEach(events::add);
        return events;
    }

    private static List<String> fields(HttpResponse<String> response) throws IOException {
        assertThat(response.statusCode()).as(response.body()).isEqualTo(400);
        List<String> fields = new ArrayList<>();
        JSON.readTree(response.body()).get("errors").forEach(e -> fields.add(e.get("field").asText()));
        return fields;
    }

    private UUID delivered(String body) throws Exception {
        var response = postReferral(POLICE_KEY, newRequestId(), body);
        assertThat(response.statusCode()).as(response.body()).isEqualTo(202);
        UUID trackingId = UUID.fromString(JSON.readTree(response.body()).get("trackingId").asText());
        await().atMost(Duration.ofSeconds(30)).until(() -> jdbc.queryForObject(
                "SELECT COUNT(*) FROM ledger_event WHERE tracking_id = ? AND event_type = 'DELIVERED'", Integer.class,
                trackingId) > 0);
        return trackingId;
    }
}
