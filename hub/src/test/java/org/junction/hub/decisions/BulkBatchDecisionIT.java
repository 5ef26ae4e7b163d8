package org.junction.hub.decisions;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.junction.hub.agreements.AgreementApprovalStore;
import org.junction.hub.agreements.CurrentAgreements;
import org.junction.hub.demo.FhirReceiverServer;
import org.junction.hub.support.HubIntegrationTest;
import org.junction.hub.support.People;
import org.junction.security.crypto.EnvelopeCipher;
import org.junction.security.governance.agreement.AgreementApproval;
import org.junction.security.governance.decision.OverrideRecord;
import org.junction.security.identity.Role;
import org.junction.security.people.PersonAdministration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

/**
 * The police high-demand feed, held without consent on an UNLESS_OVERRIDE flow, waits as one
 * batch per run: one decision by a Duty Inspector releases all 500 rows of a run to the GP
 * practice, each row with its own decision and ledger events, each delivered once. The next run
 * is marked against it (450 continuing, 30 new, 50 left), and declined: nothing is sent.
 */
class BulkBatchDecisionIT extends HubIntegrationTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String FEED = "police-hd-batch";
    private static final String RECIPIENT = "gp-test";
    private static final Path DROP = DATA_DIR.resolve("drop").resolve("bulk-batch");
    private static final Path AGREEMENT = CONFIG_DIR.resolve("agreements").resolve("police-hd-batch-test.yaml");
    private static final String HEADER = "record_ref,nominal_id,given_names,family_name,birth_date,gender_code,"
            + "nhs_number,address_line_1,address_line_2,town,postcode,contact_count,period_start,period_end,"
            + "last_contact_date,incident_categories,vulnerability_flags,risk_grade,purpose,officer_name,officer_id,team";
    private static final String JUSTIFICATION = "Frequent callers at high risk: the practice must review each one";

    @Autowired
    AgreementApprovalStore approvals;
    @Autowired
    CurrentAgreements current;
    @Autowired
    PersonAdministration people;
    @Autowired
    BulkRunStore runs;
    @Autowired
    BatchDecisions batches;
    @Autowired
    EnvelopeCipher cipher;

    @BeforeEach
    void agreementAndFeedInForce() throws IOException {
        LocalDate today = LocalDate.now(ZoneOffset.UTC);
        clearAgreements();
        Files.createDirectories(AGREEMENT.getParent());
        Files.writeString(AGREEMENT, AGREEMENT_YAML.formatted(today.minusDays(30), today, today.plusYears(1)));
        writePartner(FEED, """
                id: police-hd-batch
                name: Testshire Police (high-demand feed)
                kind: POLICE
                sources:
                  - type: scheduled-bulk
                    endpoint: "file:%s"
                    mapper: police-high-demand-csv-v1
                    options: { schedule: "*/1 * * * * *" }
                """.formatted(DROP));
        var reload = reloadConfig(false);
        assertThat(reload.statusCode()).as(reload.body()).isEqualTo(200);
        for (String organisation : List.of(FEED, "police-test", RECIPIENT)) {
            approvals.approve(new AgreementApproval("police-hd-batch-test", 1, organisation), "ig-" + organisation,
                    Instant.now());
        }
        current.refresh();
    }

    @AfterEach
    void removed() {
        deletePartnerFile(FEED);
        removeAgreementsAndReload();
    }

    @Test
    void oneDecisionReleasesAFiveHundredRowRunAndTheNextRunIsMarkedAgainstIt() throws Exception {
        // Run 1: subjects 0..499, all new.
        drop("high-demand-2026-11-01.csv", highDemandFile(range(0, 500)));
        JsonNode batch = awaitReadyBatch(500);
        UUID batchId = UUID.fromString(batch.get("batchId").asText());
        assertThat(batch.get("kind").asText()).isEqualTo("BATCH");
        assertThat(batch.get("recipient").asText()).isEqualTo(RECIPIENT);
        assertThat(batch.get("sender").asText()).isEqualTo(FEED);
        assertThat(batch.get("feed").asText()).isEqualTo("police-high-demand-csv-v1");
        assertThat(batch.get("agreementId").asText()).isEqualTo("police-hd-batch-test");
        assertThat(batch.get("flowId").asText()).isEqualTo("feed-to-gp");
        assertThat(batch.get("reasonHeld").asText()).isEqualTo("DECISION_REQUIRED");
        assertThat(Instant.parse(batch.get("decideBy").asText())).isAfter(Instant.parse(batch.get("waitingSince").asText()));
        assertThat(batch.at("/counts/newSubjects").asInt()).isEqualTo(500);
        assertThat(batch.at("/counts/continuing").asInt()).isZero();
        assertThat(batch.at("/counts/left").asInt()).isZero();
        Set<UUID> run1 = trackingIds(batchId);
        assertThat(run1).hasSize(500);
        JsonNode listing = JSON.readTree(get(DECISION_MAKER_KEY, "/api/v1/decisions/pending").body());
        assertThat(listing.get("pending")).as("the rows wait as one batch, not one by one")
                .noneMatch(p -> run1.contains(UUID.fromString(p.get("trackingId").asText())));
        assertThat(count("operations_alert WHERE kind = 'DECISION_WAITING' AND state = 'OPEN' AND subject = 'batch:"
                + batchId + "'")).as("one alert for the batch").isEqualTo(1);

        // The decision-maker looks at a page of the minimised rows: each row shown is a view on the ledger.
        var view = get(DECISION_MAKER_KEY, batchPath(batchId) + "?limit=5");
        assertThat(view.statusCode()).as(view.body()).isEqualTo(200);
        JsonNode shown = JSON.readTree(view.body());
        assertThat(shown.get("rows")).hasSize(5).allSatisfy(row -> {
            assertThat(row.get("mark").asText()).isEqualTo("NEW");
            assertThat(row.at("/payload/resourceType").asText()).isEqualTo("Bundle");
            assertThat(row.get("payload").toString()).doesNotContain("Sample Row");
        });
        assertThat(count("ledger_event WHERE event_type = 'DECISION_VIEWED' AND actor = 'decision-maker-test'"
                + " AND tracking_id IN (SELECT tracking_id FROM bulk_run_member WHERE batch_id = '" + batchId + "')"))
                .isEqualTo(5);

        // A decision-maker whose title the flow does not authorise sees no batch and cannot decide it.
        var issued = people.add("sergeant-" + UUID.randomUUID().toString().substring(0, 8), "police-test",
                Set.of(Role.DECISION_MAKER), List.of("Response Sergeant"), false, "TEST");
        People.Session sergeant = People.logIn(uri("/api/v1/login"), issued);
        var sergeantList = send(sergeant.request(uri("/api/v1/decisions/pending")).GET().build());
        assertThat(JSON.readTree(sergeantList.body()).get("batches")).isEmpty();
        var refused = send(sergeant.post(uri(batchPath(batchId)), approval(JUSTIFICATION)));
        assertThat(refused.statusCode()).isEqualTo(403);
        assertThat(refused.body()).contains("decisionMaker.title");
        assertThat(send(sergeant.request(uri(batchPath(batchId))).GET().build()).statusCode()).isEqualTo(403);

        // A decision-maker of another organisation learns nothing of the batch: absent, whatever its state.
        People.Session outsider = People.logIn(uri("/api/v1/login"), people.add("outsider-"
                + UUID.randomUUID().toString().substring(0, 8), RECIPIENT, Set.of(Role.DECISION_MAKER),
                List.of("Duty Inspector"), false, "TEST"));
        assertThat(send(outsider.request(uri(batchPath(batchId))).GET().build()).statusCode()).isEqualTo(404);
        assertThat(send(outsider.post(uri(batchPath(batchId)), approval(JUSTIFICATION))).statusCode()).isEqualTo(404);

        // An incomplete record is refused before anything is written.
        var incomplete = decide(batchId, approval("brief"));
        assertThat(incomplete.statusCode()).isEqualTo(422);
        assertThat(JSON.readTree(incomplete.body()).get("fields").toString()).contains("justification");
        var noReason = decide(batchId, approval(JUSTIFICATION).replace("\"reason\": \"NOT_SOUGHT_RISK\",", ""));
        assertThat(noReason.statusCode()).isEqualTo(422);
        assertThat(noReason.body()).contains("reason");
        assertThat(count("bulk_batch_decision WHERE batch_id = '" + batchId + "'")).isZero();

        // One decision releases the run.
        Instant posted = Instant.now();
        var approved = decide(batchId, approval(JUSTIFICATION));
        Instant answered = Instant.now();
        assertThat(approved.statusCode()).as(approved.body()).isEqualTo(200);
        JsonNode answer = JSON.readTree(approved.body());
        assertThat(answer.get("result").asText()).isEqualTo("APPROVED");
        assertThat(answer.get("rowsDecided").asInt()).isEqualTo(500);
        assertThat(answer.get("rowsPermitted").asInt()).isEqualTo(500);
        assertThat(answer.get("state").asText()).isEqualTo("DONE");

        await().atMost(Duration.ofSeconds(120)).pollInterval(Duration.ofMillis(200))
                .until(() -> delivered(batchId) >= 500);
        List<FhirReceiverServer.Received> atGp = GP.received().stream()
                .filter(r -> r.trackingId() != null && run1.contains(r.trackingId())).toList();
        Instant last = atGp.stream().map(FhirReceiverServer.Received::at).max(Instant::compareTo).orElseThrow();
        System.out.printf("Batch of 500 released: POST answered in %d ms, last delivery %d ms after the POST%n",
                Duration.between(posted, answered).toMillis(), Duration.between(posted, last).toMillis());
        Thread.sleep(1000);
        assertThat(GP.received().stream().filter(r -> r.trackingId() != null && run1.contains(r.trackingId()))
                .map(FhirReceiverServer.Received::trackingId)).as("every row reaches the practice once")
                .hasSize(500).doesNotHaveDuplicates();
        assertThat(delivered(batchId)).isEqualTo(500);
        assertThat(jdbc.queryForObject("""
                SELECT COUNT(DISTINCT d.id) FROM sharing_decision d JOIN bulk_run_member m ON m.tracking_id = d.tracking_id
                WHERE m.batch_id = ? AND d.generation = 2 AND d.outcome = 'PERMIT' AND d.basis_kind = 'OVERRIDE'
                AND d.recipient_partner_id = ?""", Integer.class, batchId, RECIPIENT))
                .as("each row its own new-generation decision").isEqualTo(500);
        assertThat(count("ledger_event WHERE event_type = 'DECIDED' AND actor = 'decision-maker-test' AND generation = 2"
                + " AND outcome = 'PERMIT' AND tracking_id IN (SELECT tracking_id FROM bulk_run_member WHERE batch_id = '"
                + batchId + "')")).as("each row its own DECIDED event by the decision-maker").isEqualTo(500);
        assertThat(count("ledger_event WHERE event_type = 'BATCH_DECIDED' AND tracking_id = '" + batchId
                + "' AND actor = 'decision-maker-test' AND outcome = 'APPROVED'")).isEqualTo(1);
        assertThat(count("held_decision WHERE batch_id = '" + batchId + "' AND state = 'APPROVED'")).isEqualTo(500);
        assertThat(decide(batchId, approval(JUSTIFICATION)).statusCode()).as("decided once only").isEqualTo(409);
        assertThat(send(outsider.post(uri(batchPath(batchId)), approval(JUSTIFICATION))).statusCode())
                .as("another organisation cannot tell a decided batch from none").isEqualTo(404);
        assertThat(send(outsider.request(uri(batchPath(batchId))).GET().build()).statusCode()).isEqualTo(404);
        await().atMost(Duration.ofSeconds(15)).until(() -> count("operations_alert WHERE kind = 'DECISION_WAITING'"
                + " AND state = 'OPEN' AND subject = 'batch:" + batchId + "'") == 0);

        // Run 2: subjects 50..529: 450 continuing, 30 new, and 0..49 left.
        drop("high-demand-2026-11-08.csv", highDemandFile(range(50, 530)));
        JsonNode second = awaitReadyBatch(480);
        UUID secondId = UUID.fromString(second.get("batchId").asText());
        assertThat(secondId).isNotEqualTo(batchId);
        assertThat(second.at("/counts/newSubjects").asInt()).isEqualTo(30);
        assertThat(second.at("/counts/continuing").asInt()).isEqualTo(450);
        assertThat(second.at("/counts/left").asInt()).isEqualTo(50);
        JsonNode secondView = JSON.readTree(get(DECISION_MAKER_KEY, batchPath(secondId) + "?limit=500").body());
        assertThat(secondView.get("rows")).hasSize(480);
        assertThat(secondView.get("left")).hasSize(50)
                .allSatisfy(left -> assertThat(left.get("pseudonyms")).isNotEmpty());
        Map<String, Long> marks = new java.util.HashMap<>();
        secondView.get("rows").forEach(row -> marks.merge(row.get("mark").asText(), 1L, Long::sum));
        assertThat(marks).containsExactlyInAnyOrderEntriesOf(Map.of("CONTINUING", 450L, "NEW", 30L));
        // The subjects who left are those of run 1 that run 2 no longer lists.
        Set<String> leftPseudonyms = new HashSet<>(jdbc.queryForList(
                "SELECT subject_pseudonyms FROM bulk_run_member WHERE batch_id = ? AND mark = 'LEFT'", String.class,
                secondId));
        assertThat(leftPseudonyms).containsExactlyInAnyOrderElementsOf(jdbc.queryForList("""
                SELECT subject_pseudonyms FROM bulk_run_member WHERE batch_id = ? AND member_no <= 50""",
                String.class, batchId));

        // Declined: every row is denied and nothing is sent.
        // The periodic resume, run without pause meanwhile, leaves the request its own batch: the
        // request answers with every row, each decided once.
        Set<UUID> run2 = trackingIds(secondId);
        AtomicBoolean resuming = new AtomicBoolean(true);
        Thread resumer = new Thread(() -> {
            while (resuming.get()) {
                batches.resumeUnfinished();
            }
        }, "resume-alongside");
        resumer.start();
        HttpResponse<String> declined;
        try {
            declined = decide(secondId, "{\"decision\": \"DECLINE\"}");
        } finally {
            resuming.set(false);
            resumer.join();
        }
        assertThat(declined.statusCode()).as(declined.body()).isEqualTo(200);
        assertThat(JSON.readTree(declined.body()).get("rowsDecided").asInt()).isEqualTo(480);
        assertThat(JSON.readTree(declined.body()).get("rowsPermitted").asInt()).isZero();
        assertThat(jdbc.queryForObject("""
                SELECT COUNT(DISTINCT d.tracking_id) FROM sharing_decision d JOIN bulk_run_member m
                ON m.tracking_id = d.tracking_id WHERE m.batch_id = ? AND d.generation = 2 AND d.outcome = 'DENY'
                AND d.reason_code = 'DECLINED_BY_DECISION_MAKER'""", Integer.class, secondId)).isEqualTo(480);
        assertThat(decide(secondId, "{\"decision\": \"DECLINE\"}").statusCode()).isEqualTo(409);
        Thread.sleep(1500);
        assertThat(GP.received()).noneMatch(r -> r.trackingId() != null && run2.contains(r.trackingId()));
        assertThat(delivered(secondId)).isZero();
        assertThat(count("outbox WHERE recipient_partner_id IS NOT NULL AND tracking_id IN (SELECT tracking_id"
                + " FROM bulk_run_member WHERE batch_id = '" + secondId + "')")).isZero();

        // Run 3: an approval taken but cut short before any row was decided (as by a restart) is
        // carried on from the rows still waiting, each decided and sent once.
        drop("high-demand-2026-11-15.csv", highDemandFile(range(530, 590)));
        UUID thirdId = UUID.fromString(awaitReadyBatch(60).get("batchId").asText());
        Set<UUID> run3 = trackingIds(thirdId);
        var record = new OverrideRecord(UUID.randomUUID(), OverrideRecord.Reason.NOT_SOUGHT_RISK,
                List.of("6(1)(e)", "DPA2018-s35+Sch8-para4"), new OverrideRecord.RiskEvidence("POLICE_HIGH_DEMAND",
                "HIGH", "PC 4521", false, false), JUSTIFICATION, new OverrideRecord.DecisionMaker("decision-maker-test",
                DECISION_MAKER_TITLE, "police-test", "decision-maker-test"), Instant.now(),
                OverrideRecord.SubjectInformed.DEFERRED, "The force tells people on its list at review");
        byte[] sealed = cipher.seal(HeldDecisions.json(record), ("override|" + record.decisionId())
                .getBytes(java.nio.charset.StandardCharsets.UTF_8));
        runs.claim(new BulkRunStore.BatchDecision(thirdId, RECIPIENT, "APPROVE", BulkRunStore.BatchState.DECIDING,
                "decision-maker-test", Instant.now(), record.decisionId(), record.reason().name(), sealed, 0, 0));
        batches.resumeUnfinished();
        batches.resumeUnfinished();
        await().atMost(Duration.ofSeconds(60)).until(() -> delivered(thirdId) >= 60);
        assertThat(runs.decision(thirdId, RECIPIENT)).hasValueSatisfying(d -> {
            assertThat(d.state()).isEqualTo(BulkRunStore.BatchState.DONE);
            assertThat(d.rowsDecided()).isEqualTo(60);
            assertThat(d.rowsPermitted()).isEqualTo(60);
        });
        assertThat(jdbc.queryForObject("""
                SELECT COUNT(*) FROM sharing_decision d JOIN bulk_run_member m ON m.tracking_id = d.tracking_id
                WHERE m.batch_id = ? AND d.generation > 1""", Integer.class, thirdId))
                .as("one new decision per row, however often the decision is carried on").isEqualTo(60);
        Thread.sleep(1000);
        assertThat(delivered(thirdId)).isEqualTo(60);
        assertThat(GP.received().stream().filter(r -> r.trackingId() != null && run3.contains(r.trackingId()))
                .map(FhirReceiverServer.Received::trackingId)).hasSize(60).doesNotHaveDuplicates();
    }

    private JsonNode awaitReadyBatch(int rows) {
        JsonNode[] found = new JsonNode[1];
        await().atMost(Duration.ofSeconds(180)).pollInterval(Duration.ofSeconds(1)).until(() -> {
            var response = get(DECISION_MAKER_KEY, "/api/v1/decisions/pending");
            assertThat(response.statusCode()).isEqualTo(200);
            for (JsonNode batch : JSON.readTree(response.body()).get("batches")) {
                if (batch.get("sender").asText().equals(FEED) && batch.get("ready").asBoolean()
                        && batch.get("rows").asInt() == rows) {
                    found[0] = batch;
                    return true;
                }
            }
            return false;
        });
        return found[0];
    }

    private Set<UUID> trackingIds(UUID batchId) {
        return new HashSet<>(jdbc.queryForList("""
                SELECT tracking_id FROM bulk_run_member WHERE batch_id = ? AND tracking_id IS NOT NULL""",
                UUID.class, batchId));
    }

    private int delivered(UUID batchId) {
        Integer n = jdbc.queryForObject("""
                SELECT COUNT(*) FROM ledger_event WHERE event_type = 'DELIVERED' AND recipient_partner_id = ?
                AND tracking_id IN (SELECT tracking_id FROM bulk_run_member WHERE batch_id = ?)""",
                Integer.class, RECIPIENT, batchId);
        return n == null ? 0 : n;
    }

    private static String batchPath(UUID batchId) {
        return "/api/v1/decisions/batches/" + batchId + "/" + RECIPIENT;
    }

    private HttpResponse<String> decide(UUID batchId, String body) {
        return postJson(DECISION_MAKER_KEY, batchPath(batchId), "application/json", body);
    }

    private static String approval(String justification) {
        return """
                {"decision": "APPROVE", "reason": "NOT_SOUGHT_RISK",
                 "basisCodes": ["6(1)(e)", "DPA2018-s35+Sch8-para4"],
                 "riskEvidence": {"tool": "POLICE_HIGH_DEMAND", "grade": "HIGH", "assessor": "PC 4521"},
                 "justification": "%s",
                 "subjectInformed": "DEFERRED", "notInformedReason": "The force tells people on its list at review"}
                """.formatted(justification);
    }

    private static List<Integer> range(int from, int to) {
        List<Integer> subjects = new ArrayList<>();
        for (int i = from; i < to; i++) {
            subjects.add(i);
        }
        return subjects;
    }

    /** Synthetic rows: subject {@code k} is always the same invented person, with an NHS number from the 999 range. */
    private static String highDemandFile(List<Integer> subjects) {
        StringBuilder file = new StringBuilder(HEADER).append("\r\n");
        int row = 0;
        for (int k : subjects) {
            row++;
            file.append(String.join(",", "HD-B-%04d".formatted(row), "NOM-B-" + k, "Batchname" + letters(k + 1),
                    "Feedrow" + letters(k + 9), "1984-07-02", "M", NHS.apply(k), "9 Sample Row", "", "Testbury",
                    "TB1 2CD", "17", "2026-05-01", "2026-10-31", "2026-10-28", "DOM;MH", "DAV", "HIGH", "PATSFTY",
                    "PC Sam Example", "4521", "Partnership Hub East")).append("\r\n");
        }
        return file.toString();
    }

    private static final List<String> NHS_NUMBERS = nhsNumbers(600);
    private static final Function<Integer, String> NHS = NHS_NUMBERS::get;

    /** Distinct NHS numbers from the 999 test range with valid Modulus 11 check digits. */
    private static List<String> nhsNumbers(int count) {
        List<String> numbers = new ArrayList<>();
        for (int n = 810_000; numbers.size() < count; n++) {
            String base = "999" + String.format("%06d", n);
            int sum = 0;
            for (int i = 0; i < 9; i++) {
                sum += (base.charAt(i) - '0') * (10 - i);
            }
            int check = 11 - sum % 11;
            if (check == 11) {
                check = 0;
            }
            if (check != 10) {
                numbers.add(base + check);
            }
        }
        return numbers;
    }

    private static String letters(int n) {
        return Integer.toString(n, 26).chars().mapToObj(c -> String.valueOf((char) ('a' + Character.digit(c, 26))))
                .collect(Collectors.joining());
    }

    private static void drop(String name, String content) throws IOException {
        Files.createDirectories(DROP);
        Path hidden = DROP.resolve("." + name + "." + UUID.randomUUID());
        Files.writeString(hidden, content);
        Files.move(hidden, DROP.resolve(name), StandardCopyOption.ATOMIC_MOVE);
    }

    /**
     * The force's high-demand list goes to the practice minimised to the envelope, NHS number and
     * name; people on the list are not asked, so each run waits for a Duty Inspector's decision.
     */
    private static final String AGREEMENT_YAML = """
            id: police-hd-batch-test
            version: 1
            status: ACTIVE
            title: Police high-demand list to the practice
            owner: {organisation: police-test, role: Data Protection Officer}
            parties:
              - {organisation: police-test, name: Police, role: CONTROLLER, regime: PART3}
              - {organisation: police-hd-batch, name: Police feed, role: CONTROLLER, regime: PART3}
              - {organisation: gp-test, name: Practice, role: CONTROLLER, regime: UKGDPR}
            effective-from: %s
            review-date: %s
            expires: %s
            flows:
              - id: feed-to-gp
                from: police-hd-batch
                to: gp-test
                purposes: [PATSFTY]
                referral-types: [HIGH_DEMAND]
                data-items: [referral.envelope, subject.nhs-number, subject.name]
                data-categories: [REFERRAL, IDENTITY]
                lawful-basis: {art6: 6(1)(e), part3: DPA2018-s35+Sch8-para4, common-law: OVERRIDING_PUBLIC_INTEREST}
                consent-rule: UNLESS_OVERRIDE
                override-allowed: true
                decision-makers:
                  - {organisation: police-test, title: Duty Inspector}
                maximum-decision-wait: PT4H
                classification: {marking: OFFICIAL-SENSITIVE, descriptors: [PERSONAL]}
                retention: {recipient: P6Y, hub-transit: P30D, audit-log: P8Y, disposal: secure-erase}
            """;
}
