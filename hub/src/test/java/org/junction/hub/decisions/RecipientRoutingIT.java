package org.junction.hub.decisions;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import org.junction.hub.agreements.AgreementApprovalStore;
import org.junction.hub.agreements.CurrentAgreements;
import org.junction.hub.support.HubIntegrationTest;
import org.junction.hub.support.People;
import org.junction.hub.support.SampleReferrals;
import org.junction.security.identity.Role;
import org.junction.security.people.PersonAdministration;
import org.junction.security.governance.agreement.AgreementApproval;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

/**
 * Recipients chosen by the area routing table: a referral asking for a GP goes to the subject's
 * registered practice, one asking for the CRU to the MASH covering the subject's postcode
 * district; a recipient named outside the subject's area is held as MISDIRECTION_SUSPECTED. A
 * referral flagging an immediate risk to life goes on vital interests where the flow allows, and
 * owes a decision record the sender's IG leads are alerted to, at once and again when overdue.
 */
class RecipientRoutingIT extends HubIntegrationTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final LocalDate TODAY = LocalDate.now(ZoneOffset.UTC);
    private static final Path AGREEMENTS = CONFIG_DIR.resolve("agreements");
    private static final Path AREA_ROUTING = CONFIG_DIR.resolve("area-routing.yaml");
    private static final List<String> EXTRA_PARTNERS = List.of("council-north", "mash-test", "gp-other");

    @Autowired
    AgreementApprovalStore approvals;
    @Autowired
    CurrentAgreements current;
    @Autowired
    VitalInterestsWatch watch;
    @Autowired
    PersonAdministration people;

    @BeforeEach
    void routingTableAndAgreementInForce() throws IOException {
        writePartner("council-north", """
                id: council-north
                name: Northshire Council
                kind: COUNCIL
                sink: { type: rest-json, endpoint: "%s/council-north/referrals", mapper: council-referral-json-v1 }
                """.formatted(VOLUNTEER.baseUrl()));
        writePartner("mash-test", """
                id: mash-test
                name: Testshire MASH
                kind: MASH
                sink: { type: rest-json, endpoint: "%s/mash/referrals", mapper: mash-referral-json-v1 }
                """.formatted(VOLUNTEER.baseUrl()));
        writePartner("gp-other", """
                id: gp-other
                name: Other Street Surgery
                kind: HEALTH
                sink: { type: fhir-r4, endpoint: "%s", mapper: fhir-bars-r4-v1 }
                """.formatted(GP.baseUrl()));
        Files.writeString(AREA_ROUTING, """
                postcode-districts:
                  DT1: [council-test, mash-test]
                  NR1: [council-north]
                practices:
                  A81001: gp-test
                  A81002: gp-other
                """);
        clearAgreements();
        Files.createDirectories(AGREEMENTS);
        Files.writeString(AGREEMENTS.resolve("routing-test.yaml"), AGREEMENT.formatted(TODAY.minusDays(30), TODAY,
                TODAY.plusYears(1)));
        var reload = reloadConfig(false);
        assertThat(reload.statusCode()).as(reload.body()).isEqualTo(200);
        for (String organisation : List.of("police-test", "gp-test", "gp-other", "council-test", "council-north",
                "mash-test")) {
            approvals.approve(new AgreementApproval("routing-test", 1, organisation), "ig-" + organisation,
                    Instant.now());
        }
        current.refresh();
    }

    @AfterEach
    void routingTableAndAgreementRemoved() throws IOException {
        Files.deleteIfExists(AREA_ROUTING);
        EXTRA_PARTNERS.forEach(HubIntegrationTest::deletePartnerFile);
        removeAgreementsAndReload();
    }

    @Test
    void theReloadDiffNamesTheAreaRoutingEntries() throws Exception {
        Files.writeString(AREA_ROUTING, Files.readString(AREA_ROUTING).replace("  NR1: [council-north]\n",
                "  NR1: [council-north]\n  NR2: [council-north]\n"));

        var dryRun = reloadConfig(true);

        assertThat(dryRun.statusCode()).as(dryRun.body()).isEqualTo(200);
        assertThat(JSON.readTree(dryRun.body()).at("/diff/areas/added").toString()).contains("district NR2");
    }

    @Test
    void aReferralAskingForAGpGoesToTheSubjectsRegisteredPractice() throws Exception {
        UUID trackingId = post(referral("9990000271", "Ottoline", "Brackley", "GIVEN")
                .replace("\"purpose\": \"PATSFTY\",", "\"purpose\": \"PATSFTY\", \"recipientKind\": \"GP\",")
                .replace("\"gender\": \"female\",", "\"gender\": \"female\", \"gpOdsCode\": \"A81002\","));

        await().atMost(Duration.ofSeconds(20)).until(() -> !decisions(trackingId).isEmpty());

        assertThat(decisions(trackingId)).containsExactly("gp-other:1:PERMIT:CONSENT_GIVEN:CONSENT_AGREEMENT");
    }

    @Test
    void aReferralAskingForTheCruGoesToTheMashOfTheSubjectsDistrict() throws Exception {
        UUID trackingId = post(referral("9990000298", "Barnaby", "Quillfeather", "GIVEN")
                .replace("\"purpose\": \"PATSFTY\",", "\"purpose\": \"PATSFTY\", \"recipientKind\": \"CRU\","));

        await().atMost(Duration.ofSeconds(20)).until(() -> !decisions(trackingId).isEmpty());

        assertThat(decisions(trackingId)).containsExactly("mash-test:1:PERMIT:CONSENT_GIVEN:CONSENT_AGREEMENT");
    }

    @Test
    void aNamedRecipientOutsideTheSubjectsDistrictIsHeldAsMisdirectionSuspected() throws Exception {
        UUID trackingId = post(referral("9990000301", "Clementine", "Harrowgate", "GIVEN")
                .replace("\"purpose\": \"PATSFTY\",", "\"purpose\": \"PATSFTY\", \"recipientPartner\": \"council-north\","));

        JsonNode item = awaitPending(trackingId);

        assertThat(item.get("recipient").asText()).isEqualTo("council-north");
        assertThat(item.get("reasonHeld").asText()).isEqualTo("MISDIRECTION_SUSPECTED");
        assertThat(decisions(trackingId)).containsExactly("council-north:1:HOLD:MISDIRECTION_SUSPECTED:null");
        assertThat(ledger(trackingId)).contains("DECIDED:council-north:HOLD:MISDIRECTION_SUSPECTED");
    }

    @Test
    void aNamedRecipientServingTheSubjectsDistrictIsDecidedForAlone() throws Exception {
        UUID trackingId = post(referral("9990000328", "Desmond", "Fairclough", "GIVEN")
                .replace("\"purpose\": \"PATSFTY\",", "\"purpose\": \"PATSFTY\", \"recipientPartner\": \"council-test\","));

        await().atMost(Duration.ofSeconds(20)).until(() -> !decisions(trackingId).isEmpty());

        assertThat(decisions(trackingId)).containsExactly("council-test:1:PERMIT:CONSENT_GIVEN:CONSENT_AGREEMENT");
    }

    @Test
    void aVitalInterestsShareIsDeliveredOwesARecordAndAlertsUntilTheRecordIsMade() throws Exception {
        UUID trackingId = post(vitalInterests("9990000336", "Evangeline", "Thornbury"));

        await().atMost(Duration.ofSeconds(20)).until(() -> GP.received().stream()
                .anyMatch(r -> trackingId.equals(r.trackingId())));
        assertThat(decisions(trackingId)).containsExactly("gp-test:1:PERMIT:VITAL_INTERESTS:VITAL_INTERESTS");
        JsonNode owed = awaitOutstanding(IG_POLICE_KEY, trackingId);
        String id = owed.get("id").asText();
        assertThat(owed.get("recipient").asText()).isEqualTo("gp-test");
        assertThat(owed.get("overdue").asBoolean()).isFalse();
        assertThat(Duration.between(Instant.parse(owed.get("sharedAt").asText()),
                Instant.parse(owed.get("recordDue").asText()))).isEqualTo(Duration.ofHours(24));
        assertThat(owed.toString()).doesNotContain("Evangeline").doesNotContain("Thornbury");
        await().atMost(Duration.ofSeconds(10))
                .until(() -> openAlerts("VITAL_INTERESTS_SHARED", "police-test", id) == 1);
        assertThat(outstanding(DECISION_MAKER_KEY)).anyMatch(o -> o.get("id").asText().equals(id));
        assertThat(outstanding(COUNCIL_IG_LEAD_KEY)).as("another organisation's referral").isEmpty();

        // A decision-maker of another organisation is told there is no such share, before and after the record.
        People.Session outsider = People.logIn(uri("/api/v1/login"), people.add("outsider-"
                + UUID.randomUUID().toString().substring(0, 8), "council-test", Set.of(Role.DECISION_MAKER),
                List.of("Duty Inspector"), false, "TEST"));
        var recordPath = uri("/api/v1/decisions/vital-interests/" + id + "/record");
        assertThat(send(outsider.post(recordPath, GovernedDecisionsIT.approval())).statusCode()).isEqualTo(404);
        var incomplete = record(id, GovernedDecisionsIT.approval().replace("\"NOT_SOUGHT_RISK\"", "\"\""));
        assertThat(incomplete.statusCode()).isEqualTo(422);
        assertThat(JSON.readTree(incomplete.body()).get("fields").toString()).contains("reason");
        var recorded = record(id, GovernedDecisionsIT.approval());

        assertThat(recorded.statusCode()).as(recorded.body()).isEqualTo(200);
        assertThat(JSON.readTree(recorded.body()).get("result").asText()).isEqualTo("RECORDED");
        assertThat(record(id, GovernedDecisionsIT.approval()).statusCode()).as("recorded once only").isEqualTo(409);
        assertThat(send(outsider.post(recordPath, GovernedDecisionsIT.approval())).statusCode())
                .as("another organisation cannot tell a recorded share from none").isEqualTo(404);
        assertThat(outstanding(IG_POLICE_KEY)).noneMatch(o -> o.get("id").asText().equals(id));
        assertThat(openAlerts("VITAL_INTERESTS_SHARED", "police-test", id)).isZero();
        assertThat(ledger(trackingId)).containsSubsequence("DECIDED:gp-test:PERMIT:VITAL_INTERESTS",
                "VITAL_INTERESTS_RECORD_DUE:gp-test:DUE:VITAL_INTERESTS",
                "VITAL_INTERESTS_RECORDED:gp-test:RECORDED:NOT_SOUGHT_RISK");
        assertThat(jdbc.queryForObject("""
                SELECT actor FROM ledger_event WHERE tracking_id = ? AND event_type = 'VITAL_INTERESTS_RECORDED'""",
                String.class, trackingId)).isEqualTo("decision-maker-test");
        assertThat(jdbc.queryForObject("SELECT recorded_by FROM vital_interests_record WHERE id = ?", String.class,
                UUID.fromString(id))).isEqualTo("decision-maker-test");
        var details = jdbc.queryForMap("""
                SELECT agreement_id, flow_id, decision_id, decision_maker FROM ledger_event
                WHERE tracking_id = ? AND event_type = 'VITAL_INTERESTS_RECORDED'""", trackingId);
        assertThat(details.get("agreement_id")).as("the record's agreement").isNotNull();
        assertThat(details.get("flow_id")).as("the record's flow").isNotNull();
        assertThat(details.get("decision_id")).as("the record's decision").isNotNull();
        assertThat(details.get("decision_maker")).isEqualTo("decision-maker-test");
    }

    @Test
    void aVitalInterestsRecordNotMadeInTimeAlertsAgain() throws Exception {
        UUID trackingId = post(vitalInterests("9990000344", "Florian", "Westerby"));
        String id = awaitOutstanding(DECISION_MAKER_KEY, trackingId).get("id").asText();
        jdbc.update("UPDATE vital_interests_record SET record_due = ? WHERE id = ?",
                java.time.OffsetDateTime.now(ZoneOffset.UTC).minusMinutes(1), UUID.fromString(id));

        watch.check();

        assertThat(openAlerts("VITAL_INTERESTS_RECORD_OVERDUE", "police-test", id)).isEqualTo(1);
        assertThat(ledger(trackingId)).contains("VITAL_INTERESTS_RECORD_OVERDUE:gp-test:OVERDUE:VITAL_INTERESTS");
        assertThat(outstanding(IG_POLICE_KEY)).anySatisfy(o -> {
            assertThat(o.get("id").asText()).isEqualTo(id);
            assertThat(o.get("overdue").asBoolean()).isTrue();
        });
        watch.check();
        assertThat(count("ledger_event WHERE event_type = 'VITAL_INTERESTS_RECORD_OVERDUE' AND tracking_id = '"
                + trackingId + "'")).as("alerted once").isEqualTo(1);

        assertThat(record(id, GovernedDecisionsIT.approval()).statusCode()).isEqualTo(200);
        assertThat(openAlerts("VITAL_INTERESTS_RECORD_OVERDUE", "police-test", id)).isZero();
        assertThat(ledger(trackingId)).contains("VITAL_INTERESTS_RECORDED:gp-test:RECORDED_LATE:NOT_SOUGHT_RISK");
    }

    @Test
    void aTerminatedAgreementCannotBeApproved() throws Exception {
        Files.writeString(AGREEMENTS.resolve("terminated-test.yaml"), AGREEMENT.formatted(TODAY.minusDays(30), TODAY,
                TODAY.plusYears(1)).replace("id: routing-test", "id: terminated-test")
                .replace("status: ACTIVE", "status: TERMINATED"));
        assertThat(reloadConfig(false).statusCode()).isEqualTo(200);

        var refused = postJson(IG_POLICE_KEY, "/api/v1/admin/agreements/terminated-test/1/approvals",
                "application/json", "{}");

        assertThat(refused.statusCode()).isEqualTo(409);
        assertThat(refused.headers().firstValue("Content-Type").orElse("")).contains("application/problem+json");
        assertThat(JSON.readTree(refused.body()).get("detail").asText()).contains("TERMINATED");
        assertThat(count("agreement_approval WHERE agreement_id = 'terminated-test'")).isZero();
    }

    private static String referral(String nhsNumber, String given, String family, String consent) {
        return SampleReferrals.police(nhsNumber, given, family, consent);
    }

    /** No consent asked: an immediate risk to life, for the subject's registered practice. */
    private static String vitalInterests(String nhsNumber, String given, String family) {
        return referral(nhsNumber, given, family, "NOT_ASKED")
                .replace("\"purpose\": \"PATSFTY\",",
                        "\"purpose\": \"PATSFTY\", \"recipientKind\": \"GP\", \"immediateRiskToLife\": true,")
                .replace("\"gender\": \"female\",", "\"gender\": \"female\", \"gpOdsCode\": \"A81001\",");
    }

    private java.net.http.HttpResponse<String> record(String id, String body) {
        return postJson(DECISION_MAKER_KEY, "/api/v1/decisions/vital-interests/" + id + "/record", "application/json",
                body);
    }

    private List<JsonNode> outstanding(String key) throws IOException {
        var response = get(key, "/api/v1/decisions/vital-interests");
        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        List<JsonNode> items = new ArrayList<>();
        JSON.readTree(response.body()).get("outstanding").forEach(items::add);
        return items;
    }

    private JsonNode awaitOutstanding(String key, UUID trackingId) throws IOException {
        await().atMost(Duration.ofSeconds(20)).until(() -> outstanding(key).stream()
                .anyMatch(o -> o.get("trackingId").asText().equals(trackingId.toString())));
        return outstanding(key).stream().filter(o -> o.get("trackingId").asText().equals(trackingId.toString()))
                .findFirst().orElseThrow();
    }

    private List<JsonNode> pending() throws IOException {
        var response = get(DECISION_MAKER_KEY, "/api/v1/decisions/pending");
        assertThat(response.statusCode()).isEqualTo(200);
        List<JsonNode> items = new ArrayList<>();
        JSON.readTree(response.body()).get("pending").forEach(items::add);
        return items;
    }

    private JsonNode awaitPending(UUID trackingId) throws IOException {
        await().atMost(Duration.ofSeconds(20)).until(() -> pending().stream()
                .anyMatch(p -> p.get("trackingId").asText().equals(trackingId.toString())));
        return pending().stream().filter(p -> p.get("trackingId").asText().equals(trackingId.toString()))
                .findFirst().orElseThrow();
    }

    private int openAlerts(String kind, String partner, String subject) {
        Integer n = jdbc.queryForObject("""
                SELECT COUNT(*) FROM operations_alert WHERE kind = ? AND partner_id = ? AND subject = ? AND state = 'OPEN'""",
                Integer.class, kind, partner, subject);
        return n == null ? 0 : n;
    }

    private UUID post(String body) throws Exception {
        var response = postReferral(POLICE_KEY, newRequestId(), body);
        assertThat(response.statusCode()).as(response.body()).isEqualTo(202);
        return UUID.fromString(JSON.readTree(response.body()).get("trackingId").asText());
    }

    private List<String> decisions(UUID trackingId) {
        return jdbc.query("""
                SELECT recipient_partner_id, generation, outcome, reason_code, basis_kind FROM sharing_decision
                WHERE tracking_id = ? ORDER BY generation, recipient_partner_id""",
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

    private static final String FLOW = """
              - id: police-to-%1$s
                from: police-test
                to-kind: %2$s
                purposes: [PATSFTY]
                referral-types: [PPN_DOMESTIC_ABUSE]
                data-items: [referral.envelope, subject.nhs-number, subject.name, subject.gender, referral.concerns,
                             referral.risk]
                data-categories: [REFERRAL, IDENTITY, DOMESTIC_ABUSE, MENTAL_HEALTH]
                lawful-basis: {art6: 6(1)(e), art9: 9(2)(g)+DPA2018-Sch1-para18, part3: DPA2018-s35+Sch8-para4,
                               common-law: OVERRIDING_PUBLIC_INTEREST}
                consent-rule: UNLESS_OVERRIDE
                override-allowed: true
                vital-interests: {allowed: true, retrospective-record-within: PT24H}
                decision-makers:
                  - {organisation: police-test, title: Duty Inspector}
                maximum-decision-wait: PT4H
                classification: {marking: OFFICIAL-SENSITIVE, descriptors: [PERSONAL]}
                retention: {recipient: P6Y, hub-transit: P30D, audit-log: P8Y, disposal: secure-erase}
            """;

    /** Police referrals to the practice, the council and the MASH serving the subject's area. */
    private static final String AGREEMENT = """
            id: routing-test
            version: 1
            status: ACTIVE
            title: Police referrals routed by area
            owner: {organisation: police-test, role: Data Protection Officer}
            parties:
              - {organisation: police-test, name: Police, role: CONTROLLER, regime: PART3}
              - {organisation: gp-test, name: Practice, role: CONTROLLER, regime: UKGDPR}
              - {organisation: gp-other, name: Other practice, role: CONTROLLER, regime: UKGDPR}
              - {organisation: council-test, name: Council, role: CONTROLLER, regime: UKGDPR}
              - {organisation: council-north, name: Northshire, role: CONTROLLER, regime: UKGDPR}
              - {organisation: mash-test, name: MASH, role: CONTROLLER, regime: UKGDPR}
            effective-from: %s
            review-date: %s
            expires: %s
            flows:
            """ + FLOW.formatted("health", "HEALTH") + FLOW.formatted("council", "COUNCIL")
            + FLOW.formatted("mash", "MASH");
}
