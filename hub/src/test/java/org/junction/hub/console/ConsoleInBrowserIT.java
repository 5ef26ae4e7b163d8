package org.junction.hub.console;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.deque.html.axecore.results.Results;
import com.deque.html.axecore.results.Rule;
import com.deque.html.axecore.selenium.AxeBuilder;
import java.io.File;
import java.io.IOException;
import java.net.URLEncoder;
import java.net.http.HttpRequest;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Collectors;
import org.junction.hub.agreements.AgreementApprovalStore;
import org.junction.hub.agreements.CurrentAgreements;
import org.junction.hub.support.HubIntegrationTest;
import org.junction.hub.support.People;
import org.junction.hub.support.SampleReferrals;
import org.junction.security.governance.agreement.AgreementApproval;
import org.junction.security.identity.Role;
import org.junction.security.people.PersonAdministration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.TakesScreenshot;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.WebDriverWait;
import org.springframework.beans.factory.annotation.Autowired;

/**
 * The console in a real browser (headless Chromium from the system's packages): signing in with
 * password and a second factor, deciding, replaying, configuring and auditing, with screenshots
 * under target/ and axe-core checking each page
 * for serious or critical accessibility violations. Skipped with a message where Chromium is
 * absent; under CI=true its absence fails.
 */
class ConsoleInBrowserIT extends HubIntegrationTest {

    /**
     * The first dashboard of a run counts every referral of the day that the whole suite sent
     * before it; on a busy two-core machine that has taken more than ten seconds.
     */
    private static final Duration DASHBOARD_WAIT = Duration.ofSeconds(30);

    static final Path CHROMIUM = Path.of("/usr/bin/chromium");
    static final Path CHROMEDRIVER = Path.of("/usr/bin/chromedriver");
    static final Path SCREENSHOTS = Path.of("target", "screenshots");
    static final Set<String> BLOCKING = Set.of("serious", "critical");

    @Autowired
    PersonAdministration people;
    @Autowired
    AgreementApprovalStore approvals;
    @Autowired
    CurrentAgreements current;

    private WebDriver browser;

    @BeforeEach
    void startBrowser() {
        boolean present = Files.isExecutable(CHROMIUM) && Files.isExecutable(CHROMEDRIVER);
        if (!present && "true".equals(System.getenv("CI"))) {
            throw new AssertionError("CI=true but Chromium is missing: install chromium and chromium-driver");
        }
        Assumptions.assumeTrue(present, "Chromium is not installed (" + CHROMIUM + ", " + CHROMEDRIVER
                + "): browser tests skipped");
        ChromeOptions options = new ChromeOptions().setBinary(CHROMIUM.toFile());
        // As root Chromium needs --no-sandbox; the rest keeps it quiet and the same on every machine.
        options.addArguments("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
                "--disable-dev-shm-usage", "--window-size=1280,1024");
        ChromeDriverService service = new ChromeDriverService.Builder()
                .usingDriverExecutable(CHROMEDRIVER.toFile()).usingAnyFreePort().build();
        browser = new ChromeDriver(service, options);
    }

    @AfterEach
    void stopBrowser() {
        if (browser != null) {
            browser.quit();
        }
    }

    @Test
    void aPersonSignsInWithPasswordAndCodeAndSeesTheirDashboard() throws IOException {
        var admin = People.add(people, "browser-admin-" + UUID.randomUUID().toString().substring(0, 8),
                "Testshire Hub Team", true, Role.HUB_ADMIN, Role.OPERATOR);

        browser.get(uri("/console").toString());
        new WebDriverWait(browser, Duration.ofSeconds(10)).until(ExpectedConditions.urlContains("/console/login"));
        assertNoBlockingViolations("login");
        browser.findElement(By.id("username")).sendKeys(admin.id());
        browser.findElement(By.id("password")).sendKeys(admin.password());
        browser.findElement(By.id("code")).sendKeys(People.code(admin));
        browser.findElement(By.cssSelector("main form button[type=submit]")).click();

        new WebDriverWait(browser, DASHBOARD_WAIT).until(ExpectedConditions.textToBe(By.tagName("h1"), "Dashboard"));
        assertThat(browser.findElement(By.className("junction-user")).getText()).contains(admin.id(), "Testshire Hub Team");
        assertThat(browser.findElement(By.tagName("body")).getAttribute("class")).as("GOV.UK Frontend's script ran")
                .contains("govuk-frontend-supported");
        screenshot("console-dashboard");
        assertNoBlockingViolations("dashboard");

        for (String page : List.of("/console/partners", "/console/dead-letters", "/console/referrals")) {
            browser.get(uri(page).toString());
            assertNoBlockingViolations(page);
        }
    }

