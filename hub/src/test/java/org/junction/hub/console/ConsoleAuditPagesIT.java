package org.junction.hub.console;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junction.hub.agreements.AgreementApprovalStore;
import org.junction.hub.agreements.CurrentAgreements;
import org.junction.hub.decisions.GovernedDecisionsITAccess;
import org.junction.hub.support.ConsoleBrowser;
import org.junction.hub.support.HubIntegrationTest;
import org.junction.hub.support.People;
import org.junction.hub.support.SampleReferrals;
import org.junction.security.audit.LedgerDetails;
import org.junction.security.audit.LedgerEvent;
import org.junction.security.audit.LedgerEventType;
import org.junction.security.audit.LedgerWriter;
import org.junction.security.governance.agreement.AgreementApproval;
import org.junction.security.identity.Role;
import org.junction.security.people.PersonAdministration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * The console's audit pages without JavaScript, for IG leads: ledger search, subject access
 * reports on the page and as CSV, restricted-disclosure releases, override review and the ledger's
 * verification; each through the audit API's own services (same scope, same ledger records), and
 * refused to other roles and, where it is not theirs, to another organisation's IG lead.
 */
class ConsoleAuditPagesIT extends HubIntegrationTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final LocalDate TODAY = LocalDate.now(ZoneOffset.UTC);
    private static final Path AGREEMENTS = CONFIG_DIR.resolve("agreements");
    private static final String REASON = "Subject access request SAR-4410 from the data subject";

    @Autowired
    AgreementApprovalStore approvals;
    @Autowired
    CurrentAgreements current;
    @Autowired
    PersonAdministration people;
    @Autowired
    LedgerWriter ledger;
    @Autowired
    TransactionTemplate transactions;

    private PersonAdministration.Issued policeIg;
    private PersonAdministration.Issued gpIg;
    private PersonAdministration.Issued councilIg;
    private PersonAdministration.Issued operator;

    @BeforeEach
    void agreementInForceAndPeople() throws IOException {
        clearAgreements();
        Files.createDirectories(AGREEMENTS);
        Files.writeString(AGREEMENTS.resolve("police-health-test.yaml"), GovernedDecisionsITAccess.policeHealth()
                .formatted(TODAY.minusDays(30), TODAY, TODAY.plusYears(1)));
        var reload = reloadConfig(false);
        assertThat(reload.statusCode()).as(reload.body()).isEqualTo(200);
        for (String organisation : List.of("police-test", "gp-test", "volunteer-test")) {
            approvals.approve(new AgreementApproval("police-health-test", 1, organisation), "ig-" + organisation,
                    Instant.now());
        }
        current.refresh();
        policeIg = person("audit-police-ig", "police-test", false, Role.IG_LEAD);
        gpIg = person("audit-gp-ig", "gp-test", false, Role.IG_LEAD);
        councilIg = person("audit-council-ig", "council-test", false, Role.IG_LEAD);
        operator = person("audit-operator", "police-test", false, Role.OPERATOR, Role.HUB_ADMIN);
    }

    @AfterEach
    void agreementRemoved() {
        removeAgreementsAndReload();
    }

    @Test
    void anIgLeadSearchesASubjectsEventsInTheirScopeAndEachPageIsRecorded() throws Exception {
        String nhs = "9990007209";
        UUID mine = delivered(SampleReferrals.police(nhs, "Hermione", "Blackwood"));
        UUID other = delivered(SampleReferrals.police("9990007217", "Ottilie", "Farrant"));
        ConsoleBrowser browser = ConsoleBrowser.signedIn(this::uri, policeIg);

        var home = browser.get("/console");
        assertThat(home.body()).contains("href=\"/console/audit\"");
        var form = browser.get("/console/audit");
        assertThat(form.statusCode()).isEqualTo(200);
        assertThat(form.body()).contains("Search the audit ledger", "name=\"_csrf\"", "Subject access report",
                "Override review", "Restricted disclosures").doesNotContain("/console/audit/ledger");

        var noReason = browser.post("/console/audit", Map.of("nhsNumber", nhs, "reason", "short"));
        assertThat(noReason.statusCode()).isEqualTo(400);
        assertThat(noReason.body()).contains("There is a problem", "href=\"#reason\"", "Reason: required, 10 to 1000");
        var badNumber = browser.post("/console/audit", Map.of("nhsNumber", "9990007210", "reason", REASON));
        assertThat(badNumber.statusCode()).isEqualTo(400);
        assertThat(badNumber.body()).contains("href=\"#nhsNumber\"", "not a valid NHS number");
        var badDates = browser.post("/console/audit", Map.of("from", "yesterday", "eventType", "NOPE", "reason", REASON));
        assertThat(badDates.statusCode()).isEqualTo(400);
        assertThat(badDates.body()).contains("href=\"#from\"", "href=\"#eventType\"");
        assertThat(searches(policeIg.id())).as("a refused search records nothing").isZero();

        var found = browser.post("/console/audit", Map.of("nhsNumber", nhs, "partner", "gp-test",
                "eventType", "DECIDED", "reason", REASON));
        assertThat(found.statusCode()).isEqualTo(200);
        assertThat(found.body()).contains(mine.toString(), "PERMIT", "police-health-test v1", "This search is recorded")
                .doesNotContain(other.toString()).doesNotContain("Hermione").doesNotContain("Blackwood");
        assertThat(searches(policeIg.id())).isEqualTo(1);

        assertThat(jdbc.queryForObject("SELECT COUNT(*) FROM ledger_event WHERE tracking_id = ? AND event_type = "
                + "'RECEIVED' AND outcome IS NULL", Integer.class, mine)).as("an event with no outcome").isOne();
        var received = browser.post("/console/audit", Map.of("nhsNumber", nhs, "eventType", "RECEIVED",
                "reason", REASON));
        assertThat(received.body()).contains(mine.toString(), "<td class=\"govuk-table__cell\">RECEIVED</td>");
        assertThat(received.body()).as("no outcome is shown as nothing").doesNotContain("null");

        var firstPage = browser.post("/console/audit", Map.of("nhsNumber", nhs, "reason", REASON, "size", "1"));
        assertThat(firstPage.body()).contains("Page 1: events 1 to 1, more on the next page", "Next page")
                .contains("name=\"size\" value=\"1\"").contains("name=\"page\" value=\"1\"");
        var secondPage = browser.post("/console/audit", Map.of("nhsNumber", nhs, "reason", REASON, "size", "1",
                "page", "1"));
        assertThat(secondPage.body()).contains("Page 2: events 2 to 2", "Previous page");
        assertThat(searches(policeIg.id())).as("each page asked for is a search").isEqualTo(4);

        var forged = browser.postWithout("/console/audit", Map.of("nhsNumber", nhs, "reason", REASON));
        assertThat(forged.statusCode()).as("a form posted without the page's CSRF token").isEqualTo(403);
        assertThat(searches(policeIg.id())).isEqualTo(4);

        ConsoleBrowser council = ConsoleBrowser.signedIn(this::uri, councilIg);
        council.get("/console/audit");
        var elsewhere = council.post("/console/audit", Map.of("nhsNumber", nhs, "reason", REASON));
        assertThat(elsewhere.statusCode()).isEqualTo(200);
        assertThat(elsewhere.body()).as("another organisation's events").contains("No events match.")
                .doesNotContain(mine.toString());

        ConsoleBrowser admin = ConsoleBrowser.signedIn(this::uri, operator);
        assertThat(admin.get("/console").body()).doesNotContain("href=\"/console/audit\"");
        assertThat(admin.get("/console/audit").statusCode()).isEqualTo(403);
        assertThat(admin.post("/console/audit", Map.of("nhsNumber", nhs, "reason", REASON)).statusCode()).isEqualTo(403);
        assertThat(searches(operator.id())).isZero();
    }

    @Test
    void aSubjectAccessReportLeavesOutAnUnreleasedRestrictedDisclosureUntilItsSourceReleasesIt() throws Exception {
        String nhs = "9990007225";
        UUID open = delivered(SampleReferrals.police(nhs, "Clemency", "Ashdown"));
        UUID restricted = delivered(SampleReferrals.police(nhs, "Clemency", "Ashdown")
                .replace("\"sourceRef\"", "\"restrictedDisclosure\": true, \"sourceRef\""));
        ConsoleBrowser browser = ConsoleBrowser.signedIn(this::uri, policeIg);
        var form = browser.get("/console/audit/subject-access");
        assertThat(form.statusCode()).isEqualTo(200);
        assertThat(form.body()).contains("Who is it about?", "Download it as CSV");
        var noSubject = browser.post("/console/audit/subject-access", Map.of("reason", REASON, "format", "csv"));
        assertThat(noSubject.statusCode()).isEqualTo(400);
        assertThat(noSubject.body()).contains("There is a problem", "href=\"#nhsNumber\"", "subject identifier is required");

        var report = browser.post("/console/audit/subject-access", Map.of("nhsNumber", nhs, "reason", REASON));
        assertThat(report.statusCode()).isEqualTo(200);
        assertThat(report.body()).contains("1 disclosure about this person", open.toString(), "police-test",
                "gp-test", "1 restricted disclosure was left out of this report", "Download this report as CSV")
                .doesNotContain(restricted.toString()).doesNotContain("Ashdown");
        var csv = browser.post("/console/audit/subject-access", Map.of("nhsNumber", nhs, "reason", REASON,
                "format", "csv"));
        assertThat(csv.statusCode()).isEqualTo(200);
        assertThat(csv.headers().firstValue("Content-Type")).hasValueSatisfying(t -> assertThat(t).startsWith("text/csv"));
        assertThat(csv.headers().firstValue("Content-Disposition")).hasValueSatisfying(d -> assertThat(d)
                .startsWith("attachment").contains("subject-access-"));
        assertThat(csv.headers().firstValue("X-Junction-Withheld")).hasValue("1");
        List<String> lines = csv.body().lines().toList();
        assertThat(lines).hasSize(2);
        assertThat(lines.get(0)).startsWith("\"Referral\",\"Shared by (organisation)\",\"Sending system\"");
        assertThat(lines.get(1)).startsWith("\"" + open + "\",\"police-test\",\"police-test\",\"gp-test\",\"gp-test\"");
        assertThat(csv.body()).doesNotContain(restricted.toString()).doesNotContain(nhs)
                .doesNotContainIgnoringCase("withheld").doesNotContainIgnoringCase("restricted");
        assertThat(jdbc.queryForList("SELECT outcome FROM ledger_event WHERE event_type = 'EXPORTED' AND actor = ?",
                String.class, policeIg.id())).containsExactlyInAnyOrder("HTML", "CSV");

        var waiting = browser.get("/console/audit/releases");
        assertThat(waiting.statusCode()).isEqualTo(200);
        assertThat(waiting.body()).contains(restricted.toString(), "/console/audit/releases/" + restricted, "2 times")
                .doesNotContain(open.toString());
        ConsoleBrowser gp = ConsoleBrowser.signedIn(this::uri, gpIg);
        assertThat(gp.get("/console/audit/releases").body()).as("the recipient is not the source")
                .doesNotContain(restricted.toString());
        assertThat(gp.get("/console/audit/releases/" + restricted).statusCode()).as("not awaiting the recipient's release")
                .isEqualTo(404);
        var notSource = gp.post("/console/audit/releases/" + restricted, Map.of("reason", REASON));
        assertThat(notSource.statusCode()).isEqualTo(403);
        assertThat(notSource.body()).contains("There is a problem", "Only the IG lead of the organisation that sent it")
                .doesNotContain("Release it");
        assertThat(gp.post("/console/audit/releases/" + restricted, Map.of("reason", "ok")).statusCode())
                .as("a form that is not theirs is not shown again").isEqualTo(404);
        ConsoleBrowser council = ConsoleBrowser.signedIn(this::uri, councilIg);
        council.get("/console/audit/releases");
        assertThat(council.post("/console/audit/releases/" + restricted, Map.of("reason", REASON)).statusCode())
                .as("another organisation's referral").isEqualTo(404);
        var councilReport = council.post("/console/audit/subject-access", Map.of("nhsNumber", nhs, "reason", REASON));
        assertThat(councilReport.body()).contains("No disclosures about this person are recorded")
                .doesNotContain(open.toString());

        var notRestricted = browser.get("/console/audit/releases/" + open);
        assertThat(notRestricted.statusCode()).isEqualTo(404);
        assertThat(notRestricted.body()).contains("Page not found");
        var releaseForm = browser.get("/console/audit/releases/" + restricted);
        assertThat(releaseForm.statusCode()).isEqualTo(200);
        assertThat(releaseForm.body()).contains("Release it", "gp-test").doesNotContain("Showing the first");
        var short_ = browser.post("/console/audit/releases/" + restricted, Map.of("reason", "ok"));
        assertThat(short_.statusCode()).isEqualTo(400);
        assertThat(short_.body()).contains("href=\"#reason\"");
        var released = browser.post("/console/audit/releases/" + restricted,
                Map.of("reason", "The police disclosure officer agreed release"));
        assertThat(released.statusCode()).isEqualTo(302);
        assertThat(browser.get("/console/audit/releases").body()).contains("Released: referral " + restricted)
                .contains("None of your organisation's restricted disclosures awaits release");
        assertThat(jdbc.queryForList("SELECT actor FROM ledger_event WHERE event_type = 'DISCLOSURE_RELEASED' "
                + "AND tracking_id = ?", String.class, restricted)).containsExactly(policeIg.id());
        var again = browser.post("/console/audit/releases/" + restricted,
                Map.of("reason", "The police disclosure officer agreed release"));
        assertThat(again.statusCode()).isEqualTo(409);
        assertThat(again.body()).contains("already released").doesNotContain("Release it");
        assertThat(browser.get("/console/audit/releases/" + restricted).statusCode()).as("no longer awaiting")
                .isEqualTo(404);
        assertThat(browser.post("/console/audit/subject-access", Map.of("nhsNumber", nhs, "reason", REASON)).body())
                .contains("2 disclosures about this person", open.toString(), restricted.toString())
                .doesNotContain("left out of this report");

        ConsoleBrowser admin = ConsoleBrowser.signedIn(this::uri, operator);
        assertThat(admin.get("/console/audit/subject-access").statusCode()).isEqualTo(403);
        assertThat(admin.post("/console/audit/subject-access", Map.of("nhsNumber", nhs, "reason", REASON,
                "format", "csv")).statusCode()).isEqualTo(403);
        assertThat(admin.get("/console/audit/releases").statusCode()).isEqualTo(403);
    }

    @Test
    void anIgLeadOfAPartyReviewsAnApprovedOverrideOnceAndAnotherOrganisationCannotSeeIt() throws Exception {
        var posted = postReferral(POLICE_KEY, newRequestId(),
                SampleReferrals.police("9990007233", "Peregrine", "Holloway", "NOT_ASKED"));
        UUID trackingId = UUID.fromString(JSON.readTree(posted.body()).get("trackingId").asText());
        String query = "SELECT id FROM held_decision WHERE tracking_id = ? AND state = 'PENDING'";
        await().atMost(Duration.ofSeconds(20)).until(() -> !jdbc.queryForList(query, String.class, trackingId).isEmpty());
        String heldId = jdbc.queryForList(query, String.class, trackingId).get(0);
        var approved = postJson(DECISION_MAKER_KEY, "/api/v1/decisions/" + heldId, "application/json",
                GovernedDecisionsITAccess.approval());
        assertThat(approved.statusCode()).as(approved.body()).isEqualTo(200);
        String decisionId = JSON.readTree(approved.body()).get("decisionId").asText();
        String path = "/console/audit/overrides/" + decisionId;

        ConsoleBrowser browser = ConsoleBrowser.signedIn(this::uri, policeIg);
        var list = browser.get("/console/audit/overrides");
        assertThat(list.statusCode()).isEqualTo(200);
        assertThat(list.body()).contains(trackingId.toString(), "href=\"" + path + "\"", "DECISION REQUIRED");
        var item = browser.get(path);
        assertThat(item.statusCode()).isEqualTo(200);
        assertThat(item.body()).contains("Review an override", decisionId, "Record the review", "name=\"_csrf\"")
                .doesNotContain("Peregrine").doesNotContain("Holloway");

        var nothing = browser.post(path, Map.of());
        assertThat(nothing.statusCode()).isEqualTo(400);
        assertThat(nothing.body()).contains("There is a problem", "href=\"#outcome\"");
        var noNote = browser.post(path, Map.of("outcome", "CONCERN_RAISED"));
        assertThat(noNote.statusCode()).isEqualTo(400);
        assertThat(noNote.body()).contains("href=\"#note\"", "a concern needs one");

        ConsoleBrowser council = ConsoleBrowser.signedIn(this::uri, councilIg);
        assertThat(council.get("/console/audit/overrides").body()).as("not a party to the flow")
                .doesNotContain(trackingId.toString());
        assertThat(council.get(path).statusCode()).isEqualTo(404);
        assertThat(council.post(path, Map.of("outcome", "UPHELD")).statusCode()).isEqualTo(404);
        assertThat(browser.get("/console/audit/overrides/not-an-id").statusCode()).isEqualTo(404);

        browser.get(path);
        var reviewed = browser.post(path, Map.of("outcome", "CONCERN_RAISED",
                "note", "The risk evidence predates the incident; ask the inspector to revisit."));
        assertThat(reviewed.statusCode()).isEqualTo(302);
        var after = browser.get("/console/audit/overrides");
        assertThat(after.body()).contains("Review recorded: CONCERN RAISED for decision " + decisionId,
                "CONCERN RAISED by " + policeIg.id());
        assertThat(jdbc.queryForList("SELECT actor FROM ledger_event WHERE event_type = 'OVERRIDE_REVIEWED' "
                + "AND tracking_id = ?", String.class, trackingId)).containsExactly(policeIg.id());

        ConsoleBrowser gp = ConsoleBrowser.signedIn(this::uri, gpIg);
        var shown = gp.get(path);
        assertThat(shown.body()).contains("CONCERN RAISED by " + policeIg.id()).doesNotContain("Record the review");
        var twice = gp.post(path, Map.of("outcome", "UPHELD"));
        assertThat(twice.statusCode()).as("one review per override").isEqualTo(409);
        assertThat(twice.body()).contains("This override was already reviewed", "href=\"#review\"",
                "CONCERN RAISED by " + policeIg.id()).doesNotContain("name=\"outcome\"").doesNotContain("<textarea");
        var twiceInvalid = gp.post(path, Map.of("outcome", "NEITHER"));
        assertThat(twiceInvalid.statusCode()).as("nothing posted changes a recorded review").isEqualTo(409);
        assertThat(twiceInvalid.body()).contains("This override was already reviewed").doesNotContain("<textarea");

        ConsoleBrowser admin = ConsoleBrowser.signedIn(this::uri, operator);
        assertThat(admin.get("/console/audit/overrides").statusCode()).isEqualTo(403);
        assertThat(admin.post(path, Map.of("outcome", "UPHELD")).statusCode()).isEqualTo(403);
    }

    @Test
    void aHubWideIgLeadVerifiesTheLedgerOnRequestAndSeesTheFirstBadPosition() {
        var hubIg = person("audit-hub-ig", "Testshire Hub Team", true, Role.IG_LEAD);
        // The hub signs one at least a minute after the chain last grew; the tests before this one grew it.
        await().atMost(Duration.ofSeconds(90)).until(() ->
                jdbc.queryForObject("SELECT COUNT(*) FROM ledger_checkpoint", Integer.class) > 0);
        ConsoleBrowser browser = ConsoleBrowser.signedIn(this::uri, hubIg);
        var page = browser.get("/console/audit/ledger");
        assertThat(page.statusCode()).isEqualTo(200);
        assertThat(page.body()).contains("Ledger verification", "Chain head", "Last signed checkpoint",
                "Closed segments", "Verify the chain now").doesNotContain("The chain verifies");
        assertThat(page.body()).contains("Signature valid").doesNotContain("Signature does not verify")
                .doesNotContain("ACCEPTED");
        long head = jdbc.queryForObject("SELECT last_seq FROM ledger_chain_head WHERE id = 1", Long.class);
        assertThat(head).isPositive();
        assertThat(browser.get("/console/audit").body()).contains("href=\"/console/audit/ledger\"");

        var verified = browser.post("/console/audit/ledger/verify", Map.of());
        assertThat(verified.statusCode()).isEqualTo(200);
        assertThat(verified.body()).contains("The chain verifies").doesNotContain("does not verify");

        // One link's stored hash altered, and put back whatever happens: the page names its position.
        long seq = jdbc.queryForObject("SELECT MAX(seq) - 1 FROM ledger_chain", Long.class);
        String hash = jdbc.queryForObject("SELECT hash FROM ledger_chain WHERE seq = ?", String.class, seq);
        try {
            jdbc.update("UPDATE ledger_chain SET hash = ? WHERE seq = ?", "f".repeat(64), seq);
            browser.get("/console/audit/ledger");
            var tampered = browser.post("/console/audit/ledger/verify", Map.of());
            assertThat(tampered.statusCode()).isEqualTo(200);
            assertThat(tampered.body()).contains("The chain does not verify",
                    "<strong id=\"first-bad-seq\">" + seq + "</strong>", "hash mismatch");
        } finally {
            jdbc.update("UPDATE ledger_chain SET hash = ? WHERE seq = ?", hash, seq);
        }

        ConsoleBrowser scoped = ConsoleBrowser.signedIn(this::uri, policeIg);
        assertThat(scoped.get("/console/audit/ledger").statusCode()).as("the whole chain is not one organisation's")
                .isEqualTo(403);
        assertThat(scoped.post("/console/audit/ledger/verify", Map.of()).statusCode()).isEqualTo(403);
        assertThat(ConsoleBrowser.signedIn(this::uri, operator).get("/console/audit/ledger").statusCode())
                .isEqualTo(403);
    }

    @Test
    void aFailedSingleSignOnEndsOnAPageOfferingThePasswordSignIn() {
        var page = new ConsoleBrowser(this::uri).get("/console/sign-in-failed");
        assertThat(page.statusCode()).isEqualTo(401);
        assertThat(page.headers().firstValue("Content-Type")).hasValueSatisfying(t -> assertThat(t).startsWith("text/html"));
        assertThat(page.body()).contains("Sign-in failed", "govuk-button", "href=\"/console/login\"");
    }

    @Test
    void theRestrictedDisclosuresListSaysWhenItShowsOnlyTheNewestAndMatchesTheLabelExactly() {
        var hospitalIg = person("audit-hospital-ig", "hospital-test", false, Role.IG_LEAD);
        // Written to the ledger directly: more than a page of delivered referrals would take intake far too long.
        Instant start = Instant.now().minus(Duration.ofHours(2));
        List<UUID> restricted = new ArrayList<>();
        UUID lookalike = UUID.randomUUID();
        transactions.executeWithoutResult(tx -> {
            for (int i = 0; i <= 500; i++) {
                UUID trackingId = UUID.randomUUID();
                restricted.add(trackingId);
                disclosedByHospital(trackingId, LedgerDetails.RESTRICTED_DISCLOSURE, start.plusSeconds(i));
            }
            // The newest: were "_" still a wildcard, it would head the list.
            disclosedByHospital(lookalike, "RESTRICTEDXDISCLOSURE", start.plusSeconds(1000));
        });
        try {
            ConsoleBrowser browser = ConsoleBrowser.signedIn(this::uri, hospitalIg);
            var list = browser.get("/console/audit/releases");
            assertThat(list.statusCode()).isEqualTo(200);
            assertThat(list.body()).contains("More than 500 awaiting release", "Showing the first 500",
                    restricted.get(500).toString(), restricted.get(1).toString())
                    .doesNotContain(restricted.get(0).toString()).doesNotContain(lookalike.toString());
            assertThat(browser.get("/console/audit/releases/" + lookalike).statusCode()).isEqualTo(404);
            assertThat(browser.get("/console/audit/releases/" + restricted.get(0)).statusCode())
                    .as("beyond the list's first page but awaiting release").isEqualTo(200);
        } finally {
            // Released, so no other test's list of hospital-test's disclosures is this long.
            for (UUID trackingId : restricted) {
                jdbc.update("INSERT INTO disclosure_release (tracking_id, released_by, released_at, event_id) "
                        + "VALUES (?, ?, ?, ?)", trackingId, hospitalIg.id(), OffsetDateTime.now(ZoneOffset.UTC),
                        UUID.randomUUID());
            }
        }
    }

    private void disclosedByHospital(UUID trackingId, String label, Instant at) {
        var details = new LedgerDetails(null, "CONSENT_AGREEMENT", List.of("6(1)(e)"), "police-health-test", 1, null,
                null, null, null, List.of("REFERRAL"), List.of(label));
        ledger.record(LedgerEvent.forReferral(LedgerEventType.DECIDED, trackingId, "system:decide", "hospital-test",
                "gp-test", "PATSFTY", "PERMIT", null, 1, List.of(), at).withDetails(details));
        ledger.record(LedgerEvent.forReferral(LedgerEventType.DELIVERED, trackingId, "system:deliver", "hospital-test",
                "gp-test", "PATSFTY", "DELIVERED", null, 1, List.of(), at.plusMillis(500)));
    }

    private int searches(String actor) {
        return jdbc.queryForObject("SELECT COUNT(*) FROM ledger_event WHERE event_type = 'SEARCHED' AND actor = ?",
                Integer.class, actor);
    }

    private PersonAdministration.Issued person(String prefix, String organisation, boolean hubWide, Role... roles) {
        return People.add(people, prefix + "-" + UUID.randomUUID().toString().substring(0, 8), organisation, hubWide,
                roles);
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
