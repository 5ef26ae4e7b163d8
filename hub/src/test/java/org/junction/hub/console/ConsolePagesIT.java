package org.junction.hub.console;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.HashMap;
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
 * The web console as a browser without JavaScript uses it: signing in with password and code,
 * each page for the roles that may open it, scoped to the person's organisation (another
 * organisation's referral, partner, dead letter or held referral is "not found"), and every form
 * post refused without the session's CSRF token.
 */
class ConsolePagesIT extends HubIntegrationTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final LocalDate TODAY = LocalDate.now(ZoneOffset.UTC);
    private static final Path AGREEMENTS = CONFIG_DIR.resolve("agreements");
    private static final String RUN = UUID.randomUUID().toString().substring(0, 8);

    @Autowired
    AgreementApprovalStore approvals;
    @Autowired
    CurrentAgreements current;
    @Autowired
    PersonAdministration people;

    private PersonAdministration.Issued admin;
    private PersonAdministration.Issued gpOperator;
    private PersonAdministration.Issued councilOperator;

    @BeforeEach
    void agreementInForceAndPeople() throws IOException {
        clearAgreements();
        Files.createDirectories(AGREEMENTS);
        Files.writeString(AGREEMENTS.resolve("console-test.yaml"), AGREEMENT.formatted(TODAY.minusDays(30), TODAY,
                TODAY.plusDays(20)));
        var reload = reloadConfig(false);
        assertThat(reload.statusCode()).as(reload.body()).isEqualTo(200);
        for (String organisation : List.of("police-test", "gp-test", "volunteer-test")) {
            approvals.approve(new AgreementApproval("console-test", 1, organisation), "ig-" + organisation, Instant.now());
        }
        current.refresh();
        admin = person("console-admin", "Testshire Hub Team", true, Role.HUB_ADMIN);
        gpOperator = person("console-gp-operator", "gp-test", false, Role.OPERATOR);
        councilOperator = person("console-council-operator", "council-test", false, Role.OPERATOR);
    }

    @AfterEach
    void agreementRemoved() {
        VOLUNTEER.resetAll();
        removeAgreementsAndReload();
    }

    @Test
    void aSignedOutBrowserIsSentToSignInWhoseFormAndStylesNeedNoSession() {
        ConsoleBrowser browser = new ConsoleBrowser(this::uri);

        var home = browser.get("/console");
        var page = browser.get("/console/login");

        assertThat(home.statusCode()).isEqualTo(302);
        assertThat(home.headers().firstValue("Location")).hasValueSatisfying(l -> assertThat(l).endsWith("/console/login"));
        assertThat(page.statusCode()).isEqualTo(200);
        assertThat(page.body()).contains("Sign in to Junction", "name=\"_csrf\"", "autocomplete=\"one-time-code\"",
                "Skip to main content").doesNotContain("Sign out");
        assertThat(page.headers().firstValue("Content-Security-Policy")).hasValueSatisfying(
                csp -> assertThat(csp).contains("default-src 'self'"));
        assertThat(browser.get("/webjars/govuk-frontend/dist/govuk/govuk-frontend.min.css").statusCode()).isEqualTo(200);
        assertThat(browser.get("/webjars/htmx.org/dist/htmx.min.js").statusCode()).isEqualTo(200);
        assertThat(browser.get("/console/assets/console.css").statusCode()).isEqualTo(200);
    }

    @Test
    void aRefusedSignInSaysNeitherWhichFactorNorWhyAndAFormWithoutItsTokenIsRefused() {
        ConsoleBrowser browser = new ConsoleBrowser(this::uri);
        browser.get("/console/login");

        var missing = browser.post("/console/login", Map.of("username", admin.id(), "password", "", "code", "12"));
        var wrong = browser.post("/console/login", Map.of("username", admin.id(), "password", admin.password() + "x",
                "code", People.code(admin)));
        var noToken = browser.postWithout("/console/login", Map.of("username", admin.id(),
                "password", admin.password(), "code", People.code(admin)));

        assertThat(missing.statusCode()).isEqualTo(400);
        assertThat(missing.body()).contains("There is a problem", "href=\"#password\"", "Enter your password",
                "href=\"#code\"", "Error: Sign in");
        assertThat(wrong.statusCode()).isEqualTo(401);
        assertThat(wrong.body()).contains("There is a problem",
                "The user ID, password or security code is not right, or this account cannot sign in now.")
                .doesNotContain(admin.password());
        assertThat(noToken.statusCode()).isEqualTo(403);
        assertThat(noToken.headers().allValues("Set-Cookie")).noneMatch(c -> c.startsWith("JUNCTION_SESSION="));
    }

    @Test
    void anAdminSeesADeliveredReferralOnTheDashboardAndFollowsItsTimelineWithoutItsContent() throws Exception {
        UUID trackingId = postReferral(SampleReferrals.police("9990007101", "Ottilie", "Brackenridge", "GIVEN"));
        await().atMost(Duration.ofSeconds(20)).until(() -> "DELIVERED".equals(status(trackingId)));
        ConsoleBrowser browser = ConsoleBrowser.signedIn(this::uri, admin);

        var dashboard = browser.get("/console");
        var lookup = browser.get("/console/referrals?trackingId=" + trackingId);
        var referral = browser.get("/console/referrals/" + trackingId);
        var badLookup = browser.get("/console/referrals?trackingId=not-an-id");

        assertThat(dashboard.statusCode()).isEqualTo(200);
        assertThat(dashboard.body()).contains("Today's referrals", "DELIVERED", admin.id(), "Testshire Hub Team",
                "Sign out", "href=\"/console/dead-letters\"", "href=\"/console/partners\"", "(gp-test)",
                "Queue depths", "Agreements expiring", "Police referrals for the console")
                .doesNotContain("href=\"/console/decisions\"");
        assertThat(lookup.statusCode()).isEqualTo(302);
        assertThat(lookup.headers().firstValue("Location")).hasValueSatisfying(
                l -> assertThat(l).endsWith("/console/referrals/" + trackingId));
        assertThat(referral.statusCode()).isEqualTo(200);
        assertThat(referral.body()).contains(trackingId.toString(), "DELIVERED", "Recipient gp-test", "RECEIVED")
                .doesNotContain("9990007101").doesNotContain("Ottilie").doesNotContain("Brackenridge");
        assertThat(badLookup.statusCode()).isEqualTo(200);
        assertThat(badLookup.body()).contains("There is a problem", "href=\"#trackingId\"", "govuk-input--error");

        var recipient = ConsoleBrowser.signedIn(this::uri, gpOperator).get("/console/referrals/" + trackingId);
        ConsoleBrowser council = ConsoleBrowser.signedIn(this::uri, councilOperator);
        var stranger = council.get("/console/referrals/" + trackingId);
        var unknown = council.get("/console/referrals/" + UUID.randomUUID());
        assertThat(recipient.statusCode()).as("the recipient's organisation follows it").isEqualTo(200);
        assertThat(stranger.statusCode()).as("another organisation's referral is not found").isEqualTo(404);
        assertThat(stranger.body()).contains("Page not found").doesNotContain(trackingId.toString());
        assertThat(unknown.statusCode()).isEqualTo(404);
        var councilDashboard = council.get("/console");
        assertThat(councilDashboard.statusCode()).isEqualTo(200);
        assertThat(councilDashboard.body()).contains("(council-test)").doesNotContain("(gp-test)")
                .doesNotContain("Agreements expiring");
    }

    @Test
    void anAuthorisedDecisionMakerReadsTheMinimisedReferralAndApprovesItWithAFullRecord() throws Exception {
        var inspector = people.add("console-inspector-" + RUN, "police-test", Set.of(Role.DECISION_MAKER),
                List.of(DECISION_MAKER_TITLE), false, "TEST");
        var gpInspector = people.add("console-gp-inspector-" + RUN, "gp-test", Set.of(Role.DECISION_MAKER),
                List.of(DECISION_MAKER_TITLE), false, "TEST");
        UUID trackingId = postReferral(SampleReferrals.police("9990007128", "Leontyne", "Ashcombe", "NOT_ASKED"));
        ConsoleBrowser browser = ConsoleBrowser.signedIn(this::uri, inspector);
        await().atMost(Duration.ofSeconds(20)).until(() -> browser.get("/console/decisions").body()
                .contains(trackingId.toString()));

        var list = browser.get("/console/decisions");
        assertThat(list.body()).doesNotContain("9990007128");
        assertThat(viewsBy(inspector.id(), trackingId)).as("the list shows nothing of the subject").isZero();
        // Other tests' held referrals may be listed too: take this referral's row.
        String itemPath = first(Pattern.compile("href=\"(/console/decisions/[0-9a-f-]{36})\">" + trackingId),
                list.body());
        var item = browser.get(itemPath);
        assertThat(item.statusCode()).isEqualTo(200);
        assertThat(item.body()).contains("What the recipient would receive", "9990007128", "Ashcombe", "Patient",
                "Your decision", "name=\"_csrf\"").doesNotContain("\"resourceType\"");
        assertThat(viewsBy(inspector.id(), trackingId)).as("the view is recorded").isEqualTo(1);

        var incomplete = browser.post(itemPath, Map.of("decision", "APPROVE", "reason", "NOT_SOUGHT_RISK",
                "art6", "6(1)(e)", "justification", "too short", "subjectInformed", "YES"));
        assertThat(incomplete.statusCode()).isEqualTo(422);
        assertThat(incomplete.body()).contains("There is a problem", "href=\"#justification\"",
                "Enter a justification of at least 20 characters", "too short");

        Map<String, String> approval = new HashMap<>(Map.of("decision", "APPROVE", "reason", "NOT_SOUGHT_RISK",
                "art6", "6(1)(e)", "art9", "9(2)(g)+DPA2018-Sch1-para18", "riskTool", "DASH", "riskGrade", "HIGH",
                "riskAssessor", "PC 4471", "justification", "High DASH risk: asking would alert the alleged perpetrator",
                "subjectInformed", "DEFERRED", "notInformedReason", "Telling the subject now would raise the risk"));
        var stranger = ConsoleBrowser.signedIn(this::uri, gpInspector);
        assertThat(stranger.get(itemPath).statusCode()).as("a title held in another organisation").isEqualTo(404);
        stranger.get("/console/decisions");
        assertThat(stranger.post(itemPath, approval).statusCode()).isEqualTo(404);
        var decided = browser.post(itemPath, approval);

        assertThat(decided.statusCode()).as(decided.body()).isEqualTo(302);
        assertThat(browser.get("/console/decisions").body()).contains("Decision recorded: approved for sharing")
                .doesNotContain(trackingId.toString());
        await().atMost(Duration.ofSeconds(20)).until(() -> "DELIVERED".equals(status(trackingId)));
        assertThat(jdbc.queryForList("""
                SELECT actor FROM ledger_event WHERE tracking_id = ? AND event_type = 'DECISION_APPROVED'""",
                String.class, trackingId)).containsExactly(inspector.id());
        assertThat(browser.get(itemPath).statusCode()).as("no longer held").isEqualTo(404);
        assertThat(ConsoleBrowser.signedIn(this::uri, councilIgLead()).get("/console/decisions").statusCode())
                .as("an IG lead is not a decision-maker").isEqualTo(403);
    }

    @Test
    void anOperatorPausesAndResumesTheirOwnOrganisationsPartnerOnly() {
        ConsoleBrowser browser = ConsoleBrowser.signedIn(this::uri, gpOperator);
        try {
            var page = browser.get("/console/partners");
            assertThat(page.statusCode()).isEqualTo(200);
            assertThat(page.body()).contains("gp-test", "/console/partners/gp-test/pause").doesNotContain("police-test");

            assertThat(browser.postWithout("/console/partners/gp-test/pause", Map.of()).statusCode())
                    .as("no CSRF token").isEqualTo(403);
            assertThat(browser.post("/console/partners/police-test/pause", Map.of()).statusCode())
                    .as("another organisation's partner").isEqualTo(404);
            var paused = browser.post("/console/partners/gp-test/pause", Map.of());
            assertThat(paused.statusCode()).isEqualTo(302);
            var afterPause = browser.get("/console/partners");
            assertThat(afterPause.body()).contains("PAUSED", "/console/partners/gp-test/resume");
            assertThat(partnerEvents("PARTNER_PAUSED")).isEqualTo(1);

            assertThat(browser.post("/console/partners/gp-test/resume", Map.of()).statusCode()).isEqualTo(302);
            assertThat(browser.get("/console/partners").body()).contains("resumed", "/console/partners/gp-test/pause");
            assertThat(partnerEvents("PARTNER_RESUMED")).isEqualTo(1);
        } finally {
            postAsAdmin("/api/v1/admin/partners/gp-test/resume");
        }
    }

    @Test
    void aDeadLetterIsReplayedWithAReasonByThoseWhoSeeIt() throws Exception {
        VOLUNTEER.stubFor(post(urlEqualTo("/referrals")).willReturn(aResponse().withStatus(400)));
        UUID trackingId = postReferral(SampleReferrals.police("9990007136", "Benedikt", "Thornleigh", "GIVEN")
                .replace("PATSFTY", "SUPNWK"));
        await().atMost(Duration.ofSeconds(20)).until(() -> "FAILED".equals(recipientStatus(trackingId, "volunteer-test")));
        ConsoleBrowser browser = ConsoleBrowser.signedIn(this::uri, admin);
        await().atMost(Duration.ofSeconds(10)).until(() -> browser.get("/console/dead-letters").body()
                .contains(trackingId.toString()));

        var list = browser.get("/console/dead-letters");
        assertThat(list.body()).contains("HTTP_400", "volunteer-test").doesNotContain("9990007136")
                .doesNotContain("Benedikt");
        String formPath = first(Pattern.compile(trackingId + "</td>[\\s\\S]*?href=\"(/console/dead-letters/replay"
                + "\\?messageId=[^\"]+)\""), list.body());
        formPath = formPath.replace("&amp;", "&");
        var form = browser.get(formPath);
        assertThat(form.statusCode()).isEqualTo(200);
        String messageId = java.net.URLDecoder.decode(formPath.substring(formPath.indexOf('=') + 1),
                java.nio.charset.StandardCharsets.UTF_8);
        assertThat(ConsoleBrowser.signedIn(this::uri, councilOperator).get(formPath).statusCode())
                .as("another organisation's dead letter").isEqualTo(404);

        var noReason = browser.post("/console/dead-letters/replay", Map.of("messageId", messageId, "reason", " "));
        assertThat(noReason.statusCode()).isEqualTo(400);
        assertThat(noReason.body()).contains("There is a problem", "href=\"#reason\"", "Enter why this message is being replayed");

        VOLUNTEER.resetAll();
        VOLUNTEER.stubFor(post(urlEqualTo("/referrals")).willReturn(aResponse().withStatus(202)));
        var replayed = browser.post("/console/dead-letters/replay", Map.of("messageId", messageId,
                "reason", "platform fixed its schema"));

        assertThat(replayed.statusCode()).isEqualTo(302);
        assertThat(browser.get("/console/dead-letters").body()).contains("REPLAYED");
        await().atMost(Duration.ofSeconds(20)).until(() -> "DELIVERED".equals(recipientStatus(trackingId, "volunteer-test")));
        assertThat(jdbc.queryForList("SELECT replayed_by || '|' || reason FROM dead_letter_replay WHERE tracking_id = ?",
                String.class, trackingId)).containsExactly(admin.id() + "|platform fixed its schema");
    }

    @Test
    void signingOutEndsTheSessionForTheConsoleAndTheApiAlike() {
        ConsoleBrowser browser = ConsoleBrowser.signedIn(this::uri, admin);
        browser.get("/console");

        var out = browser.post("/console/logout", Map.of());

        assertThat(out.statusCode()).isEqualTo(302);
        assertThat(out.headers().firstValue("Location")).hasValueSatisfying(l -> assertThat(l).endsWith("/console/login?signedOut"));
        assertThat(browser.get("/console").statusCode()).isEqualTo(302);
    }

    private PersonAdministration.Issued person(String prefix, String organisation, boolean hubWide, Role... roles) {
        return People.add(people, prefix + "-" + UUID.randomUUID().toString().substring(0, 8), organisation, hubWide,
                roles);
    }

    private PersonAdministration.Issued councilIgLead() {
        return person("console-council-ig", "council-test", false, Role.IG_LEAD);
    }

    private int viewsBy(String actor, UUID trackingId) {
        return count("ledger_event WHERE event_type = 'DECISION_VIEWED' AND actor = '" + actor + "' AND tracking_id = '"
                + trackingId + "'");
    }

    private int partnerEvents(String type) {
        return count("ledger_event WHERE event_type = '" + type + "' AND actor = '" + gpOperator.id() + "'");
    }

    private UUID postReferral(String body) throws Exception {
        HttpResponse<String> response = postReferral(POLICE_KEY, newRequestId(), body);
        assertThat(response.statusCode()).as(response.body()).isEqualTo(202);
        return UUID.fromString(JSON.readTree(response.body()).get("trackingId").asText());
    }

    private String status(UUID trackingId) throws IOException {
        return JSON.readTree(get(POLICE_KEY, "/api/v1/referrals/" + trackingId).body()).path("status").asText();
    }

    private String recipientStatus(UUID trackingId, String recipient) throws IOException {
        JsonNode status = JSON.readTree(get(POLICE_KEY, "/api/v1/referrals/" + trackingId).body());
        return status.path("recipients").path(recipient).asText();
    }

    private static String first(Pattern pattern, String body) {
        Matcher found = pattern.matcher(body);
        assertThat(found.find()).as("pattern " + pattern + " on the page").isTrue();
        return found.group(1);
    }

    /**
     * The police force shares with the practice (without consent only by a Duty Inspector's
     * decision) and with the befrienders (with consent only); it expires within the dashboard's warning window.
     */
    static final String AGREEMENT = """
            id: console-test
            version: 1
            status: ACTIVE
            title: Police referrals for the console
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
                maximum-decision-wait: PT4H
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
}