    @Test
    void aDecisionMakerReadsAHeldReferralAndApprovesItFromTheForm() throws Exception {
        clearAgreements();
        Path agreements = CONFIG_DIR.resolve("agreements");
        Files.createDirectories(agreements);
        LocalDate today = LocalDate.now(ZoneOffset.UTC);
        Files.writeString(agreements.resolve("console-test.yaml"), ConsolePagesIT.AGREEMENT.formatted(today.minusDays(30),
                today, today.plusYears(1)));
        assertThat(reloadConfig(false).statusCode()).isEqualTo(200);
        for (String organisation : List.of("police-test", "gp-test", "volunteer-test")) {
            approvals.approve(new AgreementApproval("console-test", 1, organisation), "ig-" + organisation, Instant.now());
        }
        current.refresh();
        try {
            var inspector = people.add("browser-inspector-" + UUID.randomUUID().toString().substring(0, 8),
                    "police-test", Set.of(Role.DECISION_MAKER), List.of(DECISION_MAKER_TITLE), false, "TEST");
            var posted = postReferral(POLICE_KEY, newRequestId(),
                    SampleReferrals.police("9990007144", "Marisol", "Quenby", "NOT_ASKED"));
            assertThat(posted.statusCode()).isEqualTo(202);
            String trackingId = new com.fasterxml.jackson.databind.ObjectMapper().readTree(posted.body())
                    .get("trackingId").asText();
            signIn(inspector);
            await().atMost(Duration.ofSeconds(20)).until(() -> {
                browser.get(uri("/console/decisions").toString());
                return !browser.findElements(By.linkText(trackingId)).isEmpty();
            });
            assertNoBlockingViolations("held referrals");
            browser.findElement(By.linkText(trackingId)).click();
            assertThat(browser.findElement(By.className("junction-payload")).getText()).contains("9990007144", "Quenby");
            assertNoBlockingViolations("held referral");

            browser.findElement(By.id("decision")).click();
            browser.findElement(By.cssSelector("main form button[type=submit]")).click();
            assertThat(waitFor(By.className("govuk-error-summary")).getText())
                    .contains("Select why consent was not obtained", "Enter a justification");
            assertNoBlockingViolations("held referral with errors");
            screenshot("console-decision-errors");

            browser.findElement(By.id("reason-risk")).click();
            new org.openqa.selenium.support.ui.Select(browser.findElement(By.id("art6"))).selectByValue("6(1)(e)");
            browser.findElement(By.id("art9")).sendKeys("9(2)(g)+DPA2018-Sch1-para18");
            browser.findElement(By.id("riskTool")).sendKeys("DASH");
            new org.openqa.selenium.support.ui.Select(browser.findElement(By.id("riskGrade"))).selectByValue("HIGH");
            browser.findElement(By.id("justification")).sendKeys("High DASH risk: asking would alert the alleged perpetrator");
            browser.findElement(By.id("subjectInformed-deferred")).click();
            browser.findElement(By.id("notInformedReason")).sendKeys("Telling the subject now would raise the risk");
            browser.findElement(By.cssSelector("main form button[type=submit]")).click();

            assertThat(waitFor(By.className("govuk-notification-banner")).getText())
                    .contains("Decision recorded: approved for sharing");
            screenshot("console-decision-recorded");
            assertThat(jdbc.queryForList("SELECT actor FROM ledger_event WHERE tracking_id = ? AND event_type = "
                    + "'DECISION_APPROVED'", String.class, UUID.fromString(trackingId)))
                    .containsExactly(inspector.id());
        } finally {
            removeAgreementsAndReload();
        }
    }

