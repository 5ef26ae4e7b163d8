package org.junction.hub.console;

import static org.assertj.core.api.Assertions.assertThat;

import com.deque.html.axecore.results.Results;
import com.deque.html.axecore.results.Rule;
import com.deque.html.axecore.selenium.AxeBuilder;
import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Set;
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
 * password and a second factor, with a screenshot under target/ and axe-core checking each page
 * for serious or critical accessibility violations. Skipped with a message where Chromium is
 * absent; under CI=true its absence fails.
 */
class ConsoleInBrowserIT extends HubIntegrationTest {

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
        var admin = People.add(people, "browser-admin-" + java.util.UUID.randomUUID().toString().substring(0, 8),
                "Testshire Hub Team", true, Role.HUB_ADMIN, Role.OPERATOR);

        browser.get(uri("/console").toString());
        new WebDriverWait(browser, Duration.ofSeconds(10)).until(ExpectedConditions.urlContains("/console/login"));
        assertNoBlockingViolations("login");
        browser.findElement(By.id("username")).sendKeys(admin.id());
        browser.findElement(By.id("password")).sendKeys(admin.password());
        browser.findElement(By.id("code")).sendKeys(People.code(admin));
        browser.findElement(By.cssSelector("main form button[type=submit]")).click();

        new WebDriverWait(browser, Duration.ofSeconds(10)).until(ExpectedConditions.textToBe(By.tagName("h1"), "Dashboard"));
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
            var inspector = people.add("browser-inspector-" + java.util.UUID.randomUUID().toString().substring(0, 8),
                    "police-test", Set.of(Role.DECISION_MAKER), List.of(DECISION_MAKER_TITLE), false, "TEST");
            var posted = postReferral(POLICE_KEY, newRequestId(),
                    SampleReferrals.police("9990007144", "Marisol", "Quenby", "NOT_ASKED"));
            assertThat(posted.statusCode()).isEqualTo(202);
            String trackingId = new com.fasterxml.jackson.databind.ObjectMapper().readTree(posted.body())
                    .get("trackingId").asText();
            signIn(inspector);
            org.awaitility.Awaitility.await().atMost(Duration.ofSeconds(20)).until(() -> {
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
                    + "'DECISION_APPROVED'", String.class, java.util.UUID.fromString(trackingId)))
                    .containsExactly(inspector.id());
        } finally {
            removeAgreementsAndReload();
        }
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
        new WebDriverWait(browser, Duration.ofSeconds(10)).until(ExpectedConditions.textToBe(By.tagName("h1"), "Dashboard"));
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
