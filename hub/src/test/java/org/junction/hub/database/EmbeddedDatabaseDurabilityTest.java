package org.junction.hub.database;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.beans.factory.config.YamlPropertiesFactoryBean;
import org.springframework.core.io.ClassPathResource;

/**
 * The embedded default's database must write every commit to its file at once: the hub answers
 * 202 and acknowledges broker messages after a commit, so a commit that waits in memory is lost
 * with the process (kill -9, OOM kill) while the sender and the broker have moved on. H2 waits up
 * to 500 ms unless told otherwise.
 */
class EmbeddedDatabaseDurabilityTest {

    @Test
    void theShippedDatasourceUrlWritesEachCommitImmediately(@TempDir Path dataDir) throws Exception {
        var yaml = new YamlPropertiesFactoryBean();
        yaml.setResources(new ClassPathResource("application.yaml"));
        String url = yaml.getObject().getProperty("spring.datasource.url")
                .replace("${hub.data-dir}", dataDir.toAbsolutePath().toString());
        assertThat(url).startsWith("jdbc:h2:file:");

        try (Connection c = DriverManager.getConnection(url, "junction", "");
             Statement st = c.createStatement();
             ResultSet rs = st.executeQuery(
                     "SELECT setting_value FROM information_schema.settings WHERE setting_name = 'WRITE_DELAY'")) {
            assertThat(rs.next()).as("H2 reports its WRITE_DELAY setting").isTrue();
            assertThat(rs.getString(1)).isEqualTo("0");
        }
    }
}