    @Test
    void anAdminSeesADeliveredReferralOnTheDashboardAndReadsAHeldOnesContentWithAReason() throws Exception {
        consoleAgreementInForce();
        try {
            var admin = People.add(people, "browser-all-" + UUID.randomUUID().toString().substring(0, 8),
                    "Testshire Hub Team", true, Role.HUB_ADMIN, Role.OPERATOR, Role.IG_LEAD);
            String delivered = posted(SampleReferrals.police("9990007179", "Rosalind", "Ashworth", "GIVEN"));
            String held = posted(SampleReferrals.police("9990007187", "Evander", "Kilbride", "NOT_ASKED"));
            await().atMost(Duration.ofSeconds(20)).until(() ->
                    "DELIVERED".equals(statusOf(delivered)) && "HELD".equals(statusOf(held)));
            signIn(admin);

            assertThat(browser.findElement(By.cssSelector("table[aria-labelledby=today]")).getText()).contains("DELIVERED");
            screenshot("console-dashboard-delivered");
            assertNoBlockingViolations("dashboard with a delivered referral");

            browser.get(uri("/console/referrals/" + delivered).toString());
            assertThat(browser.findElement(By.tagName("main")).getText()).contains("DELIVERED")
                    .doesNotContain("Ashworth");
            browser.findElement(By.linkText("See the content the hub still holds")).click();
            assertNoBlockingViolations("payload reason");
            browser.findElement(By.id("reason")).sendKeys("Complaint C-118 about this referral");
            browser.findElement(By.cssSelector("main form button[type=submit]")).click();
            assertThat(waitFor(By.tagName("h1")).getText()).isEqualTo("Nothing to show");
            assertNoBlockingViolations("payload not held");

            browser.get(uri("/console/referrals/" + held + "/payload").toString());
            browser.findElement(By.cssSelector("main form button[type=submit]")).click();
            assertThat(waitFor(By.className("govuk-error-summary")).getText()).contains("Enter why you need to see");
            assertNoBlockingViolations("payload reason with errors");
            browser.findElement(By.id("reason")).sendKeys("Subject access request SAR-3310");
            browser.findElement(By.cssSelector("main form button[type=submit]")).click();
            assertThat(waitFor(By.className("junction-payload")).getText()).contains("9990007187", "Kilbride");
            screenshot("console-payload");
            assertNoBlockingViolations("payload shown");
            assertThat(jdbc.queryForList("SELECT outcome FROM ledger_event WHERE event_type = 'BODY_VIEWED' AND actor = ?",
                    String.class, admin.id())).containsExactlyInAnyOrder("NONE_HELD", "SHOWN");

            browser.get(uri("/console/flows").toString());
            new WebDriverWait(browser, Duration.ofSeconds(10)).until(ExpectedConditions.presenceOfElementLocated(
                    By.cssSelector("#flow-map svg")));
            assertThat(browser.findElement(By.id("flow-table")).getText()).contains("police-test", "gp-test", "PATSFTY");
            assertThat(browser.findElement(By.id("ropa")).getText()).contains("police-to-gp", "6(1)(e)");
            screenshot("console-flows");
            assertNoBlockingViolations("data flows");
            browser.get(uri("/console/agreements").toString());
            screenshot("console-agreements");
            assertNoBlockingViolations("agreements");
        } finally {
            removeAgreementsAndReload();
        }
    }

