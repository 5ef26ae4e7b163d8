package org.junction.hub.operations;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.boot.context.properties.bind.BindException;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.context.properties.source.MapConfigurationPropertySource;
import org.springframework.jdbc.core.JdbcTemplate;

class QueueTablePropertiesTest {

    @Test
    void withNothingSetTheQueueTablesAreVacuumedEveryTenSeconds() {
        assertThat(bind(Map.of()).vacuumInterval()).isEqualTo(Duration.ofSeconds(10));
    }

    @Test
    void zeroTurnsTheVacuumOffAndTheTaskIsNotStarted() {
        var settings = bind(Map.of("hub.queue-tables.vacuum-interval", "0"));
        assertThat(settings.vacuumInterval()).isZero();
        assertThat(new QueueTableVacuum(new JdbcTemplate(), settings.vacuumInterval()).isAutoStartup()).isFalse();
        assertThat(new QueueTableVacuum(new JdbcTemplate(), Duration.ofSeconds(5)).isAutoStartup()).isTrue();
    }

    @Test
    void anIntervalUnderASecondIsRefused() {
        for (String value : new String[] {"500ms", "1ns"}) {
            assertThatThrownBy(() -> bind(Map.of("hub.queue-tables.vacuum-interval", value)))
                    .as(value)
                    .isInstanceOf(BindException.class)
                    .hasRootCauseMessage("hub.queue-tables.vacuum-interval must be 0 (off) or at least 1s");
        }
    }

    private static QueueTableProperties bind(Map<String, String> values) {
        return new Binder(new MapConfigurationPropertySource(values))
                .bindOrCreate("hub.queue-tables", QueueTableProperties.class);
    }
}
