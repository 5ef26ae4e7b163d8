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
import java.util.List;
import java.util.Set;
import org.junction.hub.support.HubIntegrationTest;
import org.junction.hub.support.People;
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
        browser.findElement(By.cssSelector("form button[type=submit]")).click();

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
