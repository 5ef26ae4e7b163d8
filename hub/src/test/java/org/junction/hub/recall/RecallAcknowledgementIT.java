package org.junction.hub.recall;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.ObjectMapper;
import jakarta.jms.Connection;
import jakarta.jms.ConnectionFactory;
import jakarta.jms.Message;
import jakarta.jms.MessageProducer;
import jakarta.jms.Session;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.List;
import java.util.UUID;
import org.apache.qpid.jms.JmsConnectionFactory;
import org.junction.adapters.jms.PartnerAddresses;
import org.junction.hub.agreements.AgreementApprovalStore;
import org.junction.hub.agreements.CurrentAgreements;
import org.junction.hub.support.HubIntegrationTest;
import org.junction.hub.support.SampleReferrals;
import org.junction.hub.support.SftpTestServer;
import org.junction.security.governance.agreement.AgreementApproval;
import org.junction.security.identity.ApiKeys;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

/**
 * Recipients whose channel gives no answer of its own acknowledge a cancellation notice
 * themselves: a jms partner with a message on its inbound queue, a file partner with an
 * acknowledgement file in its inbound directory. An id naming no recall of theirs is refused,
 * recorded, and set aside (dead-letter queue, {@code .error}) without stopping what follows.
 */
class RecallAcknowledgementIT extends HubIntegrationTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Path AGREEMENT = CONFIG_DIR.resolve("agreements").resolve("recall-acks-test.yaml");
    private static final String JMS_PARTNER = "ack-jms-test";
    private static final String JMS_KEY = "test-ack-jms-key-0001";
    private static final String SFTP_PARTNER = "ack-sftp-test";
    private static final String SFTP_PASSWORD = "test-ack-sftp-password";
    private static final SftpTestServer SFTP = SftpTestServer.start("junction", SFTP_PASSWORD);
    private static final Path PASSWORD_FILE = CONFIG_DIR.resolve("ack-sftp.password");

    @Autowired
    AgreementApprovalStore approvals;
    @Autowired
    CurrentAgreements current;
    /** The hub's own in-VM connection: it may look at dead-letter queues, which partners may not. */
    @Autowired
    ConnectionFactory hubConnections;

    @BeforeEach
    void partnersAndAgreement() throws Exception {
        SFTP.directory("inbox");
        SFTP.directory("acks");
        Files.writeString(PASSWORD_FILE, SFTP_PASSWORD + "\n");
        writePartner(JMS_PARTNER, """
                id: %s
                name: Testshire Early Help (broker)
                kind: COUNCIL
                api-key-sha256: %s
                sources:
                  - { type: jms, mapper: council-referral-json-v1 }
                sink: { type: jms, mapper: council-referral-json-v1 }
                """.formatted(JMS_PARTNER, ApiKeys.sha256Hex(JMS_KEY)));
        writePartner(SFTP_PARTNER, """
                id: %s
                name: Testshire Housing (SFTP)
                kind: COUNCIL
                sources:
                  - type: sftp-csv
                    endpoint: "%s"
                    mapper: council-referral-json-v1
                    credentials: "file:%s"
                    options: { username: junction, known-hosts: "%s", poll-delay: 300ms }
                sink:
                  type: sftp-csv
                  endpoint: "%s"
                  mapper: council-referral-csv-v1
                  credentials: "file:%s"
                  options: { username: junction, known-hosts: "%s" }
                """.formatted(SFTP_PARTNER, SFTP.endpoint("acks"), PASSWORD_FILE,
                SFTP.writeKnownHosts(CONFIG_DIR.resolve("ack-sftp-source.known_hosts")), SFTP.endpoint("inbox"),
                PASSWORD_FILE, SFTP.writeKnownHosts(CONFIG_DIR.resolve("ack-sftp-sink.known_hosts"))));
        LocalDate today = LocalDate.now(ZoneOffset.UTC);
        clearAgreements();
        Files.createDirectories(AGREEMENT.getParent());
        Files.writeString(AGREEMENT, AGREEMENT_YAML.formatted(today.minusDays(30), today, today.plusYears(1)));
        var reload = reloadConfig(false);
        assertThat(reload.statusCode()).as(reload.body()).isEqualTo(200);
        for (String organisation : List.of("police-test", JMS_PARTNER, SFTP_PARTNER)) {
            approvals.approve(new AgreementApproval("recall-acks-test", 1, organisation), "ig-" + organisation,
                    Instant.now());
        }
        current.refresh();
    }

    @AfterEach
    void removed() {
        deletePartnerFile(JMS_PARTNER);
        deletePartnerFile(SFTP_PARTNER);
        removeAgreementsAndReload();
    }

    @AfterAll
    static void stopServer() {
        SFTP.close();
    }

    @Test
    void aJmsRecipientAcknowledgesOnItsInboundQueueAndAForeignOrUnknownIdIsDeadLettered() throws Exception {
        UUID unknown = UUID.randomUUID();
        UUID trackingId = submit(SampleReferrals.police(nhsNumber(610), "Ambrosine", "Heathcote", "GIVEN")
                .replace("PATSFTY", "CAREMGT"));
        try (Connection partner = amqp(JMS_PARTNER, JMS_KEY)) {
            Session session = partner.createSession(Session.SESSION_TRANSACTED);
            var consumer = session.createConsumer(session.createQueue(PartnerAddresses.outbound(JMS_PARTNER)));
            assertThat(consumer.receive(30_000)).as("the referral").isNotNull();
            session.commit();
            await().atMost(Duration.ofSeconds(10)).until(() -> delivered(trackingId, JMS_PARTNER));

            assertThat(markInError(trackingId)).isEqualTo(202);
            Message notice = consumer.receive(30_000);
            assertThat(notice).as("the cancellation notice").isNotNull();
            session.commit();
            String recallId = JSON.readTree(notice.getBody(byte[].class)).get("recallId").asText();
            await().atMost(Duration.ofSeconds(10)).until(() -> "SENT".equals(state(recallId)));

            acknowledge(partner, unknown.toString());
            acknowledge(partner, recallId);

            await().atMost(Duration.ofSeconds(20)).until(() -> "ACKNOWLEDGED".equals(state(recallId)));
            assertThat(jdbc.queryForObject("""
                    SELECT actor FROM ledger_event WHERE event_type = 'RECALL_ACKNOWLEDGED' AND tracking_id = ?""",
                    String.class, trackingId)).isEqualTo(JMS_PARTNER);
            assertThat(jdbc.queryForObject("SELECT acknowledged_at FROM recall WHERE recall_id = ?", Instant.class,
                    UUID.fromString(recallId))).isNotNull();
        }
        Message dead = deadLettered(JMS_PARTNER);
        assertThat(dead).isNotNull();
        assertThat(dead.getStringProperty("JunctionFailureReason")).isEqualTo("UNKNOWN_RECALL");
        assertThat(refusals(JMS_PARTNER, "UNKNOWN_RECALL")).isEqualTo(1);
        var refusal = jdbc.queryForMap("""
                SELECT tracking_id, stage_key FROM ledger_event WHERE event_type = 'RECALL_ACK_REFUSED' AND actor = ?""",
                JMS_PARTNER);
        assertThat(refusal.get("tracking_id")).as("an offered id is not filed as a referral's").isNull();
        assertThat((String) refusal.get("stage_key")).contains(RecallService.offeredDigest(unknown))
                .doesNotContain(unknown.toString());
        // Acknowledging again changes nothing and is not refused.
        try (Connection partner = amqp(JMS_PARTNER, JMS_KEY)) {
            acknowledgeByTrackingId(partner, trackingId);
        }
        Thread.sleep(1_000);
        assertThat(refusals(JMS_PARTNER, null)).isEqualTo(1);
        assertThat(jdbc.queryForObject("""
                SELECT COUNT(*) FROM ledger_event WHERE event_type = 'RECALL_ACKNOWLEDGED' AND tracking_id = ?""",
                Integer.class, trackingId)).isEqualTo(1);
        assertThat(timelineTypes(trackingId)).contains("RECALL_ACKNOWLEDGED").doesNotContain("RECALL_ACK_REFUSED");
    }

    @Test
    void anSftpRecipientAcknowledgesWithAFileAndAFileNamingAnotherPartnersRecallGoesToError() throws Exception {
        UUID toFiles = submit(SampleReferrals.police(nhsNumber(630), "Leocadia", "Fennimore", "GIVEN")
                .replace("PATSFTY", "COC"));
        UUID toBroker = submit(SampleReferrals.police(nhsNumber(650), "Evander", "Pomfret", "GIVEN")
                .replace("PATSFTY", "CAREMGT"));
        await().atMost(Duration.ofSeconds(30)).until(() -> delivered(toFiles, SFTP_PARTNER)
                && delivered(toBroker, JMS_PARTNER));
        assertThat(markInError(toFiles)).isEqualTo(202);
        assertThat(markInError(toBroker)).isEqualTo(202);
        String fileRecall = await().atMost(Duration.ofSeconds(30)).until(() -> recallOf(toFiles, "SENT"),
                id -> id != null);
        String brokerRecall = await().atMost(Duration.ofSeconds(30)).until(() -> recallOf(toBroker, "SENT"),
                id -> id != null);
        String cancellation = SFTP.files("inbox").stream().map(n -> read(SFTP.root().resolve("inbox").resolve(n)))
                .filter(c -> c.startsWith("record_type,")).findFirst().orElseThrow();
        assertThat(cancellation).contains(fileRecall);

        drop("not-mine.csv", "record_type,hub_recall_id\r\nRECALL_ACK," + brokerRecall + "\r\n");
        await().atMost(Duration.ofSeconds(20)).until(() -> SFTP.files("acks/.error").contains("not-mine.csv"));
        assertThat(state(brokerRecall)).isEqualTo("SENT");
        assertThat(refusals(SFTP_PARTNER, "NOT_RECIPIENT")).isEqualTo(1);

        drop("acks-1.csv", "record_type,hub_recall_id\r\nRECALL_ACK," + fileRecall + "\r\n");
        await().atMost(Duration.ofSeconds(20)).until(() -> "ACKNOWLEDGED".equals(state(fileRecall)));
        await().atMost(Duration.ofSeconds(10)).until(() -> !SFTP.files("acks").contains("acks-1.csv"));
        assertThat(SFTP.files("acks/.error")).doesNotContain("acks-1.csv");
        assertThat(jdbc.queryForObject("""
                SELECT actor FROM ledger_event WHERE event_type = 'RECALL_ACKNOWLEDGED' AND tracking_id = ?""",
                String.class, toFiles)).isEqualTo(SFTP_PARTNER);
    }

    private void drop(String name, String content) throws Exception {
        Path dir = SFTP.root().resolve("acks");
        Path hidden = dir.resolve("." + name + ".part");
        Files.writeString(hidden, content);
        Files.move(hidden, dir.resolve(name), java.nio.file.StandardCopyOption.ATOMIC_MOVE);
    }

    private static String read(Path file) {
        try {
            return Files.readString(file);
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    private static void acknowledge(Connection connection, String recallId) throws Exception {
        try (Session session = connection.createSession(false, Session.AUTO_ACKNOWLEDGE);
             MessageProducer producer = session.createProducer(session.createQueue(
                     PartnerAddresses.inbound(JMS_PARTNER)))) {
            Message message = session.createMessage();
            message.setStringProperty("JunctionMessageType", "RECALL_ACKNOWLEDGEMENT");
            message.setStringProperty("JunctionRecallId", recallId);
            producer.send(message);
        }
    }

    /** The other shape: the id as the text body, here the referral's tracking id. */
    private static void acknowledgeByTrackingId(Connection connection, UUID trackingId) throws Exception {
        try (Session session = connection.createSession(false, Session.AUTO_ACKNOWLEDGE);
             MessageProducer producer = session.createProducer(session.createQueue(
                     PartnerAddresses.inbound(JMS_PARTNER)))) {
            Message message = session.createTextMessage(trackingId.toString());
            message.setStringProperty("JunctionMessageType", "RECALL_ACKNOWLEDGEMENT");
            producer.send(message);
        }
    }

    private Message deadLettered(String partnerId) throws Exception {
        try (Connection hub = hubConnections.createConnection()) {
            hub.start();
            Session session = hub.createSession(false, Session.AUTO_ACKNOWLEDGE);
            return session.createConsumer(session.createQueue(PartnerAddresses.inboundDeadLetter(partnerId)))
                    .receive(10_000);
        }
    }

    private Connection amqp(String user, String password) throws Exception {
        Connection connection = new JmsConnectionFactory("amqp://127.0.0.1:" + BROKER_PORT).createConnection(user,
                password);
        try {
            connection.start();
            return connection;
        } catch (Exception e) {
            connection.close();
            throw e;
        }
    }

    private int markInError(UUID trackingId) {
        return postJson(POLICE_KEY, "/api/v1/referrals/" + trackingId + "/entered-in-error", "application/json",
                "{\"reasonCode\": \"WRONG_PERSON\"}").statusCode();
    }

    private String state(String recallId) {
        return jdbc.queryForObject("SELECT state FROM recall WHERE recall_id = ?", String.class,
                UUID.fromString(recallId));
    }

    private String recallOf(UUID trackingId, String state) {
        return jdbc.queryForList("SELECT recall_id FROM recall WHERE tracking_id = ? AND state = ?", UUID.class,
                trackingId, state).stream().findFirst().map(UUID::toString).orElse(null);
    }

    private int refusals(String partnerId, String reason) {
        return jdbc.queryForObject("""
                SELECT COUNT(*) FROM ledger_event WHERE event_type = 'RECALL_ACK_REFUSED' AND actor = ?
                AND (? IS NULL OR reason_code = ?)""", Integer.class, partnerId, reason, reason);
    }

    private boolean delivered(UUID trackingId, String recipient) {
        return jdbc.queryForObject("""
                SELECT COUNT(*) FROM ledger_event WHERE tracking_id = ? AND event_type = 'DELIVERED'
                AND recipient_partner_id = ?""", Integer.class, trackingId, recipient) > 0;
    }

    private List<String> timelineTypes(UUID trackingId) throws Exception {
        var body = JSON.readTree(get(POLICE_KEY, "/api/v1/referrals/" + trackingId).body());
        List<String> types = new java.util.ArrayList<>();
        body.get("timeline").forEach(s -> types.add(s.get("status").asText()));
        return types;
    }

    private UUID submit(String body) throws Exception {
        var response = postReferral(POLICE_KEY, newRequestId(), body);
        assertThat(response.statusCode()).isEqualTo(202);
        return UUID.fromString(JSON.readTree(response.body()).get("trackingId").asText());
    }

    private static String nhsNumber(int seed) {
        return RecallIT.nhsNumber(seed);
    }

    private static final String AGREEMENT_YAML = """
            id: recall-acks-test
            version: 1
            status: ACTIVE
            title: Police referrals to early help and housing
            owner: {organisation: police-test, role: Data Protection Officer}
            parties:
              - {organisation: police-test, name: Police, role: CONTROLLER, regime: PART3}
              - {organisation: ack-jms-test, name: Early Help, role: CONTROLLER, regime: UKGDPR}
              - {organisation: ack-sftp-test, name: Housing, role: CONTROLLER, regime: UKGDPR}
            effective-from: %1$s
            review-date: %2$s
            expires: %3$s
            flows:
              - id: police-to-early-help
                from: police-test
                to: ack-jms-test
                purposes: [CAREMGT]
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
              - id: police-to-housing
                from: police-test
                to: ack-sftp-test
                purposes: [COC]
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
