package org.junction.hub.files;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junction.hub.support.DataScanner;
import org.junction.hub.support.HubIntegrationTest;
import org.junction.hub.support.SampleReferrals;
import org.junction.hub.support.SftpTestServer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * A police force that leaves its high-demand extracts on its own SFTP server: the hub collects
 * each file, stores every good row as a referral and only then deletes the file; a file it cannot
 * read is moved to {@code .error} on the police server and does not hold back the files after it;
 * a file still being uploaded is left alone.
 */
class SftpCsvSourceIT extends HubIntegrationTest {

    private static final String PARTNER = "police-sftp";
    private static final String PASSWORD = "test-police-sftp-password";
    private static final SftpTestServer POLICE = SftpTestServer.start("junction", PASSWORD);
    private static final Path PASSWORD_FILE = CONFIG_DIR.resolve("police-sftp.password");

    @AfterAll
    static void stopServer() {
        POLICE.close();
    }

    @AfterEach
    void removeThePartner() {
        deletePartnerFile(PARTNER);
        assertThat(reloadConfig(false).statusCode()).isEqualTo(200);
    }

    @Test
    void extractsAreTakenInRowByRowAndRemovedWhileAnUnreadableOneIsSetAside() {
        Path outbox = POLICE.directory("outbox");
        FilePartners.drop(outbox, "hd-2026-11-a.csv", FilePartners.highDemandFile(
                FilePartners.highDemandRow("HD-S-0001", "Philippa", "Wrenfield", "9990000204"),
                FilePartners.highDemandRow("HD-S-0002", "Ottoline", "Brackwater", "9990000212")));
        FilePartners.drop(outbox, "hd-2026-11-b-wrong-template.csv", FilePartners.unreadableFile());
        FilePartners.drop(outbox, "hd-2026-11-c.csv", FilePartners.highDemandFile(
                FilePartners.highDemandRow("HD-S-0003", "Leopold", "Stainmore", "9990000263")));
        // Still being uploaded by a tool that marks unfinished files by name: left alone.
        FilePartners.drop(outbox, "hd-2026-11-d.csv.part", FilePartners.highDemandFile(
                FilePartners.highDemandRow("HD-S-0004", "Clemency", "Ashwater", "9990000271")));
        FilePartners.write(PASSWORD_FILE, PASSWORD + "\n");
        writePartner(PARTNER, """
                id: police-sftp
                name: Testshire Police (high-demand extracts)
                kind: POLICE
                sources:
                  - type: sftp-csv
                    endpoint: "%s"
                    mapper: police-high-demand-csv-v1
                    credentials: "file:%s"
                    options:
                      username: junction
                      known-hosts: "%s"
                      poll-delay: 500ms
                """.formatted(POLICE.endpoint("outbox"), PASSWORD_FILE,
                POLICE.writeKnownHosts(CONFIG_DIR.resolve("police-sftp.known_hosts"))));

        int receivedBefore = received();

        var response = reloadConfig(false);

        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        await().atMost(Duration.ofSeconds(30)).until(() -> POLICE.files("outbox").equals(List.of("hd-2026-11-d.csv.part")));
        assertThat(POLICE.files("outbox/.error")).containsExactly("hd-2026-11-b-wrong-template.csv");
        assertThat(acceptedRows("hd-2026-11-a.csv-%")).isEqualTo(2);
        assertThat(acceptedRows("hd-2026-11-c.csv-%")).isEqualTo(1);
        assertThat(acceptedRows("hd-2026-11-b%")).isZero();
        assertThat(acceptedRows("hd-2026-11-d%")).isZero();
        await().atMost(Duration.ofSeconds(5)).until(() -> received() == receivedBefore + 3);
        // Read into memory only: no copy of the extract anywhere on the hub's disk.
        for (String nhsNumber : new String[] {"9990000204", "9990000212", "9990000263"}) {
            assertThat(DataScanner.filesContaining(DATA_DIR, nhsNumber)).as(nhsNumber).isEmpty();
        }
        assertThat(DataScanner.filesContaining(DATA_DIR, "Wrenfield")).isEmpty();
    }

    @Test
    void aFileInASingleReferralFormatBecomesOneReferralNamedAfterTheFile() {
        Path referrals = POLICE.directory("referrals");
        FilePartners.drop(referrals, "pvp-000123.json",
                SampleReferrals.police("9990000298", "Tamsin", "Edgecumbe", "GIVEN"));
        FilePartners.drop(referrals, "pvp-000124.json", "{\"sourceRef\": ");
        FilePartners.write(PASSWORD_FILE, PASSWORD + "\n");
        writePartner(PARTNER, """
                id: police-sftp
                name: Testshire Police (referrals by file)
                kind: POLICE
                sources:
                  - type: sftp-csv
                    endpoint: "%s"
                    mapper: police-referral-json-v1
                    credentials: "file:%s"
                    options: { username: junction, known-hosts: "%s", poll-delay: 500ms }
                """.formatted(POLICE.endpoint("referrals"), PASSWORD_FILE,
                POLICE.writeKnownHosts(CONFIG_DIR.resolve("police-sftp.known_hosts"))));

        assertThat(reloadConfig(false).statusCode()).isEqualTo(200);

        await().atMost(Duration.ofSeconds(30)).until(() -> POLICE.files("referrals").isEmpty());
        assertThat(POLICE.files("referrals/.error")).containsExactly("pvp-000124.json");
        assertThat(jdbc.queryForList("""
                SELECT request_id FROM intake_request WHERE sender_partner_id = ? AND request_id LIKE 'pvp-%'""",
                String.class, PARTNER)).singleElement().asString().startsWith("pvp-000123.json-").doesNotContain("#");
        assertThat(DataScanner.filesContaining(DATA_DIR, "9990000298")).isEmpty();
    }

    private int received() {
        Integer n = jdbc.queryForObject("""
                SELECT COUNT(*) FROM ledger_event WHERE event_type = 'RECEIVED' AND sender_partner_id = ?""",
                Integer.class, PARTNER);
        return n == null ? 0 : n;
    }

    private int acceptedRows(String requestIdPattern) {
        Integer n = jdbc.queryForObject("""
                SELECT COUNT(*) FROM intake_request WHERE sender_partner_id = ? AND request_id LIKE ?""",
                Integer.class, PARTNER, requestIdPattern);
        return n == null ? 0 : n;
    }
}
