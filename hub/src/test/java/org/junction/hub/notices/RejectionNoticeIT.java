package org.junction.hub.notices;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;
import java.util.UUID;
import org.junction.security.identity.ApiKeys;
import org.junction.adapters.config.ActiveConfig;
import org.junction.adapters.intake.OutboxSignal;
import org.junction.adapters.intake.OutboxStore;
import org.junction.hub.agreements.AgreementApprovalStore;
import org.junction.hub.agreements.CurrentAgreements;
import org.junction.hub.support.HubIntegrationTest;
import org.junction.hub.support.SampleReferrals;
import org.junction.security.audit.LedgerWriter;
import org.junction.security.crypto.EnvelopeCipher;
import org.junction.security.governance.agreement.AgreementApproval;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * A refused referral's sender is told why, through its own sink when it has one, in the status
 * view when it has none: the reason code and ids only, never a recipient, never the person.
 */
public class RejectionNoticeIT extends HubIntegrationTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Path AGREEMENT = CONFIG_DIR.resolve("agreements").resolve("police-gp-notices-test.yaml");
    private static final String NOTICES_PATH = "/police/notices";

    @Autowired
    AgreementApprovalStore approvals;
    @Autowired
    CurrentAgreements current;
    @Autowired
    OutboxStore outbox;
    @Autowired
    OutboxSignal signal;
    @Autowired
    EnvelopeCipher cipher;
    @Autowired
    LedgerWriter ledger;
    @Autowired
    TransactionTemplate transactions;
    @Autowired
    ActiveConfig activeConfig;

    @BeforeEach
    void onlyPatientSafetyReferralsToTheGpAreAgreed() throws Exception {
        LocalDate today = LocalDate.now(ZoneOffset.UTC);
        clearAgreements();
        Files.createDirectories(AGREEMENT.getParent());
        Files.writeString(AGREEMENT, AGREEMENT_YAML.formatted(today.minusDays(30), today, today.plusYears(1)));
        VOLUNTEER.stubFor(post(urlEqualTo(NOTICES_PATH)).willReturn(aResponse().withStatus(201)));
        police(true);
        for (String organisation : List.of("police-test", "gp-test")) {
            approvals.approve(new AgreementApproval("police-gp-notices-test", 1, organisation), "ig-" + organisation,
                    Instant.now());
        }
        current.refresh();
    }

    @AfterEach
    void backToTheSharedSetUp() {
        police(false);
        removeAgreementsAndReload();
        VOLUNTEER.resetAll();
    }

    @Test
    void aReferralNoFlowCoversIsRefusedAndTheSendersSinkGetsOneNoticeWithTheReasonCodeOnly() throws Exception {
        String nhs = nhsNumber(910);
        UUID trackingId = submit(SampleReferrals.police(nhs, "Ottoline", "Marchbanks", "GIVEN").replace("PATSFTY", "SUPNWK"));

        await().atMost(Duration.ofSeconds(20)).until(() -> !notices(trackingId).isEmpty());
        Thread.sleep(1_500);
        List<String> sent = notices(trackingId);
        assertThat(sent).as("one notice per referral, generation and reason").hasSize(1);
        JsonNode notice = JSON.readTree(sent.get(0));
        assertThat(notice.get("messageType").asText()).isEqualTo("REJECTION");
        assertThat(notice.get("reasonCode").asText()).isEqualTo("NO_ISA");
        assertThat(notice.get("hubTrackingId").asText()).isEqualTo(trackingId.toString());
        assertThat(notice.has("correlationId")).isTrue();
        assertThat(sent.get(0)).doesNotContain(nhs, "Ottoline", "Marchbanks", "gp-test", "volunteer-test");

        assertThat(jdbc.queryForObject("SELECT state FROM rejection_notice WHERE tracking_id = ?", String.class,
                trackingId)).isEqualTo("QUEUED");
        String noticeId = notice.get("noticeId").asText();
        await().atMost(Duration.ofSeconds(10)).until(() -> jdbc.queryForObject(
                "SELECT COUNT(*) FROM delivery WHERE tracking_id = ?", Integer.class, UUID.fromString(noticeId)) == 1);
        JsonNode step = rejectionStep(trackingId);
        assertThat(step.get("outcome").asText()).isEqualTo("QUEUED");
        assertThat(step.get("reason").asText()).isEqualTo("NO_ISA");
        assertThat(step.get("recipient").isNull()).isTrue();
    }

    @Test
    void aSenderWithoutASinkReadsTheReasonInTheReferralStatus() throws Exception {
        police(false);
        UUID trackingId = submit(SampleReferrals.police(nhsNumber(930), "Peregrine", "Waxholm", "GIVEN")
                .replace("PATSFTY", "SUPNWK"));

        await().atMost(Duration.ofSeconds(20)).until(() -> rejectionStep(trackingId) != null);
        JsonNode step = rejectionStep(trackingId);
        assertThat(step.get("outcome").asText()).isEqualTo("STATUS_ONLY");
        assertThat(step.get("reason").asText()).isEqualTo("NO_ISA");
        assertThat(jdbc.queryForObject("SELECT state FROM rejection_notice WHERE tracking_id = ?", String.class,
                trackingId)).isEqualTo("STATUS_ONLY");
        assertThat(notices(trackingId)).isEmpty();
        assertThat(jdbc.queryForObject("""
                SELECT COUNT(*) FROM outbox o JOIN rejection_notice n ON n.notice_id = o.tracking_id
                WHERE n.tracking_id = ?""", Integer.class, trackingId)).isZero();
    }

    @Test
    void aRefusalOlderThanTheWindowThatWasNeverAnnouncedStillGetsItsNotice() {
        police(false);
        UUID trackingId = UUID.randomUUID();
        OffsetDateTime longAgo = OffsetDateTime.now(ZoneOffset.UTC).minusHours(3);
        jdbc.update("""
                INSERT INTO intake_request (sender_partner_id, request_id, tracking_id, correlation_id, received_at)
                VALUES ('police-test', ?, ?, NULL, ?)""", "old-" + trackingId, trackingId, longAgo);
        jdbc.update("""
                INSERT INTO sharing_decision (tracking_id, recipient_partner_id, generation, outcome, reason_code,
                    decided_at) VALUES (?, 'gp-test', 1, 'DENY', 'NO_ISA', ?)""", trackingId, longAgo);

        // As after a restart: the first pass reads every refusal not yet announced, not just the window's.
        var restarted = new RejectionNoticeService(jdbc, outbox, signal, cipher, ledger, transactions, activeConfig,
                Duration.ofHours(1), Clock.systemUTC());
        restarted.pass();

        assertThat(jdbc.queryForObject("SELECT state FROM rejection_notice WHERE tracking_id = ?", String.class,
                trackingId)).isEqualTo("STATUS_ONLY");
        assertThat(restarted.pass()).as("announced once").isZero();
        assertThat(jdbc.queryForObject("SELECT COUNT(*) FROM rejection_notice WHERE tracking_id = ?", Integer.class,
                trackingId)).isEqualTo(1);
    }

    @Test
    void aPermittedReferralSendsNoNotice() throws Exception {
        UUID trackingId = submit(SampleReferrals.police(nhsNumber(950), "Hesper", "Collingwood", "GIVEN"));
        await().atMost(Duration.ofSeconds(20)).until(() -> "DELIVERED".equals(status(trackingId)));
        Thread.sleep(1_500);
        assertThat(notices(trackingId)).isEmpty();
        assertThat(jdbc.queryForObject("SELECT COUNT(*) FROM rejection_notice WHERE tracking_id = ?", Integer.class,
                trackingId)).isZero();
    }

    /** The force's system, optionally able to receive: a JSON sink the hub posts notices to. */
    private void police(boolean withSink) {
        writePartner("police-test", """
                id: police-test
                name: Testshire Police
                kind: POLICE
                api-key-sha256: %s
                sources:
                  - { type: rest-json, mapper: police-referral-json-v1 }
                  - { type: rest-json, mapper: police-referral-xml-v1 }
                  - { type: fhir-r4, mapper: fhir-consent-r4-v1 }
                """.formatted(ApiKeys.sha256Hex(POLICE_KEY)) + (withSink
                ? "sink: { type: rest-json, endpoint: \"%s%s\", mapper: council-referral-json-v1 }\n"
                        .formatted(VOLUNTEER.baseUrl(), NOTICES_PATH) : ""));
        var reload = reloadConfig(false);
        assertThat(reload.statusCode()).as(reload.body()).isEqualTo(200);
    }

    private List<String> notices(UUID trackingId) {
        return VOLUNTEER.findAll(postRequestedFor(urlEqualTo(NOTICES_PATH))).stream()
                .map(r -> r.getBodyAsString()).filter(b -> b.contains(trackingId.toString())).toList();
    }

    private JsonNode rejectionStep(UUID trackingId) throws Exception {
        for (JsonNode step : JSON.readTree(get(POLICE_KEY, "/api/v1/referrals/" + trackingId).body()).get("timeline")) {
            if ("REJECTION_NOTICE".equals(step.get("status").asText())) {
                return step;
            }
        }
        return null;
    }

    private String status(UUID trackingId) throws Exception {
        return JSON.readTree(get(POLICE_KEY, "/api/v1/referrals/" + trackingId).body()).get("status").asText();
    }

    private UUID submit(String body) throws Exception {
        var response = postReferral(POLICE_KEY, newRequestId(), body);
        assertThat(response.statusCode()).isEqualTo(202);
        return UUID.fromString(JSON.readTree(response.body()).get("trackingId").asText());
    }

    /** An NHS number from the 999 test range with a valid check digit, from {@code seed} on. */
    public static String nhsNumber(int seed) {
        for (int n = seed; ; n++) {
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
                return base + check;
            }
        }
    }

    private static final String AGREEMENT_YAML = """
            id: police-gp-notices-test
            version: 1
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
