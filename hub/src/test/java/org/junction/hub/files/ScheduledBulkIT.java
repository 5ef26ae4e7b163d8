package org.junction.hub.files;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.stream.Stream;
import org.junction.hub.support.DataScanner;
import org.junction.hub.support.HubIntegrationTest;
import org.junction.hub.support.SftpTestServer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The police high-demand feed dropped into a directory on the hub's own disk and collected on a
 * cron schedule: good rows become referrals, the file is deleted so no plaintext stays behind, and
 * a file that cannot be read at all is moved to {@code .error}. The same from a partner's SFTP
 * server. A schedule that is not a cron expression is refused at reload.
 */
class ScheduledBulkIT extends HubIntegrationTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String PARTNER = "police-feed";
    /** Under the hub's data directory, so the plaintext scan covers it. */
    private static final Path DROP = DATA_DIR.resolve("drop").resolve(PARTNER);

    @AfterEach
    void removeThePartner() {
        deletePartnerFile(PARTNER);
        assertThat(reloadConfig(false).statusCode()).isEqualTo(200);
    }

    @Test
    void dropIsCollectedOnScheduleAndLeavesNoPlaintextBehind() throws IOException {
        FilePartners.drop(DROP, "high-demand-2026-11.csv", FilePartners.highDemandFile(
                FilePartners.highDemandRow("HD-F-0001", "Araminta", "Coldharbour", "9990000220"),
                FilePartners.highDemandRow("HD-F-0002", "Fenella", "Yarrowby", "9990000239"),
                // A row the format refuses (no name) is reported by row number and holds back nothing.
                FilePartners.highDemandRow("HD-F-0003", "", "", "9990000271")));
        FilePartners.drop(DROP, "high-demand-wrong-template.csv", FilePartners.unreadableFile());
        writeFeed("\"*/1 * * * * *\"");

        var response = reloadConfig(false);

        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        await().atMost(Duration.ofSeconds(30)).until(() -> filesIn(DROP) == 0);
        assertThat(filesIn(DROP.resolve(".error"))).isEqualTo(1);
        assertThat(DROP.resolve(".error").resolve("high-demand-wrong-template.csv")).exists();
        assertThat(jdbc.queryForList("""
                SELECT request_id FROM intake_request WHERE sender_partner_id = ? ORDER BY request_id""",
                String.class, PARTNER))
                .hasSize(2).allMatch(id -> id.startsWith("high-demand-2026-11.csv-"))
                .anyMatch(id -> id.endsWith("#1")).anyMatch(id -> id.endsWith("#2"));
        for (String plaintext : new String[] {"9990000220", "9990000239", "9990000271", "Coldharbour"}) {
            assertThat(DataScanner.filesContaining(DATA_DIR, plaintext)).as(plaintext).isEmpty();
        }
    }

    @Test
    void feedOnAnSftpServerIsCollectedOnScheduleAndRemoved() {
        try (SftpTestServer police = SftpTestServer.start("junction", "test-police-feed-password")) {
            FilePartners.drop(police.directory("feed"), "high-demand-2026-12.csv", FilePartners.highDemandFile(
                    FilePartners.highDemandRow("HD-G-0001", "Peregrine", "Lowthwaite", "9990000301")));
            Path password = CONFIG_DIR.resolve("police-feed.password");
            FilePartners.write(password, "test-police-feed-password\n");
            writePartner(PARTNER, """
                    id: police-feed
                    name: Testshire Police (high-demand feed)
                    kind: POLICE
                    sources:
                      - type: scheduled-bulk
                        endpoint: "%s"
                        mapper: police-high-demand-csv-v1
                        credentials: "file:%s"
                        options: { schedule: "*/1 * * * * *", username: junction, known-hosts: "%s" }
                    """.formatted(police.endpoint("feed"), password,
                    police.writeKnownHosts(CONFIG_DIR.resolve("police-feed.known_hosts"))));

            assertThat(reloadConfig(false).statusCode()).isEqualTo(200);

            await().atMost(Duration.ofSeconds(30)).until(() -> police.files("feed").isEmpty());
            assertThat(jdbc.queryForList("SELECT request_id FROM intake_request WHERE sender_partner_id = ?",
                    String.class, PARTNER)).anyMatch(id -> id.startsWith("high-demand-2026-12.csv-") && id.endsWith("#1"));
            assertThat(DataScanner.filesContaining(DATA_DIR, "9990000301")).isEmpty();
            deletePartnerFile(PARTNER);
            assertThat(reloadConfig(false).statusCode()).isEqualTo(200);
        }
    }

    @Test
    void scheduleThatIsNotACronExpressionIsRefusedNamingTheSetting() throws Exception {
        writeFeed("every morning");

        var response = reloadConfig(false);

        assertThat(response.statusCode()).isEqualTo(422);
        assertThat(JSON.readTree(response.body()).get("problems").findValuesAsText("key"))
                .containsExactly("sources[0].options.schedule");
    }

    private void writeFeed(String schedule) {
        writePartner(PARTNER, """
                id: police-feed
                name: Testshire Police (high-demand feed)
                kind: POLICE
                sources:
                  - type: scheduled-bulk
                    endpoint: "file:%s"
                    mapper: police-high-demand-csv-v1
                    options: { schedule: %s }
                """.formatted(DROP, schedule));
    }

    private static long filesIn(Path dir) throws IOException {
        if (!Files.isDirectory(dir)) {
            return 0;
        }
        try (Stream<Path> files = Files.list(dir)) {
            return files.filter(Files::isRegularFile).count();
        }
    }
}