    @Test
    void anOperatorReplaysADeadLetterWithAReasonAndPausesAndResumesTheirPartner() throws Exception {
        consoleAgreementInForce();
        VOLUNTEER.stubFor(com.github.tomakehurst.wiremock.client.WireMock.post(
                com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo("/referrals"))
                .willReturn(com.github.tomakehurst.wiremock.client.WireMock.aResponse().withStatus(400)));
        try {
            var operator = People.add(people, "browser-operator-" + UUID.randomUUID().toString().substring(0, 8),
                    "Testshire Hub Team", true, Role.OPERATOR);
            String trackingId = posted(SampleReferrals.police("9990007195", "Lucasta", "Penhallow", "GIVEN")
                    .replace("PATSFTY", "SUPNWK"));
            signIn(operator);
            By row = By.xpath("//tr[td[contains(normalize-space(.), '" + trackingId + "')]]//a");
            await().atMost(Duration.ofSeconds(30)).until(() -> {
                browser.get(uri("/console/dead-letters").toString());
                return !browser.findElements(row).isEmpty();
            });
            assertNoBlockingViolations("dead letters");
            browser.findElement(row).click();
            browser.findElement(By.cssSelector("main form button[type=submit]")).click();
            assertThat(waitFor(By.className("govuk-error-summary")).getText()).contains("Enter why this message is being replayed");
            assertNoBlockingViolations("replay with errors");

            VOLUNTEER.resetAll();
            VOLUNTEER.stubFor(com.github.tomakehurst.wiremock.client.WireMock.post(
                    com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo("/referrals"))
                    .willReturn(com.github.tomakehurst.wiremock.client.WireMock.aResponse().withStatus(202)));
            browser.findElement(By.id("reason")).sendKeys("The befrienders fixed their schema");
            browser.findElement(By.cssSelector("main form button[type=submit]")).click();
            assertThat(waitFor(By.className("govuk-notification-banner")).getText()).contains("REPLAYED");
            screenshot("console-dead-letter-replayed");
            await().atMost(Duration.ofSeconds(20)).until(() -> "DELIVERED".equals(statusOf(trackingId)));

            browser.get(uri("/console/partners").toString());
            browser.findElement(By.cssSelector("form[action='/console/partners/gp-test/pause'] button")).click();
            assertThat(waitFor(By.className("govuk-notification-banner")).getText()).contains("paused");
            browser.findElement(By.cssSelector("form[action='/console/partners/gp-test/resume'] button"));
            screenshot("console-partner-paused");
            assertNoBlockingViolations("partners with one paused");
            browser.findElement(By.cssSelector("form[action='/console/partners/gp-test/resume'] button")).click();
            assertThat(waitFor(By.className("govuk-notification-banner")).getText()).contains("resumed");
            assertThat(browser.findElements(By.cssSelector("form[action='/console/partners/gp-test/pause'] button")))
                    .isNotEmpty();
            assertThat(jdbc.queryForList("SELECT event_type FROM ledger_event WHERE actor = ? AND event_type LIKE 'PARTNER_%'",
                    String.class, operator.id())).containsExactly("PARTNER_PAUSED", "PARTNER_RESUMED");
        } finally {
            VOLUNTEER.resetAll();
            postAsAdmin("/api/v1/admin/partners/gp-test/resume");
            removeAgreementsAndReload();
        }
    }

    @Test
    void anAdminAppliesAConfigurationChangeAfterItsDryRun() throws Exception {
        consoleAgreementInForce();
        try {
            var admin = People.add(people, "browser-config-" + UUID.randomUUID().toString().substring(0, 8),
                    "Testshire Hub Team", true, Role.HUB_ADMIN);
            signIn(admin);
            browser.get(uri("/console/configuration").toString());
            assertThat(browser.findElements(By.id("apply"))).as("nothing to apply before a check").isEmpty();
            assertNoBlockingViolations("configuration");

            Path extra = CONFIG_DIR.resolve("agreements").resolve("browser-extra.yaml");
            LocalDate today = LocalDate.now(ZoneOffset.UTC);
            Files.writeString(extra, ConsolePagesIT.AGREEMENT.formatted(today.minusDays(30), today, today.plusYears(1))
                    .replace("id: console-test", "id: browser-extra").replace("id: police-to-", "id: browser-extra-"));
            browser.findElement(By.id("check-changes")).click();
            assertThat(waitFor(By.id("check-diff")).getText()).contains("browser-extra");
            screenshot("console-configuration-dry-run");
            assertNoBlockingViolations("configuration dry run");
            assertThat(jdbc.queryForObject("SELECT COUNT(*) FROM ledger_event WHERE event_type = 'CONFIG_APPLIED' "
                    + "AND actor = ?", Integer.class, admin.id())).as("a dry run applies nothing").isZero();

            browser.findElement(By.id("apply")).click();
            assertThat(waitFor(By.className("govuk-notification-banner")).getText())
                    .contains("Configuration applied", "browser-extra");
            screenshot("console-configuration-applied");
            assertNoBlockingViolations("configuration applied");
            assertThat(jdbc.queryForObject("SELECT COUNT(*) FROM ledger_event WHERE event_type = 'CONFIG_APPLIED' "
                    + "AND actor = ?", Integer.class, admin.id())).isEqualTo(1);
        } finally {
            removeAgreementsAndReload();
        }
    }

