package org.junction.hub.operations;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import org.junit.jupiter.api.Test;

class DatabaseMaintenanceCheckTest {

    @Test
    void aDatabaseThatMaintainsItselfIsNotWarnedAbout() {
        assertThat(DatabaseMaintenanceCheck.problem(Map.of("autovacuum", "on", "track_counts", "on"))).isEmpty();
    }

    @Test
    void autovacuumOffIsNamedWithWhatItCostsAndTheCure() {
        assertThat(DatabaseMaintenanceCheck.problem(Map.of("autovacuum", "off", "track_counts", "on")))
                .hasValueSatisfying(warning -> assertThat(warning)
                        .startsWith("PostgreSQL runs with autovacuum = off:")
                        .contains("sequential scans", "Turn autovacuum on")
                        .doesNotContain("track_counts"));
    }

    @Test
    void statisticsOffIsNamedToo() {
        assertThat(DatabaseMaintenanceCheck.problem(Map.of("autovacuum", "off", "track_counts", "off")))
                .hasValueSatisfying(warning -> assertThat(warning)
                        .startsWith("PostgreSQL runs with autovacuum = off, track_counts = off:"));
    }
}
