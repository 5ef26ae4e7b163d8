package org.junction.hub.agreements;

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
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import org.junction.hub.support.HubIntegrationTest;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

/**
 * Agreements as configuration, approved by each party's IG lead: an agreement reloaded from
 * {@code agreements/} is not in force until every party has approved that version; only a party's
 * IG lead approves, each approval is in the ledger, and an agreement in force about to expire
 * raises an alert.
 */
class AgreementsIT extends HubIntegrationTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String AGREEMENTS = "/api/v1/admin/agreements";
    private static final LocalDate TODAY = LocalDate.now(ZoneOffset.UTC);

    @Autowired
    CurrentAgreements current;

    @BeforeEach
    void onlyTheAgreementsOfTheTest() {
        clearAgreements();
    }

    @AfterEach
    void removeTheAgreements() {
        removeAgreementsAndReload();
    }

    @Test
    void anAgreementIsInForceOnlyOnceEveryPartysIgLeadHasApprovedThatVersion() throws Exception {
        writeAgreement("police-gp-test", 1, TODAY.plusYears(1));

        var reload = reloadConfig(false);

        assertThat(reload.statusCode()).isEqualTo(200);
        assertThat(texts(JSON.readTree(reload.body()).at("/diff/agreements/added"))).containsExactly("police-gp-test");
        JsonNode listed = agreement(ADMIN_KEY, "police-gp-test");
        assertThat(listed.get("standing").asText()).isEqualTo("NOT_APPROVED");
        assertThat(listed.get("reasonCode").asText()).isEqualTo("ISA_NOT_APPROVED");
        assertThat(texts(listed.get("awaiting"))).containsExactly("police-test", "gp-test");
        assertThat(listed.at("/flows/0/from").asText()).isEqualTo("police-test");
        assertThat(listed.at("/flows/0/to").asText()).isEqualTo("gp-test");
        assertThat(texts(listed.at("/flows/0/purposes"))).containsExactly("PATSFTY");
        assertThat(listed.at("/flows/0/consentRule").asText()).isEqualTo("ALWAYS");
        assertThat(current.get().flowsInForce(TODAY)).isEmpty();

        // Not a party, an admin on a party's behalf, and a version that is not configured.
        assertThat(approve(IG_LEAD_KEY, "police-gp-test", 1).statusCode()).isEqualTo(403);
        assertThat(approve(ADMIN_KEY, "police-gp-test", 1).statusCode()).isEqualTo(403);
        var unknown = approve(IG_POLICE_KEY, "police-gp-test", 2);
        assertThat(unknown.statusCode()).isEqualTo(404);
        assertThat(unknown.headers().firstValue("Content-Type")).hasValueSatisfying(
                type -> assertThat(type).startsWith("application/problem+json"));
        assertThat(approve(IG_POLICE_KEY, "no-such-agreement", 1).statusCode()).isEqualTo(404);

        assertThat(approve(IG_POLICE_KEY, "police-gp-test", 1).statusCode()).isEqualTo(201);
        var again = approve(IG_POLICE_KEY, "police-gp-test", 1);
        assertThat(again.statusCode()).isEqualTo(200);
        assertThat(JSON.readTree(again.body()).get("standing").asText()).isEqualTo("NOT_APPROVED");
        JsonNode seenByGp = agreement(IG_GP_KEY, "police-gp-test");
        assertThat(texts(seenByGp.get("awaiting"))).containsExactly("gp-test");
        assertThat(seenByGp.at("/approvals/0/organisation").asText()).isEqualTo("police-test");
        assertThat(seenByGp.at("/approvals/0/approvedBy").asText()).isEqualTo("ig-police-test");
        assertThat(list(COUNCIL_IG_LEAD_KEY).get("agreements")).as("an IG lead of no party sees none").isEmpty();
        assertThat(list(IG_LEAD_KEY).get("agreements")).as("a hub-wide IG lead sees every agreement").hasSize(1);

        var last = approve(IG_GP_KEY, "police-gp-test", 1);

        assertThat(last.statusCode()).isEqualTo(201);
        assertThat(JSON.readTree(last.body()).get("standing").asText()).isEqualTo("IN_FORCE");
        assertThat(agreement(ADMIN_KEY, "police-gp-test").get("awaiting")).isEmpty();
        assertThat(current.get().flowsInForce(TODAY)).extracting(f -> f.flow().id()).containsExactly("police-to-gp");
        assertThat(jdbc.queryForList("""
                SELECT actor FROM ledger_event WHERE event_type = 'AGREEMENT_APPROVED' AND stage_key LIKE ?
                ORDER BY id""", String.class, "AGREEMENT_APPROVED|police-gp-test|1|%"))
                .as("one ledger event per organisation, with the IG lead as actor")
                .containsExactly("ig-police-test", "ig-gp-test");

        // A new version starts without approvals.
        writeAgreement("police-gp-test", 2, TODAY.plusYears(1));
        var second = reloadConfig(false);
        assertThat(texts(JSON.readTree(second.body()).at("/diff/agreements/changed"))).containsExactly("police-gp-test");
        assertThat(agreement(ADMIN_KEY, "police-gp-test").get("standing").asText()).isEqualTo("NOT_APPROVED");
        assertThat(current.get().flowsInForce(TODAY)).isEmpty();
    }

    @Test
    void aBrokenAgreementRefusesTheReloadAndItsProblemsAreListed() throws Exception {
        writeAgreement("police-gp-test", 1, TODAY.plusYears(1));
        assertThat(reloadConfig(false).statusCode()).isEqualTo(200);
        Files.writeString(CONFIG_DIR.resolve("agreements").resolve("police-gp-test.yaml"),
                agreementYaml("police-gp-test", 2, TODAY.plusYears(1)).replace("to: gp-test", "to: nobody-test"));

        var refused = reloadConfig(false);

        assertThat(refused.statusCode()).isEqualTo(422);
        JsonNode list = list(ADMIN_KEY);
        assertThat(list.at("/agreements/0/version").asInt()).as("the previous set stays").isEqualTo(1);
        assertThat(list.at("/problems/0/file").asText()).isEqualTo("agreements/police-gp-test.yaml");
        assertThat(list.at("/problems/0/agreement").asText()).isEqualTo("police-gp-test");
        assertThat(list.at("/problems/0/key").asText()).isEqualTo("flows[0].to");
        assertThat(list(IG_POLICE_KEY).get("problems")).hasSize(1);
        assertThat(list(COUNCIL_IG_LEAD_KEY).get("problems")).isEmpty();
    }

    @Test
    void anAgreementInForceExpiringInFiveDaysRaisesTheSevenDayAlertOnly() throws Exception {
        writeAgreement("police-gp-expiring", 1, TODAY.plusDays(5));
        assertThat(reloadConfig(false).statusCode()).isEqualTo(200);
        assertThat(approve(IG_POLICE_KEY, "police-gp-expiring", 1).statusCode()).isEqualTo(201);
        assertThat(approve(IG_GP_KEY, "police-gp-expiring", 1).statusCode()).isEqualTo(201);

        await().atMost(Duration.ofSeconds(10)).until(() -> !alerts("police-gp-expiring/v1/7d").isEmpty());

        assertThat(alerts("police-gp-expiring/v1/7d")).containsExactly("OPEN");
        assertThat(alerts("police-gp-expiring/v1/30d")).isEmpty();
        Thread.sleep(600);
        assertThat(alerts("police-gp-expiring/v1/7d")).as("once per threshold").hasSize(1);
    }

    private List<String> alerts(String subject) {
        return jdbc.queryForList("SELECT state FROM operations_alert WHERE kind = 'AGREEMENT_EXPIRING' AND subject = ?",
                String.class, subject);
    }

    private HttpResponse<String> approve(String key, String id, int version) {
        return send(HttpRequest.newBuilder(uri(AGREEMENTS + "/" + id + "/" + version + "/approvals"))
                .header("X-API-Key", key).POST(HttpRequest.BodyPublishers.noBody()).build());
    }

    private JsonNode list(String key) throws IOException {
        var response = get(key, AGREEMENTS);
        assertThat(response.statusCode()).isEqualTo(200);
        return JSON.readTree(response.body());
    }

    private JsonNode agreement(String key, String id) throws IOException {
        for (JsonNode agreement : list(key).get("agreements")) {
            if (agreement.get("id").asText().equals(id)) {
                return agreement;
            }
        }
        throw new AssertionError("agreement " + id + " not listed");
    }

    private static List<String> texts(JsonNode array) {
        List<String> texts = new ArrayList<>();
        array.forEach(node -> texts.add(node.asText()));
        return texts;
    }

    private static void writeAgreement(String id, int version, LocalDate expires) throws IOException {
        Files.createDirectories(CONFIG_DIR.resolve("agreements"));
        Files.writeString(CONFIG_DIR.resolve("agreements").resolve(id + ".yaml"), agreementYaml(id, version, expires));
    }

    /** The police force shares with the GP practice, consent always required. */
    private static String agreementYaml(String id, int version, LocalDate expires) {
        return """
                id: %s
                version: %d
                status: ACTIVE
                title: Police referrals to the practice
                owner: {organisation: police-test, role: Data Protection Officer}
                parties:
                  - {organisation: police-test, name: Police, role: CONTROLLER, regime: PART3}
                  - {organisation: gp-test, name: Practice, role: CONTROLLER, regime: UKGDPR}
                effective-from: %s
                review-date: %s
                expires: %s
                flows:
                  - id: police-to-gp
                    from: police-test
                    to: gp-test
                    purposes: [PATSFTY]
                    referral-types: [ADULT_AT_RISK]
                    data-items: [referral.envelope, subject.nhs-number, subject.name]
                    data-categories: [REFERRAL, IDENTITY]
                    lawful-basis: {art6: 6(1)(e), part3: DPA2018-s35+Sch8-para4, common-law: OVERRIDING_PUBLIC_INTEREST}
                    consent-rule: ALWAYS
                    maximum-decision-wait: PT4H
                    classification: {marking: OFFICIAL-SENSITIVE, descriptors: [PERSONAL]}
                    retention: {recipient: P6Y, hub-transit: P30D, audit-log: P8Y, disposal: secure-erase}
                """.formatted(id, version, TODAY.minusDays(30), TODAY, expires);
    }
}
