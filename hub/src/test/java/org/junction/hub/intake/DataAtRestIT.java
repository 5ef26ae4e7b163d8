package org.junction.hub.intake;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.UUID;
import org.junction.adapters.intake.IntakeService;
import org.junction.hub.support.DataScanner;
import org.junction.hub.support.HubIntegrationTest;
import org.junction.hub.support.SampleReferrals;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jms.core.JmsTemplate;

/** What the hub writes to disk (broker journal, database files) holds no personal data in clear. */
class DataAtRestIT extends HubIntegrationTest {

    @Autowired
    JmsTemplate jms;

    @Test
    void brokerJournalAndDatabaseFilesHoldNeitherTheNhsNumberNorTheName() {
        String nhsNumber = "9990000050";
        String family = "Wrenthorpe" + Long.toHexString(System.nanoTime());
        var response = postReferral(POLICE_KEY, newRequestId(), SampleReferrals.police(nhsNumber, "Calloway", family));
        assertThat(response.statusCode()).isEqualTo(202);
        await().atMost(Duration.ofSeconds(10)).until(() -> count("outbox") == 0);
        flushDatabase();

        assertThat(DataScanner.filesContaining(DATA_DIR.resolve("broker"), nhsNumber)).isEmpty();
        assertThat(DataScanner.filesContaining(DATA_DIR.resolve("broker"), family)).isEmpty();
        assertThat(DataScanner.filesContaining(DATA_DIR.resolve("db"), nhsNumber)).isEmpty();
        assertThat(DataScanner.filesContaining(DATA_DIR.resolve("db"), family)).isEmpty();
    }

    /** Negative control: the same scan does find plaintext that was planted in each store. */
    @Test
    void scanFindsPlaintextPlantedInTheBrokerAndTheDatabase() {
        String canary = "CANARY" + UUID.randomUUID().toString().replace("-", "");
        jms.convertAndSend(IntakeService.INTAKE_QUEUE + ".canary", canary, message -> {
            message.setStringProperty("PlantedByTest", canary);
            return message;
        });
        jdbc.execute("CREATE TABLE IF NOT EXISTS scan_canary (planted VARCHAR(100))");
        jdbc.update("INSERT INTO scan_canary (planted) VALUES (?)", canary);
        flushDatabase();

        assertThat(DataScanner.filesContaining(DATA_DIR.resolve("broker"), canary)).isNotEmpty();
        assertThat(DataScanner.filesContaining(DATA_DIR.resolve("db"), canary)).isNotEmpty();
    }

    private void flushDatabase() {
        jdbc.execute("CHECKPOINT SYNC");
    }
}
