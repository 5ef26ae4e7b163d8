package org.junction.hub.console;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junction.hub.agreements.AgreementApprovalStore;
import org.junction.hub.agreements.CurrentAgreements;
import org.junction.hub.support.ConsoleBrowser;
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
 * The console's governance pages without JavaScript: the configuration with a checked reload,
 * agreement approvals, the data-flow map with the record of processing activities, and payload
 * views; each for the roles that may open it, scoped to the person's organisation.
 */
class ConsoleGovernancePagesIT extends HubIntegrationTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final LocalDate TODAY = LocalDate.now(ZoneOffset.UTC);
    private static final Path AGREEMENTS = CONFIG_DIR.resolve("agreements");

    @Autowired
    AgreementApprovalStore approvals;
    @Autowired
    CurrentAgreements current;
    @Autowired
    PersonAdministration people;

    private PersonAdministration.Issued admin;
    private PersonAdministration.Issued gpOperator;

    @BeforeEach
    void agreementInForceAndPeople() throws IOException {
        clearAgreements();
        Files.createDirectories(AGREEMENTS);
        Files.writeString(AGREEMENTS.resolve("console-test.yaml"), ConsolePagesIT.AGREEMENT.formatted(
                TODAY.minusDays(30), TODAY, TODAY.plusYears(1)));
        var reload = reloadConfig(false);
        assertThat(reload.statusCode()).as(reload.body()).isEqualTo(200);
        for (String organisation : List.of("police-test", "gp-test", "volunteer-test")) {
            approvals.approve(new AgreementApproval("console-test", 1, organisation), "ig-" + organisation, Instant.now());
        }
        current.refresh();
        admin = person("gov-admin", "Testshire Hub Team", true, Role.HUB_ADMIN);
        gpOperator = person("gov-gp-operator", "gp-test", false, Role.OPERATOR);
    }

    @AfterEach
    void agreementRemoved() {
        removeAgreementsAndReload();
    }

    @Test
    void anAdminChecksAChangedConfigurationDirectoryAndAppliesOnlyWhatTheCheckShowed() throws IOException {
        ConsoleBrowser browser = ConsoleBrowser.signedIn(this::uri, admin);
        var page = browser.get("/console/configuration");
        assertThat(page.statusCode()).isEqualTo(200);
        assertThat(page.body()).contains("Partners", "gp-test", "SINK", "Police referrals for the console", "IN FORCE",
                "Check changes").doesNotContain("Apply these changes");

        var unchanged = browser.post("/console/configuration/check", Map.of());
        assertThat(unchanged.statusCode()).isEqualTo(200);
        assertThat(unchanged.body()).contains("The directory matches what is in force").doesNotContain("Apply these changes");

        Files.writeString(AGREEMENTS.resolve("console-extra.yaml"), other("console-extra", "ACTIVE"));
        var checked = browser.post("/console/configuration/check", Map.of());
        assertThat(checked.statusCode()).isEqualTo(200);
        assertThat(checked.body()).contains("Check of the configuration directory", "console-extra", "Apply these changes");
        String digest = first(Pattern.compile("name=\"checked\" value=\"([0-9a-f]{64})\""), checked.body());
        assertThat(configuredAgreements()).doesNotContain("console-extra");

        Files.writeString(AGREEMENTS.resolve("console-broken.yaml"), "id: console-broken\nversion: not-a-number\n");
        var stale = browser.post("/console/configuration/apply", Map.of("checked", digest));
        assertThat(stale.statusCode()).as("the directory changed again since the check").isEqualTo(409);
        assertThat(stale.body()).contains("Nothing was applied", "REFUSED", "console-broken.yaml");
        assertThat(configuredAgreements()).doesNotContain("console-extra");

        Files.delete(AGREEMENTS.resolve("console-broken.yaml"));
        assertThat(browser.post("/console/configuration/apply", Map.of()).statusCode()).as("no check read").isEqualTo(409);
        var applied = browser.post("/console/configuration/apply", Map.of("checked", digest));
        assertThat(applied.statusCode()).isEqualTo(200);
        assertThat(applied.body()).contains("Configuration applied", "console-extra");
        assertThat(configuredAgreements()).contains("console-extra");
        assertThat(jdbc.queryForObject("SELECT COUNT(*) FROM ledger_event WHERE event_type = 'CONFIG_APPLIED' AND actor = ?",
                Integer.class, admin.id())).isEqualTo(1);

        ConsoleBrowser operator = ConsoleBrowser.signedIn(this::uri, gpOperator);
        assertThat(operator.get("/console/configuration").statusCode()).isEqualTo(403);
        assertThat(operator.post("/console/configuration/check", Map.of()).statusCode()).isEqualTo(403);
        var igLead = ConsoleBrowser.signedIn(this::uri, person("gov-ig", "Testshire Hub Team", true, Role.IG_LEAD));
        assertThat(igLead.get("/console/configuration").statusCode()).isEqualTo(403);
        assertThat(igLead.post("/console/configuration/apply", Map.of("checked", digest)).statusCode()).isEqualTo(403);
    }

    @Test
    void anIgLeadApprovesForTheirOwnOrganisationOnlyAndAnEndedVersionIsRefused() throws IOException {
        Files.writeString(AGREEMENTS.resolve("console-approvals.yaml"), other("console-approvals", "ACTIVE"));
        Files.writeString(AGREEMENTS.resolve("console-ended.yaml"), other("console-ended", "TERMINATED"));
        assertThat(reloadConfig(false).statusCode()).isEqualTo(200);
        approvals.approve(new AgreementApproval("console-approvals", 1, "police-test"), "ig-police-test", Instant.now());
        var gpIg = person("gov-gp-ig", "gp-test", false, Role.IG_LEAD);
        ConsoleBrowser browser = ConsoleBrowser.signedIn(this::uri, gpIg);

        var list = browser.get("/console/agreements");
        assertThat(list.statusCode()).isEqualTo(200);
        assertThat(list.body()).contains("Other agreement console-approvals", "police-test (ig-police-test",
                "/console/agreements/console-approvals/1/approvals", "Approve version 1", "Police referrals for the console");
        var approved = browser.post("/console/agreements/console-approvals/1/approvals", Map.of());
        assertThat(approved.statusCode()).isEqualTo(302);
        assertThat(browser.get("/console/agreements").body()).contains("Approval recorded for version 1",
                "gp-test (" + gpIg.id());
        assertThat(jdbc.queryForList("SELECT approved_by FROM agreement_approval WHERE agreement_id = ? AND organisation = ?",
                String.class, "console-approvals", "gp-test")).containsExactly(gpIg.id());

        var ended = browser.post("/console/agreements/console-ended/1/approvals", Map.of());
        assertThat(ended.statusCode()).isEqualTo(409);
        assertThat(ended.body()).contains("There is a problem", "href=\"#approve-console-ended-1\"",
                "has status TERMINATED: a terminated or expired agreement cannot be approved");

        var council = ConsoleBrowser.signedIn(this::uri, person("gov-council-ig", "council-test", false, Role.IG_LEAD));
        var councilList = council.get("/console/agreements");
        assertThat(councilList.statusCode()).isEqualTo(200);
        assertThat(councilList.body()).doesNotContain("console-approvals").doesNotContain("Approve version");
        var notAParty = council.post("/console/agreements/console-approvals/1/approvals", Map.of());
        assertThat(notAParty.statusCode()).as("another organisation's agreement").isEqualTo(403);
        assertThat(notAParty.body()).contains("Your organisation is not a party");
        assertThat(council.post("/console/agreements/no-such/1/approvals", Map.of()).statusCode()).isEqualTo(404);

        ConsoleBrowser adminBrowser = ConsoleBrowser.signedIn(this::uri, admin);
        assertThat(adminBrowser.get("/console/agreements").body()).contains("console-approvals")
                .doesNotContain("Approve version");
        assertThat(adminBrowser.post("/console/agreements/console-approvals/1/approvals", Map.of()).statusCode())
                .as("an admin configures agreements but approves none").isEqualTo(403);
        assertThat(ConsoleBrowser.signedIn(this::uri, gpOperator).get("/console/agreements").statusCode()).isEqualTo(403);
    }

    @Test
    void anIgLeadSeesTheirOrganisationsFlowsAsAMapAndTableAndTheRecordOfProcessing() throws Exception {
        UUID trackingId = postReferral(SampleReferrals.police("9990007152", "Perpetua", "Hollingworth", "GIVEN"));
        await().atMost(Duration.ofSeconds(20)).until(() -> "DELIVERED".equals(status(trackingId)));
        ConsoleBrowser gpIg = ConsoleBrowser.signedIn(this::uri, person("gov-gp-ig", "gp-test", false, Role.IG_LEAD));

        var page = gpIg.get("/console/flows");
        assertThat(page.statusCode()).isEqualTo(200);
        Matcher row = Pattern.compile("<td[^>]*>police-test</td>\\s*<td[^>]*>gp-test</td>\\s*<td[^>]*>PATSFTY</td>"
                + "\\s*<td[^>]*>CONSENT AGREEMENT</td>\\s*<td[^>]*>(\\d+)</td>\\s*<td[^>]*>(\\d+)</td>").matcher(page.body());
        assertThat(row.find()).as("the police-to-practice row of the table").isTrue();
        assertThat(Integer.parseInt(row.group(1))).isPositive();
        assertThat(Integer.parseInt(row.group(2))).isPositive();
        assertThat(page.body()).contains("data-flows=\"{", "police-test (sends)", "gp-test (receives)",
                "/webjars/echarts/", "echarts.min.js", "Record of processing activities", "police-to-gp",
                "DOMESTIC_ABUSE IDENTITY MENTAL_HEALTH REFERRAL", "6(1)(e)", "P6Y", "secure-erase")
                .doesNotContain("9990007152").doesNotContain("Hollingworth");
        assertThat(gpIg.get("/webjars/echarts/dist/echarts.min.js").statusCode()).isEqualTo(200);

        var csv = gpIg.get("/console/flows/record-of-processing.csv");
        assertThat(csv.statusCode()).isEqualTo(200);
        assertThat(csv.headers().firstValue("Content-Type")).hasValueSatisfying(t -> assertThat(t).startsWith("text/csv"));
        assertThat(csv.headers().firstValue("Content-Disposition")).hasValueSatisfying(
                d -> assertThat(d).contains("attachment", "record-of-processing.csv"));
        assertThat(csv.body().lines().toList()).first().asString().startsWith("\"Agreement\",\"Version\",\"Flow\"");
        assertThat(csv.body()).contains("\"console-test\",\"1\",\"police-to-gp\",\"police-test\",\"gp-test\",\"PATSFTY\"");

        ConsoleBrowser council = ConsoleBrowser.signedIn(this::uri, person("gov-council-ig", "council-test", false,
                Role.IG_LEAD));
        var councilPage = council.get("/console/flows");
        assertThat(councilPage.statusCode()).isEqualTo(200);
        // Other tests may have sent the council referrals from the police: those flows are its own.
        assertThat(councilPage.body()).as("another organisation's flows and agreements")
                .doesNotContain(">gp-test</td>").doesNotContain("gp-test (receives)").doesNotContain("police-to-gp");
        assertThat(council.get("/console/flows/record-of-processing.csv").body()).doesNotContain("police-to-gp");
        assertThat(ConsoleBrowser.signedIn(this::uri, person("gov-all-ig", "Testshire Hub Team", true, Role.IG_LEAD))
                .get("/console/flows").body()).contains(">police-test</td>");
        ConsoleBrowser operator = ConsoleBrowser.signedIn(this::uri, gpOperator);
        assertThat(operator.get("/console/flows").statusCode()).isEqualTo(403);
        assertThat(operator.get("/console/flows/record-of-processing.csv").statusCode()).isEqualTo(403);
    }

    @Test
    void anIgLeadSeesAHeldReferralsContentOnlyWithAReasonAndEveryViewIsRecorded() throws Exception {
        UUID trackingId = postReferral(SampleReferrals.police("9990007160", "Cordelia", "Fairweather", "NOT_ASKED"));
        await().atMost(Duration.ofSeconds(20)).until(() -> "HELD".equals(status(trackingId)));
        var policeIg = person("gov-police-ig", "police-test", false, Role.IG_LEAD);
        ConsoleBrowser browser = ConsoleBrowser.signedIn(this::uri, policeIg);
        String path = "/console/referrals/" + trackingId + "/payload";

        assertThat(browser.get("/console/referrals/" + trackingId).body()).contains(path);
        var form = browser.get(path);
        assertThat(form.statusCode()).isEqualTo(200);
        assertThat(form.body()).contains("Why do you need to see it?", "name=\"_csrf\"").doesNotContain("9990007160");
        var noReason = browser.post(path, Map.of("reason", "short"));
        assertThat(noReason.statusCode()).isEqualTo(400);
        assertThat(noReason.body()).contains("There is a problem", "href=\"#reason\"", "short");
        assertThat(bodyViews(policeIg.id(), trackingId)).as("a refused reason records nothing").isEmpty();

        var shown = browser.post(path, Map.of("reason", "Subject access request SAR-2291 from the data subject"));
        assertThat(shown.statusCode()).isEqualTo(200);
        assertThat(shown.body()).contains("Referral content", "Held for a decision", "9990007160", "Fairweather")
                .doesNotContain("\"resourceType\"");
        assertThat(bodyViews(policeIg.id(), trackingId)).containsExactly("SHOWN");

        var councilIg = person("gov-council-ig", "council-test", false, Role.IG_LEAD);
        ConsoleBrowser council = ConsoleBrowser.signedIn(this::uri, councilIg);
        council.get(path);
        var refused = council.post(path, Map.of("reason", "Looking at another organisation's referral"));
        assertThat(refused.statusCode()).as("another organisation's referral").isEqualTo(404);
        assertThat(refused.body()).contains("Nothing to show").doesNotContain("9990007160").doesNotContain("Fairweather");
        assertThat(bodyViews(councilIg.id(), trackingId)).containsExactly("OUT_OF_SCOPE");

        ConsoleBrowser operator = ConsoleBrowser.signedIn(this::uri, gpOperator);
        assertThat(operator.get(path).statusCode()).isEqualTo(403);
        assertThat(operator.post(path, Map.of("reason", "An operator is not an IG lead")).statusCode()).isEqualTo(403);
        assertThat(browser.get("/console/referrals/not-an-id/payload").statusCode()).isEqualTo(404);
    }

    private List<String> bodyViews(String actor, UUID trackingId) {
        return jdbc.queryForList("SELECT outcome FROM ledger_event WHERE event_type = 'BODY_VIEWED' AND actor = ? "
                + "AND tracking_id = ?", String.class, actor, trackingId);
    }

    private List<String> configuredAgreements() throws IOException {
        var answer = get(ADMIN_KEY, "/api/v1/admin/agreements");
        return JSON.readTree(answer.body()).path("agreements").findValuesAsText("id");
    }

    /** A second agreement between the same parties, with flows of its own ids, approved by nobody yet. */
    private static String other(String id, String status) {
        return ConsolePagesIT.AGREEMENT.formatted(TODAY.minusDays(30), TODAY, TODAY.plusYears(1))
                .replace("id: console-test", "id: " + id)
                .replace("status: ACTIVE", "status: " + status)
                .replace("title: Police referrals for the console", "title: Other agreement " + id)
                .replace("id: police-to-gp", "id: " + id + "-gp")
                .replace("id: police-to-befrienders", "id: " + id + "-befrienders");
    }

    private PersonAdministration.Issued person(String prefix, String organisation, boolean hubWide, Role... roles) {
        return People.add(people, prefix + "-" + UUID.randomUUID().toString().substring(0, 8), organisation, hubWide,
                roles);
    }

    private UUID postReferral(String body) throws Exception {
        HttpResponse<String> response = postReferral(POLICE_KEY, newRequestId(), body);
        assertThat(response.statusCode()).as(response.body()).isEqualTo(202);
        return UUID.fromString(JSON.readTree(response.body()).get("trackingId").asText());
    }

    private String status(UUID trackingId) throws IOException {
        return JSON.readTree(get(POLICE_KEY, "/api/v1/referrals/" + trackingId).body()).path("status").asText();
    }

    private static String first(Pattern pattern, String body) {
        Matcher found = pattern.matcher(body);
        assertThat(found.find()).as("pattern " + pattern + " on the page").isTrue();
        return found.group(1);
    }
}
