package org.junction.hub.database;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.beans.factory.config.YamlPropertiesFactoryBean;
import org.springframework.core.io.ClassPathResource;

/**
 * The embedded default's database must write every commit to its file at once: the hub answers
 * 202 and acknowledges broker messages after a commit, so a commit that waits in memory is lost
 * with the process (kill -9, OOM kill) while the sender and the broker have moved on. H2 waits up
 * to 500 ms unless told otherwise. Nor may it compact its file as it closes: H2 2.3.232 can leave
 * the file at an earlier state that way (committed rows and even tables gone when it is opened
 * again; h2database issue 4247), and the hub closes its database at every stop.
 */
class EmbeddedDatabaseDurabilityTest {

    @Test
    void theShippedDatasourceUrlWritesEachCommitImmediatelyAndDoesNotCompactOnClose(@TempDir Path dataDir)
            throws Exception {
        var yaml = new YamlPropertiesFactoryBean();
        yaml.setResources(new ClassPathResource("application.yaml"));
        String url = yaml.getObject().getProperty("spring.datasource.url")
                .replace("${hub.data-dir}", dataDir.toAbsolutePath().toString());
        assertThat(url).startsWith("jdbc:h2:file:");

        try (Connection c = DriverManager.getConnection(url, "junction", "")) {
            assertThat(setting(c, "WRITE_DELAY")).isEqualTo("0");
            assertThat(setting(c, "MAX_COMPACT_TIME")).isEqualTo("0");
        }
    }

    private static String setting(Connection c, String name) throws Exception {
        try (var st = c.prepareStatement("SELECT setting_value FROM information_schema.settings WHERE setting_name = ?")) {
            st.setString(1, name);
            try (ResultSet rs = st.executeQuery()) {
                assertThat(rs.next()).as("H2 reports its %s setting", name).isTrue();
                return rs.getString(1);
            }
        }
    }
}