    @Test
    void anIgLeadSearchesASubjectAndDownloadsTheSubjectAccessCsv() throws Exception {
        consoleAgreementInForce();
        try {
            // Hub-wide as well, so the ledger's page is theirs too; their own organisation is the police's.
            var igLead = People.add(people, "browser-ig-" + UUID.randomUUID().toString().substring(0, 8),
                    "police-test", true, Role.IG_LEAD);
            String nhs = "9990007241";
            String delivered = posted(SampleReferrals.police(nhs, "Araminta", "Pellow", "GIVEN"));
            await().atMost(Duration.ofSeconds(20)).until(() ->
                    "DELIVERED".equals(statusOf(delivered)));
            signIn(igLead);

            browser.findElement(By.linkText("Audit")).click();
            assertThat(waitFor(By.tagName("h1")).getText()).isEqualTo("Search the audit ledger");
            assertNoBlockingViolations("audit search");
            browser.findElement(By.id("nhsNumber")).sendKeys(nhs);
            browser.findElement(By.id("search")).click();
            assertThat(waitFor(By.className("govuk-error-summary")).getText()).contains("Reason");
            assertNoBlockingViolations("audit search with errors");
            browser.findElement(By.id("reason")).sendKeys("Subject access request SAR-5520 from the data subject");
            browser.findElement(By.id("search")).click();
            assertThat(waitFor(By.id("results")).getText()).isEqualTo("Results");
            assertThat(browser.findElement(By.tagName("main")).getText()).contains(delivered, "DELIVERED")
                    .doesNotContain("Pellow");
            screenshot("console-audit-search");
            assertNoBlockingViolations("audit search results");

            browser.findElement(By.linkText("Subject access report")).click();
            assertNoBlockingViolations("subject access form");
            browser.findElement(By.id("nhsNumber")).sendKeys(nhs);
            browser.findElement(By.id("reason")).sendKeys("Subject access request SAR-5520 from the data subject");
            browser.findElement(By.id("show-report")).click();
            assertThat(waitFor(By.id("disclosures")).getText()).contains(delivered, "police-test", "gp-test");
            screenshot("console-subject-access");
            assertNoBlockingViolations("subject access report");

            // The download button posts the hidden form; posted here with the browser's own session and token.
            Map<String, String> fields = new LinkedHashMap<>();
            for (var input : browser.findElements(By.cssSelector("#download input[type=hidden]"))) {
                fields.put(input.getAttribute("name"), input.getAttribute("value"));
            }
            assertThat(fields).containsKeys("_csrf", "nhsNumber", "reason").containsEntry("format", "csv");
            String form = fields.entrySet().stream().map(e -> URLEncoder.encode(e.getKey(), StandardCharsets.UTF_8)
                    + "=" + URLEncoder.encode(e.getValue(), StandardCharsets.UTF_8)).collect(Collectors.joining("&"));
            var csv = send(HttpRequest.newBuilder(uri("/console/audit/subject-access"))
                    .header("Cookie", "JUNCTION_SESSION=" + browser.manage().getCookieNamed("JUNCTION_SESSION").getValue())
                    .header("Content-Type", "application/x-www-form-urlencoded")
                    .POST(HttpRequest.BodyPublishers.ofString(form)).build());
            assertThat(csv.statusCode()).isEqualTo(200);
            assertThat(csv.headers().firstValue("Content-Disposition")).hasValueSatisfying(d -> assertThat(d)
                    .startsWith("attachment").endsWith(".csv\""));
            List<String> lines = csv.body().lines().toList();
            assertThat(lines.get(0)).startsWith("\"Referral\",\"Shared by (organisation)\"");
            assertThat(lines).anySatisfy(line -> assertThat(line).startsWith("\"" + delivered + "\",\"police-test\"")
                    .contains("\"gp-test\"", "\"console-test\""));
            assertThat(csv.body()).doesNotContain(nhs).doesNotContain("Pellow");
            assertThat(jdbc.queryForList("SELECT outcome FROM ledger_event WHERE event_type = 'EXPORTED' AND actor = ?",
                    String.class, igLead.id())).containsExactlyInAnyOrder("HTML", "CSV");

            for (String page : List.of("/console/audit/overrides", "/console/audit/releases", "/console/audit/ledger")) {
                browser.get(uri(page).toString());
                assertNoBlockingViolations(page);
            }
            browser.findElement(By.id("verify")).click();
            assertThat(waitFor(By.id("verification")).getText()).contains("The chain verifies");
            screenshot("console-audit-ledger");
            assertNoBlockingViolations("ledger verified");
        } finally {
            removeAgreementsAndReload();
        }
    }

