package org.junction.hub.decisions;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import org.junction.hub.agreements.AgreementApprovalStore;
import org.junction.hub.agreements.CurrentAgreements;
import org.junction.hub.demo.FhirReceiverServer;
import org.junction.hub.support.HubIntegrationTest;
import org.junction.hub.support.People;
import org.junction.hub.support.SampleReferrals;
import org.junction.security.governance.agreement.AgreementApproval;
import org.junction.security.identity.Role;
import org.junction.security.people.PersonAdministration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

/**
 * The decide step under information sharing agreements: a consented referral reaches the GP
 * minimised to the flow; without consent on an UNLESS_OVERRIDE flow it is held for the
 * decision-makers the flow authorises, who approve it (with a full record) or decline it through
 * the decisions API; volunteers never get a referral without consent; an agreement not approved
 * by every party permits nothing.
 */
class GovernedDecisionsIT extends HubIntegrationTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final LocalDate TODAY = LocalDate.now(ZoneOffset.UTC);
    private static final Path AGREEMENTS = CONFIG_DIR.resolve("agreements");

    @Autowired
    AgreementApprovalStore approvals;
    @Autowired
    CurrentAgreements current;
    @Autowired
    PersonAdministration people;

    @BeforeEach
    void agreementsInForce() throws IOException {
        clearAgreements();
        Files.createDirectories(AGREEMENTS);
        Files.writeString(AGREEMENTS.resolve("police-health-test.yaml"), POLICE_HEALTH.formatted(TODAY.minusDays(30),
                TODAY, TODAY.plusYears(1)));
        Files.writeString(AGREEMENTS.resolve("police-council-test.yaml"), POLICE_COUNCIL.formatted(TODAY.minusDays(30),
                TODAY, TODAY.plusYears(1)));
        var reload = reloadConfig(false);
        assertThat(reload.statusCode()).as(reload.body()).isEqualTo(200);
        for (String organisation : List.of("police-test", "gp-test", "volunteer-test")) {
            approvals.approve(new AgreementApproval("police-health-test", 1, organisation), "ig-" + organisation,
                    Instant.now());
        }
        // The council agreement has only the police force's approval: not in force.
        approvals.approve(new AgreementApproval("police-council-test", 1, "police-test"), "ig-police-test",
                Instant.now());
        current.refresh();
    }

    @AfterEach
    void agreementsRemoved() {
        removeAgreementsAndReload();
    }

    @Test
    void aConsentedReferralReachesTheGpWithOnlyWhatTheFlowAllows() throws Exception {
        UUID trackingId = post(SampleReferrals.police("9990000204", "Isolde", "Fairweather", "GIVEN"));

        FhirReceiverServer.Received received = awaitAtGp(trackingId);

        assertThat(received.patient().getIdentifierFirstRep().getValue()).isEqualTo("9990000204");
        assertThat(received.patient().getNameFirstRep().getFamily()).isEqualTo("Fairweather");
        assertThat(received.patient().getAddress()).as("the flow withholds the address").isEmpty();
        assertThat(received.patient().hasBirthDate()).as("the flow withholds the birth date").isFalse();
        assertThat(decisions(trackingId)).containsExactly("gp-test:1:PERMIT:CONSENT_GIVEN:CONSENT_AGREEMENT");
        var row = jdbc.queryForMap("""
                SELECT agreement_id, agreement_version, flow_id, consent_id, legal_basis_codes, disclosed_items,
                    withheld_items, disclosed_categories FROM sharing_decision WHERE tracking_id = ?""", trackingId);
        assertThat(row.get("agreement_id")).isEqualTo("police-health-test");
        assertThat(row.get("agreement_version")).isEqualTo(1);
        assertThat(row.get("flow_id")).isEqualTo("police-to-gp");
        assertThat(row.get("consent_id")).isNotNull();
        assertThat((String) row.get("legal_basis_codes")).contains("6(1)(e)");
        assertThat((String) row.get("disclosed_items")).contains("SUBJECT_NHS_NUMBER").doesNotContain("SUBJECT_ADDRESS");
        assertThat((String) row.get("withheld_items")).contains("SUBJECT_ADDRESS");
        assertThat((String) row.get("disclosed_categories")).contains("IDENTITY").doesNotContain("CONTACT");
        assertThat(ledger(trackingId)).contains("DECIDED:gp-test:PERMIT:CONSENT_GIVEN");
        var event = jdbc.queryForMap("""
                SELECT basis_kind, basis_codes, agreement_id, agreement_version, flow_id, consent_id, decision_maker,
                    data_categories FROM ledger_event WHERE tracking_id = ? AND event_type = 'DECIDED'""", trackingId);
        assertThat(event.get("basis_kind")).as("the ledger alone says what the PERMIT rested on")
                .isEqualTo("CONSENT_AGREEMENT");
        assertThat((String) event.get("basis_codes")).contains("6(1)(e)");
        assertThat(event.get("agreement_id")).isEqualTo("police-health-test");
        assertThat(event.get("agreement_version")).isEqualTo(1);
        assertThat(event.get("flow_id")).isEqualTo("police-to-gp");
        assertThat(event.get("consent_id")).isEqualTo(row.get("consent_id"));
        assertThat(event.get("decision_maker")).as("the hub decided").isNull();
        assertThat(((String) event.get("data_categories")).split(" ")).contains("IDENTITY").doesNotContain("CONTACT");
    }

    @Test
    void withoutConsentTheReferralIsHeldAndAnApprovedDecisionDeliversItToTheGp() throws Exception {
        UUID trackingId = post(SampleReferrals.police("9990000212", "Perpetua", "Lindqvist", "NOT_ASKED"));
        JsonNode item = awaitPending(trackingId);

        assertThat(item.get("reasonHeld").asText()).isEqualTo("DECISION_REQUIRED");
        assertThat(item.get("recipient").asText()).isEqualTo("gp-test");
        assertThat(item.at("/payload/resourceType").asText()).isEqualTo("Bundle");
        assertThat(item.get("payload").toString()).contains("9990000212").doesNotContain("Larkspur");
        assertThat(Instant.parse(item.get("decideBy").asText())).isAfter(Instant.parse(item.get("waitingSince").asText()));
        assertThat(decisions(trackingId)).containsExactly("gp-test:1:HOLD:DECISION_REQUIRED:null");
        // Raised once the hold has committed, on the alerts' own thread.
        await().atMost(Duration.ofSeconds(10))
                .until(() -> openAlerts("DECISION_WAITING", item.get("id").asText()) == 1);
        assertThat(count("ledger_event WHERE event_type = 'DECISION_VIEWED' AND actor = 'decision-maker-test'"))
                .isPositive();
        assertThat(GP.received()).noneMatch(r -> trackingId.equals(r.trackingId()));
        JsonNode status = JSON.readTree(get(POLICE_KEY, "/api/v1/referrals/" + trackingId).body());
        assertThat(status.get("status").asText()).isEqualTo("HELD");
        assertThat(status.at("/recipients/gp-test").asText()).isEqualTo("HELD");

        var incomplete = decide(DECISION_MAKER_KEY, item.get("id").asText(),
                approval().replace("\"justification\": \"" + JUSTIFICATION + "\"", "\"justification\": \"brief\""));
        assertThat(incomplete.statusCode()).isEqualTo(422);
        assertThat(JSON.readTree(incomplete.body()).get("fields").toString()).contains("justification");

        var approved = decide(DECISION_MAKER_KEY, item.get("id").asText(), approval());

        assertThat(approved.statusCode()).as(approved.body()).isEqualTo(200);
        JsonNode answer = JSON.readTree(approved.body());
        assertThat(answer.get("verdict").asText()).isEqualTo("PERMIT");
        assertThat(answer.get("basisKind").asText()).isEqualTo("OVERRIDE");
        assertThat(answer.get("generation").asInt()).isEqualTo(2);
        FhirReceiverServer.Received received = awaitAtGp(trackingId);
        assertThat(received.patient().getAddress()).isEmpty();
        assertThat(decisions(trackingId)).containsExactly("gp-test:1:HOLD:DECISION_REQUIRED:null",
                "gp-test:2:PERMIT:OVERRIDE_RECORDED:OVERRIDE");
        assertThat(ledger(trackingId)).containsSubsequence("DECIDED:gp-test:HOLD:DECISION_REQUIRED",
                "DECISION_APPROVED:gp-test:APPROVED:NOT_SOUGHT_RISK", "DECIDED:gp-test:PERMIT:OVERRIDE_RECORDED");
        assertThat(jdbc.queryForObject("""
                SELECT actor FROM ledger_event WHERE tracking_id = ? AND event_type = 'DECISION_APPROVED'""",
                String.class, trackingId)).isEqualTo("decision-maker-test");
        var permit = jdbc.queryForMap("""
                SELECT basis_kind, basis_codes, decision_id, decision_maker FROM ledger_event
                WHERE tracking_id = ? AND event_type = 'DECIDED' AND generation = 2""", trackingId);
        assertThat(permit.get("basis_kind")).isEqualTo("OVERRIDE");
        assertThat((String) permit.get("basis_codes")).contains("9(2)(g)+DPA2018-Sch1-para18");
        assertThat(permit.get("decision_id").toString()).isEqualTo(answer.get("decisionId").asText());
        assertThat(permit.get("decision_maker")).isEqualTo("decision-maker-test");

        assertThat(decide(DECISION_MAKER_KEY, item.get("id").asText(), approval()).statusCode())
                .as("decided once only").isEqualTo(409);
        JsonNode overrides = JSON.readTree(get(IG_POLICE_KEY, "/api/v1/decisions/overrides").body()).get("overrides");
        assertThat(overrides).anySatisfy(o -> {
            assertThat(o.get("trackingId").asText()).isEqualTo(trackingId.toString());
            assertThat(o.get("decidedBy").asText()).isEqualTo("decision-maker-test");
            assertThat(o.get("decisionId").asText()).isEqualTo(answer.get("decisionId").asText());
        });
        assertThat(JSON.readTree(get(COUNCIL_IG_LEAD_KEY, "/api/v1/decisions/overrides").body()).get("overrides"))
                .as("not a party to the agreement").isEmpty();
    }

    @Test
    void aDeclinedHeldReferralIsDeniedAndNothingIsSent() throws Exception {
        UUID trackingId = post(SampleReferrals.police("9990000220", "Casimir", "Oakhurst", "NOT_ASKED"));
        JsonNode item = awaitPending(trackingId);

        var declined = decide(DECISION_MAKER_KEY, item.get("id").asText(), "{\"decision\": \"DECLINE\"}");

        assertThat(declined.statusCode()).as(declined.body()).isEqualTo(200);
        assertThat(JSON.readTree(declined.body()).get("verdict").asText()).isEqualTo("DENY");
        assertThat(decisions(trackingId)).containsExactly("gp-test:1:HOLD:DECISION_REQUIRED:null",
                "gp-test:2:DENY:DECLINED_BY_DECISION_MAKER:null");
        assertThat(ledger(trackingId)).containsSubsequence("DECIDED:gp-test:HOLD:DECISION_REQUIRED",
                "DECISION_DECLINED:gp-test:DECLINED:DECISION_REQUIRED", "DECIDED:gp-test:DENY:DECLINED_BY_DECISION_MAKER");
        assertThat(pending(DECISION_MAKER_KEY)).noneMatch(p -> p.get("trackingId").asText().equals(trackingId.toString()));
        Thread.sleep(500);
        assertThat(GP.received()).noneMatch(r -> trackingId.equals(r.trackingId()));
        assertThat(count("outbox WHERE tracking_id = '" + trackingId + "' AND recipient_partner_id IS NOT NULL"))
                .isZero();
    }

    @Test
    void aDecisionMakerWhoseTitleTheFlowDoesNotAuthoriseSeesNothingAndCannotDecide() throws Exception {
        UUID trackingId = post(SampleReferrals.police("9990000239", "Wilhelmina", "Strand", "NOT_ASKED"));
        JsonNode item = awaitPending(trackingId);
        var issued = people.add("sergeant-" + UUID.randomUUID().toString().substring(0, 8), "police-test",
                Set.of(Role.DECISION_MAKER), List.of("Response Sergeant"), false, "TEST");
        People.Session sergeant = People.logIn(uri("/api/v1/login"), issued);

        var list = send(sergeant.request(uri("/api/v1/decisions/pending")).GET().build());
        var decided = send(sergeant.post(uri("/api/v1/decisions/" + item.get("id").asText()), approval()));

        assertThat(list.statusCode()).isEqualTo(200);
        assertThat(JSON.readTree(list.body()).get("pending")).isEmpty();
        assertThat(decided.statusCode()).isEqualTo(403);
        assertThat(decided.body()).contains("decisionMaker.title");
        var outsider = People.logIn(uri("/api/v1/login"), people.add("outsider-"
                + UUID.randomUUID().toString().substring(0, 8), "gp-test", Set.of(Role.DECISION_MAKER),
                List.of("Duty Inspector"), false, "TEST"));
        assertThat(send(outsider.post(uri("/api/v1/decisions/" + item.get("id").asText()), approval())).statusCode())
                .as("another organisation's held referral is answered as absent").isEqualTo(404);
        assertThat(pending(DECISION_MAKER_KEY)).anyMatch(p -> p.get("trackingId").asText().equals(trackingId.toString()));
    }

    @Test
    void aHeldReferralWaitingPastTheFlowsMaximumRaisesAnAlert() throws Exception {
        UUID trackingId = post(SampleReferrals.police("9990000247", "Leopold", "Marchbank", "NOT_ASKED"));
        String id = awaitPending(trackingId).get("id").asText();

        await().atMost(Duration.ofSeconds(15)).until(() -> openAlerts("DECISION_OVERDUE", id) == 1);

        decide(DECISION_MAKER_KEY, id, "{\"decision\": \"DECLINE\"}");
        await().atMost(Duration.ofSeconds(10)).until(() -> openAlerts("DECISION_OVERDUE", id) == 0);
    }

    @Test
    void theVolunteerPlatformGetsNothingWithoutConsent() throws Exception {
        String body = SampleReferrals.police("9990000255", "Rosalind", "Ashgrove", "NOT_ASKED").replace("PATSFTY", "SUPNWK");
        UUID trackingId = post(body);

        await().atMost(Duration.ofSeconds(20)).until(() -> !decisions(trackingId).isEmpty());

        assertThat(decisions(trackingId)).containsExactly(
                "volunteer-test:1:DENY:CONSENT_REQUIRED_FOR_NON_STATUTORY_RECIPIENT:null");
    }

    @Test
    void anAgreementNotApprovedByEveryPartyPermitsNothing() throws Exception {
        String body = SampleReferrals.police("9990000263", "Augustin", "Whitlow", "GIVEN").replace("PATSFTY", "COC");
        UUID trackingId = post(body);

        await().atMost(Duration.ofSeconds(20)).until(() -> !decisions(trackingId).isEmpty());

        assertThat(decisions(trackingId)).containsExactly("council-test:1:DENY:ISA_NOT_APPROVED:null");
        assertThat(ledger(trackingId)).contains("DECIDED:council-test:DENY:ISA_NOT_APPROVED");
    }

    private static final String JUSTIFICATION = "High DASH risk: asking would alert the alleged perpetrator";

    static String approval() {
        return """
                {"decision": "APPROVE", "reason": "NOT_SOUGHT_RISK",
                 "basisCodes": ["6(1)(e)", "9(2)(g)+DPA2018-Sch1-para18"],
                 "riskEvidence": {"tool": "DASH", "grade": "HIGH", "assessor": "PC 4471"},
                 "justification": "%s",
                 "subjectInformed": "DEFERRED", "notInformedReason": "Telling the subject now would raise the risk"}
                """.formatted(JUSTIFICATION);
    }

    private HttpResponse<String> decide(String key, String id, String body) {
        return postJson(key, "/api/v1/decisions/" + id, "application/json", body);
    }

    private List<JsonNode> pending(String key) throws IOException {
        var response = get(key, "/api/v1/decisions/pending");
        assertThat(response.statusCode()).isEqualTo(200);
        List<JsonNode> items = new java.util.ArrayList<>();
        JSON.readTree(response.body()).get("pending").forEach(items::add);
        return items;
    }

    private JsonNode awaitPending(UUID trackingId) {
        await().atMost(Duration.ofSeconds(20)).until(() -> pending(DECISION_MAKER_KEY).stream()
                .anyMatch(p -> p.get("trackingId").asText().equals(trackingId.toString())));
        try {
            return pending(DECISION_MAKER_KEY).stream()
                    .filter(p -> p.get("trackingId").asText().equals(trackingId.toString())).findFirst().orElseThrow();
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    private int openAlerts(String kind, String subject) {
        Integer n = jdbc.queryForObject("SELECT COUNT(*) FROM operations_alert WHERE kind = ? AND subject = ? AND state = 'OPEN'",
                Integer.class, kind, subject);
        return n == null ? 0 : n;
    }

    private UUID post(String body) throws Exception {
        var response = postReferral(POLICE_KEY, newRequestId(), body);
        assertThat(response.statusCode()).isEqualTo(202);
        return UUID.fromString(JSON.readTree(response.body()).get("trackingId").asText());
    }

    private FhirReceiverServer.Received awaitAtGp(UUID trackingId) {
        await().atMost(Duration.ofSeconds(20)).until(() -> GP.received().stream()
                .anyMatch(r -> trackingId.equals(r.trackingId())));
        return GP.received().stream().filter(r -> trackingId.equals(r.trackingId())).findFirst().orElseThrow();
    }

    private List<String> decisions(UUID trackingId) {
        return jdbc.query("""
                SELECT recipient_partner_id, generation, outcome, reason_code, basis_kind FROM sharing_decision
                WHERE tracking_id = ? ORDER BY generation, id""",
                (rs, i) -> rs.getString(1) + ":" + rs.getInt(2) + ":" + rs.getString(3) + ":" + rs.getString(4) + ":"
                        + rs.getString(5), trackingId);
    }

    private List<String> ledger(UUID trackingId) {
        return jdbc.query("""
                SELECT event_type, recipient_partner_id, outcome, reason_code FROM ledger_event
                WHERE tracking_id = ? AND event_type <> 'DECISION_VIEWED' ORDER BY id""",
                (rs, i) -> rs.getString(1) + ":" + rs.getString(2) + ":" + rs.getString(3) + ":" + rs.getString(4),
                trackingId);
    }

    /**
     * The police force shares with the GP practice (minimised: no address, birth date, narrative
     * or officer) unless consent is missing, when a Duty Inspector of the force decides; with the
     * volunteer platform only with consent.
     */
    static final String POLICE_HEALTH = """
            id: police-health-test
            version: 1
            status: ACTIVE
            title: Police referrals to the practice and the befrienders
            owner: {organisation: police-test, role: Data Protection Officer}
            parties:
              - {organisation: police-test, name: Police, role: CONTROLLER, regime: PART3}
              - {organisation: gp-test, name: Practice, role: CONTROLLER, regime: UKGDPR}
              - {organisation: volunteer-test, name: Befrienders, role: CONTROLLER, regime: UKGDPR}
            effective-from: %s
            review-date: %s
            expires: %s
            flows:
              - id: police-to-gp
                from: police-test
                to: gp-test
                purposes: [PATSFTY]
                referral-types: [PPN_DOMESTIC_ABUSE]
                data-items: [referral.envelope, subject.nhs-number, subject.name, subject.gender, referral.concerns,
                             referral.risk]
                data-categories: [REFERRAL, IDENTITY, DOMESTIC_ABUSE, MENTAL_HEALTH]
                lawful-basis: {art6: 6(1)(e), art9: 9(2)(g)+DPA2018-Sch1-para18, part3: DPA2018-s35+Sch8-para4,
                               common-law: OVERRIDING_PUBLIC_INTEREST}
                consent-rule: UNLESS_OVERRIDE
                override-allowed: true
                decision-makers:
                  - {organisation: police-test, title: Duty Inspector}
                maximum-decision-wait: PT3S
                classification: {marking: OFFICIAL-SENSITIVE, descriptors: [PERSONAL]}
                retention: {recipient: P6Y, hub-transit: P30D, audit-log: P8Y, disposal: secure-erase}
              - id: police-to-befrienders
                from: police-test
                to: volunteer-test
                purposes: [SUPNWK]
                referral-types: [PPN_DOMESTIC_ABUSE]
                data-items: [referral.envelope, subject.name]
                data-categories: [REFERRAL, IDENTITY]
                lawful-basis: {art6: 6(1)(e), part3: DPA2018-s35+Sch8-para4, common-law: CONSENT}
                consent-rule: ALWAYS
                maximum-decision-wait: PT4H
                classification: {marking: OFFICIAL, descriptors: [PERSONAL]}
                retention: {recipient: P2Y, hub-transit: P30D, audit-log: P8Y, disposal: secure-erase}
            """;

    /** The council has not approved this one yet. */
    static final String POLICE_COUNCIL = """
            id: police-council-test
            version: 1
            status: ACTIVE
            title: Police referrals to the council
            owner: {organisation: police-test, role: Data Protection Officer}
            parties:
              - {organisation: police-test, name: Police, role: CONTROLLER, regime: PART3}
              - {organisation: council-test, name: Council, role: CONTROLLER, regime: UKGDPR}
            effective-from: %s
            review-date: %s
            expires: %s
            flows:
              - id: police-to-council
                from: police-test
                to: council-test
                purposes: [COC]
                referral-types: [PPN_DOMESTIC_ABUSE]
                data-items: [referral.envelope, subject.name]
                data-categories: [REFERRAL, IDENTITY]
                lawful-basis: {art6: 6(1)(e), part3: DPA2018-s35+Sch8-para4, common-law: CONSENT}
                consent-rule: ALWAYS
                maximum-decision-wait: PT4H
                classification: {marking: OFFICIAL, descriptors: [PERSONAL]}
                retention: {recipient: P2Y, hub-transit: P30D, audit-log: P8Y, disposal: secure-erase}
            """;
}
