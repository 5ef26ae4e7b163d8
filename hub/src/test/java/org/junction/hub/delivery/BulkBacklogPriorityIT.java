package org.junction.hub.delivery;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Collectors;
import org.junction.hub.agreements.AgreementApprovalStore;
import org.junction.hub.agreements.CurrentAgreements;
import org.junction.hub.demo.FhirReceiverServer;
import org.junction.hub.support.HubIntegrationTest;
import org.junction.hub.support.SampleReferrals;
import org.junction.security.governance.agreement.AgreementApproval;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

/**
 * A thousand rows of the police high-demand feed queued for a paused GP practice do not delay a
 * high-risk referral sent after them: once the practice is back it gets that referral among the
 * first few, and every one of the 1,001 exactly once. The feed's rows are graded HIGH, as a
 * force's high-demand list often is; the grade of a list to triage must not make it urgent.
 */
class BulkBacklogPriorityIT extends HubIntegrationTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String FEED = "police-hd-backlog";
    private static final String RECIPIENT = "gp-test";
    private static final int ROWS = 1000;
    private static final Path DROP = DATA_DIR.resolve("drop").resolve("bulk-priority");
    private static final Path AGREEMENT = CONFIG_DIR.resolve("agreements").resolve("police-statutory-test.yaml");
    private static final String HEADER = "record_ref,nominal_id,given_names,family_name,birth_date,gender_code,"
            + "nhs_number,address_line_1,address_line_2,town,postcode,contact_count,period_start,period_end,"
            + "last_contact_date,incident_categories,vulnerability_flags,risk_grade,purpose,officer_name,officer_id,team";

    @Autowired
    AgreementApprovalStore approvals;
    @Autowired
    CurrentAgreements current;

    @BeforeEach
    void statutoryAgreementAndFeedInForce() throws IOException {
        LocalDate today = LocalDate.now(ZoneOffset.UTC);
        clearAgreements();
        Files.createDirectories(AGREEMENT.getParent());
        Files.writeString(AGREEMENT, STATUTORY.formatted(today.minusDays(30), today, today.plusYears(1)));
        writePartner(FEED, """
                id: police-hd-backlog
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
            approvals.approve(new AgreementApproval("police-statutory-test", 1, organisation), "ig-" + organisation,
                    Instant.now());
        }
        current.refresh();
    }

    @AfterEach
    void removed() throws IOException {
        postAsAdmin("/api/v1/admin/partners/" + RECIPIENT + "/resume");
        deletePartnerFile(FEED);
        removeAgreementsAndReload();
    }

    @Test
    void aHighRiskReferralOvertakesAThousandQueuedBulkRows() throws Exception {
        assertThat(postAsAdmin("/api/v1/admin/partners/" + RECIPIENT + "/pause").statusCode()).isEqualTo(200);
        drop("high-demand-backlog.csv", highDemandFile(ROWS));

        await().atMost(Duration.ofSeconds(90)).pollInterval(Duration.ofMillis(500))
                .until(() -> queuedFrom(FEED) == ROWS);
        Set<UUID> bulk = new HashSet<>(jdbc.queryForList(
                "SELECT tracking_id FROM intake_request WHERE sender_partner_id = ?", UUID.class, FEED));
        assertThat(bulk).hasSize(ROWS);
        UUID urgent = submit(SampleReferrals.police(OrderingAndPriorityIT.nhsNumber(999_000), "Morwenna", "Quillfeather",
                "GIVEN"));
        await().atMost(Duration.ofSeconds(30)).until(() -> queued(urgent));
        assertThat(delivered(bulk, urgent)).as("nothing reaches a paused partner").isEmpty();

        long before = GP.received().stream().mapToLong(r -> Long.parseLong(r.id())).max().orElse(0);
        Instant resumed = Instant.now();
        assertThat(postAsAdmin("/api/v1/admin/partners/" + RECIPIENT + "/resume").statusCode()).isEqualTo(200);
        await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(20))
                .until(() -> delivered(bulk, urgent).stream().anyMatch(r -> urgent.equals(r.trackingId())));
        List<FhirReceiverServer.Received> first = delivered(bulk, urgent);
        int position = first.stream().map(FhirReceiverServer.Received::trackingId).toList().indexOf(urgent) + 1;
        long millis = Duration.between(resumed, first.get(position - 1).at()).toMillis();
        System.out.printf("High-risk referral delivered %d of %d, %d ms after resume%n", position, ROWS + 1, millis);
        await().atMost(Duration.ofSeconds(90)).pollInterval(Duration.ofSeconds(1))
                .until(() -> deliveredOnLedger(urgent) >= ROWS + 1);
        Thread.sleep(500);
        List<FhirReceiverServer.Received> last = GP.received();
        System.out.printf("All %d delivered %d ms after resume%n", ROWS + 1,
                Duration.between(resumed, last.get(last.size() - 1).at()).toMillis());

        assertThat(position).as("the high-risk referral's place among %d", ROWS + 1).isLessThanOrEqualTo(5);
        // The practice's server keeps only its last 1,000 Bundles; its sequence numbers count them all.
        assertThat(Long.parseLong(last.get(last.size() - 1).id()) - before).as("Bundles the practice received")
                .isEqualTo(ROWS + 1);
        assertThat(last.stream().map(FhirReceiverServer.Received::trackingId))
                .allMatch(id -> id.equals(urgent) || bulk.contains(id)).doesNotHaveDuplicates();
        assertThat(jdbc.queryForObject("""
                SELECT COUNT(DISTINCT tracking_id) FROM ledger_event WHERE event_type = 'DELIVERED'
                AND recipient_partner_id = ? AND tracking_id IN (SELECT tracking_id FROM intake_request
                WHERE sender_partner_id = ?)""", Integer.class, RECIPIENT, FEED)).isEqualTo(ROWS);
        assertThat(deliveredOnLedger(urgent)).as("deliveries recorded").isEqualTo(ROWS + 1);
    }

    /** Dispatches of the test's referrals recorded delivered, counting each delivery. */
    private int deliveredOnLedger(UUID urgent) {
        Integer n = jdbc.queryForObject("""
                SELECT COUNT(*) FROM ledger_event e WHERE e.event_type = 'DELIVERED' AND e.recipient_partner_id = ?
                AND (e.tracking_id = ? OR e.tracking_id IN (SELECT tracking_id FROM intake_request
                WHERE sender_partner_id = ?))""", Integer.class, RECIPIENT, urgent, FEED);
        return n == null ? 0 : n;
    }

    private int queuedFrom(String sender) {
        Integer n = jdbc.queryForObject("""
                SELECT COUNT(*) FROM ledger_event e JOIN intake_request r ON r.tracking_id = e.tracking_id
                WHERE r.sender_partner_id = ? AND e.event_type = 'QUEUED' AND e.recipient_partner_id = ?""",
                Integer.class, sender, RECIPIENT);
        return n == null ? 0 : n;
    }

    private boolean queued(UUID trackingId) {
        Integer n = jdbc.queryForObject("""
                SELECT COUNT(*) FROM ledger_event WHERE tracking_id = ? AND event_type = 'QUEUED'
                AND recipient_partner_id = ?""", Integer.class, trackingId, RECIPIENT);
        return n != null && n == 1;
    }

    private static List<FhirReceiverServer.Received> delivered(Set<UUID> bulk, UUID urgent) {
        return GP.received().stream()
                .filter(r -> r.trackingId() != null && (r.trackingId().equals(urgent) || bulk.contains(r.trackingId())))
                .toList();
    }

    private UUID submit(String body) throws Exception {
        var response = postReferral(POLICE_KEY, newRequestId(), body);
        assertThat(response.statusCode()).isEqualTo(202);
        return UUID.fromString(JSON.readTree(response.body()).get("trackingId").asText());
    }

    /** Synthetic rows, each about a different invented person with an NHS number from the 999 test range. */
    private static String highDemandFile(int rows) {
        StringBuilder file = new StringBuilder(HEADER).append("\r\n");
        int seed = 700_000;
        for (int i = 1; i <= rows; i++) {
            String nhs = OrderingAndPriorityIT.nhsNumber(seed);
            seed = Integer.parseInt(nhs.substring(3, 9)) + 1;
            String ref = "HD-P-%04d".formatted(i);
            file.append(String.join(",", ref, "NOM-" + i, "Bulkname" + letters(i), "Feedrow" + letters(i + 7),
                    "1986-03-14", "F", nhs, "9 Sample Row", "", "Testbury", "TB1 2CD", "21", "2026-05-01",
                    "2026-10-31", "2026-10-28", "DOM;MH", "DAV", "HIGH", "PATSFTY", "PC Sam Example", "4521",
                    "Partnership Hub East")).append("\r\n");
        }
        return file.toString();
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
     * The force's feed and its referrals both go to the practice under a statutory duty: no consent
     * needed, no decision-maker asked. Minimised to the envelope, NHS number and name.
     */
    private static final String STATUTORY = """
            id: police-statutory-test
            version: 1
            status: ACTIVE
            title: Police high-demand list and referrals to the practice
            owner: {organisation: police-test, role: Data Protection Officer}
            parties:
              - {organisation: police-test, name: Police, role: CONTROLLER, regime: PART3}
              - {organisation: police-hd-backlog, name: Police feed, role: CONTROLLER, regime: PART3}
              - {organisation: gp-test, name: Practice, role: CONTROLLER, regime: UKGDPR}
            effective-from: %s
            review-date: %s
            expires: %s
            flows:
              - id: feed-to-gp
                from: police-hd-backlog
                to: gp-test
                purposes: [PATSFTY]
                referral-types: [HIGH_DEMAND]
                data-items: [referral.envelope, subject.nhs-number, subject.name]
                data-categories: [REFERRAL, IDENTITY]
                lawful-basis: {art6: 6(1)(e), part3: DPA2018-s35+Sch8-para4, statutory-gateways: [CA2004-s11],
                               common-law: STATUTE}
                consent-rule: NEVER
                decision-makers:
                  - {organisation: police-test, title: Duty Inspector}
                maximum-decision-wait: PT1H
                classification: {marking: OFFICIAL-SENSITIVE, descriptors: [PERSONAL]}
                retention: {recipient: P6Y, hub-transit: P30D, audit-log: P8Y, disposal: secure-erase}
              - id: police-to-gp
                from: police-test
                to: gp-test
                purposes: [PATSFTY]
                referral-types: [PPN_DOMESTIC_ABUSE]
                data-items: [referral.envelope, subject.nhs-number, subject.name]
                data-categories: [REFERRAL, IDENTITY]
                lawful-basis: {art6: 6(1)(e), part3: DPA2018-s35+Sch8-para4, statutory-gateways: [CA2004-s11],
                               common-law: STATUTE}
                consent-rule: NEVER
                decision-makers:
                  - {organisation: police-test, title: Duty Inspector}
                maximum-decision-wait: PT1H
                classification: {marking: OFFICIAL-SENSITIVE, descriptors: [PERSONAL]}
                retention: {recipient: P6Y, hub-transit: P30D, audit-log: P8Y, disposal: secure-erase}
            """;
}