    /** The console tests' agreement, approved by every party and in force for a year. */
    private void consoleAgreementInForce() throws IOException {
        clearAgreements();
        Path agreements = CONFIG_DIR.resolve("agreements");
        Files.createDirectories(agreements);
        LocalDate today = LocalDate.now(ZoneOffset.UTC);
        Files.writeString(agreements.resolve("console-test.yaml"), ConsolePagesIT.AGREEMENT.formatted(today.minusDays(30),
                today, today.plusYears(1)));
        assertThat(reloadConfig(false).statusCode()).isEqualTo(200);
        for (String organisation : List.of("police-test", "gp-test", "volunteer-test")) {
            approvals.approve(new AgreementApproval("console-test", 1, organisation), "ig-" + organisation, Instant.now());
        }
        current.refresh();
    }

    private String posted(String referral) throws IOException {
        var answer = postReferral(POLICE_KEY, newRequestId(), referral);
        assertThat(answer.statusCode()).as(answer.body()).isEqualTo(202);
        return new com.fasterxml.jackson.databind.ObjectMapper().readTree(answer.body()).get("trackingId").asText();
    }

    private String statusOf(String trackingId) throws IOException {
        return new com.fasterxml.jackson.databind.ObjectMapper().readTree(get(POLICE_KEY, "/api/v1/referrals/"
                + trackingId).body()).path("status").asText();
    }

    private org.openqa.selenium.WebElement waitFor(By element) {
        return new WebDriverWait(browser, Duration.ofSeconds(10))
                .until(ExpectedConditions.visibilityOfElementLocated(element));
    }

    private void signIn(PersonAdministration.Issued person) {
        browser.get(uri("/console/login").toString());
        browser.findElement(By.id("username")).sendKeys(person.id());
        browser.findElement(By.id("password")).sendKeys(person.password());
        browser.findElement(By.id("code")).sendKeys(People.code(person));
        browser.findElement(By.cssSelector("main form button[type=submit]")).click();
        new WebDriverWait(browser, DASHBOARD_WAIT).until(ExpectedConditions.textToBe(By.tagName("h1"), "Dashboard"));
    }

    private void assertNoBlockingViolations(String page) {
        Results results = new AxeBuilder().analyze(browser);
        List<String> blocking = results.getViolations().stream().filter(v -> BLOCKING.contains(v.getImpact()))
                .map(ConsoleInBrowserIT::describe).toList();
        assertThat(blocking).as("serious or critical accessibility violations on " + page).isEmpty();
    }

    private static String describe(Rule violation) {
        return violation.getId() + " (" + violation.getImpact() + "): " + violation.getHelp() + " at "
                + violation.getNodes().stream().map(n -> String.valueOf(n.getTarget())).toList();
    }

    private void screenshot(String name) throws IOException {
        Files.createDirectories(SCREENSHOTS);
        File shot = ((TakesScreenshot) browser).getScreenshotAs(OutputType.FILE);
        Files.copy(shot.toPath(), SCREENSHOTS.resolve(name + ".png"), StandardCopyOption.REPLACE_EXISTING);
    }
}
