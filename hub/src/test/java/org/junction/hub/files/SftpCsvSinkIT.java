package org.junction.hub.files;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Path;
import java.time.Duration;
import java.util.UUID;
import org.apache.camel.CamelContext;
import org.junction.adapters.intake.BrokerHeaders;
import org.junction.adapters.intake.Queues;
import org.junction.hub.support.DataScanner;
import org.junction.hub.support.HubIntegrationTest;
import org.junction.hub.support.SampleReferrals;
import org.junction.hub.support.SftpTestServer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jms.core.JmsTemplate;

/**
 * A council that takes referrals as CSV files on its SFTP server: a partner added by reload
 * receives a permitted referral as {@code <requestId>.csv} in its inbox, written completely or not
 * at all; a server whose host key does not match is never sent anything and the dispatch ends
 * dead-lettered; a partner file without a host key is refused.
 */
class SftpCsvSinkIT extends HubIntegrationTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String PARTNER = "council-sftp";
    private static final String PASSWORD = "test-council-sftp-password";
    private static final SftpTestServer COUNCIL = SftpTestServer.start("junction", PASSWORD);
    private static final Path PASSWORD_FILE = CONFIG_DIR.resolve("council-sftp.password");

    @Autowired
    CamelContext camel;
    @Autowired
    JmsTemplate jms;

    @BeforeAll
    static void prepare() {
        COUNCIL.directory("inbox");
        FilePartners.write(PASSWORD_FILE, PASSWORD + "\n");
    }

    @AfterAll
    static void stopServer() {
        COUNCIL.close();
    }

    @AfterEach
    void restoreTheSharedConfiguration() {
        deletePartnerFile(PARTNER);
        removeAgreementsAndReload();
        for (String name : COUNCIL.files("inbox")) {
            COUNCIL.root().resolve("inbox").resolve(name).toFile().delete();
        }
    }

    @Test
    void permittedReferralArrivesAsACompleteCsvFileInTheCouncilsInbox() throws Exception {
        addCouncil(COUNCIL.writeKnownHosts(CONFIG_DIR.resolve("council-sftp.known_hosts")));
        assertThat(camel.getRoute("sftp-csv-sink-" + PARTNER)).isNotNull();

        UUID trackingId = referCouncil("9990000247", "Wilhelmina", "Quarrendon");

        await().atMost(Duration.ofSeconds(30)).until(() -> "DELIVERED".equals(recipientStatus(trackingId)));
        assertThat(COUNCIL.files("inbox")).hasSize(1).allMatch(name -> name.endsWith(".csv"));
        String fileName = COUNCIL.files("inbox").get(0);
        String csv = FilePartners.read(COUNCIL.root().resolve("inbox").resolve(fileName));
        assertThat(csv).startsWith("hub_tracking_id,hub_sender_partner_id,");
        assertThat(csv.lines().count()).isEqualTo(2);
        assertThat(csv).contains(trackingId.toString(), "police-test", "9990000247", "Quarrendon", "CAREMGT");
        // The receipt is the file's name on the council's server.
        assertThat(jdbc.queryForObject("SELECT response_id FROM delivery WHERE tracking_id = ? AND recipient_partner_id = ?",
                String.class, trackingId, PARTNER)).isEqualTo("inbox/" + fileName);
        // Rendered and uploaded from memory: nothing readable on the hub's disk.
        assertThat(DataScanner.filesContaining(DATA_DIR, "9990000247")).isEmpty();
        assertThat(DataScanner.filesContaining(DATA_DIR, "Quarrendon")).isEmpty();
    }

    @Test
    void serverWithTheWrongHostKeyIsSentNothingAndTheReferralFails() throws Exception {
        addCouncil(COUNCIL.writeWrongKnownHosts(CONFIG_DIR.resolve("council-sftp.known_hosts")));

        UUID trackingId = referCouncil("9990000255", "Bartholomew", "Inchcape");

        // Every attempt is refused before a byte is sent; when the retries run out the dispatch
        // is dead-lettered.
        await().atMost(Duration.ofSeconds(90)).until(() -> deadLettered(trackingId));
        assertThat(COUNCIL.files("inbox")).isEmpty();
        // Dead-lettered by the deliver route on the partner's own last attempt, with a reason, not
        // by the broker's backstop.
        await().atMost(Duration.ofSeconds(10)).until(() -> "FAILED".equals(recipientStatus(trackingId)));
        assertThat(jdbc.queryForObject("""
                SELECT COUNT(*) FROM ledger_event WHERE tracking_id = ? AND event_type = 'DELIVERY_FAILED'
                AND reason_code IS NOT NULL""", Integer.class, trackingId)).isEqualTo(1);
        assertThat(jdbc.queryForObject("SELECT COUNT(*) FROM delivery WHERE tracking_id = ?", Integer.class, trackingId))
                .isZero();
    }

    @Test
    void partnerFileWithoutAHostKeyIsRefusedNamingTheSetting() throws Exception {
        writePartner(PARTNER, """
                id: council-sftp
                name: Testshire District Council (SFTP)
                kind: COUNCIL
                sink:
                  type: sftp-csv
                  endpoint: "%s"
                  mapper: council-referral-csv-v1
                  credentials: "file:%s"
                  options: { username: junction, colour: blue }
                """.formatted(COUNCIL.endpoint("inbox"), PASSWORD_FILE));

        var response = reloadConfig(false);

        assertThat(response.statusCode()).isEqualTo(422);
        JsonNode problems = JSON.readTree(response.body()).get("problems");
        assertThat(problems.findValuesAsText("key")).contains("sink.options.known-hosts", "sink.options.colour");
        assertThat(response.body()).doesNotContain(PASSWORD);
        assertThat(camel.getRoute("sftp-csv-sink-" + PARTNER)).isNull();
    }

    private void addCouncil(Path knownHosts) {
        writePartner(PARTNER, """
                id: council-sftp
                name: Testshire District Council (SFTP)
                kind: COUNCIL
                sink:
                  type: sftp-csv
                  endpoint: "%s"
                  mapper: council-referral-csv-v1
                  credentials: "file:%s"
                  options: { username: junction, known-hosts: "%s" }
                # This partner's own retry policy: a short one, so a partner that can never be
                # reached is dead-lettered after four attempts rather than the hub's forty.
                delivery: { maximum-redeliveries: 3, initial-delay: 20ms, maximum-delay: 100ms }
                """.formatted(COUNCIL.endpoint("inbox"), PASSWORD_FILE, knownHosts));
        shareAlso(new TestFlow("police-test", "council-sftp", "CAREMGT"));
    }

    private UUID referCouncil(String nhsNumber, String given, String family) throws Exception {
        String body = SampleReferrals.police(nhsNumber, given, family, "GIVEN").replace("PATSFTY", "CAREMGT");
        var response = postReferral(POLICE_KEY, newRequestId(), body);
        assertThat(response.statusCode()).isEqualTo(202);
        return UUID.fromString(JSON.readTree(response.body()).get("trackingId").asText());
    }

    private boolean deadLettered(UUID trackingId) {
        return Boolean.TRUE.equals(jms.browseSelected(Queues.deadLetter(Queues.dispatch(PARTNER)),
                BrokerHeaders.TRACKING_ID + " = '" + trackingId + "'",
                (session, browser) -> browser.getEnumeration().hasMoreElements()));
    }

    private String recipientStatus(UUID trackingId) throws Exception {
        return JSON.readTree(get(POLICE_KEY, "/api/v1/referrals/" + trackingId).body())
                .get("recipients").path(PARTNER).asText();
    }
}
