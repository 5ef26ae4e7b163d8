package org.junction.hub.broker;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.Map;
import org.apache.activemq.artemis.core.config.impl.ConfigurationImpl;
import org.junit.jupiter.api.Test;
import org.springframework.boot.context.properties.bind.BindException;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.context.properties.source.MapConfigurationPropertySource;

class BrokerJournalPropertiesTest {

    @Test
    void withNothingSetTheJournalGathersSyncsForHalfAMillisecond() {
        assertThat(bind(Map.of()).bufferTimeout()).isEqualTo(Duration.ofNanos(500_000));
    }

    @Test
    void theTimeoutIsReadWithItsUnit() {
        assertThat(bind(Map.of("hub.broker.journal.buffer-timeout", "150us")).bufferTimeoutNanos()).isEqualTo(150_000);
        assertThat(bind(Map.of("hub.broker.journal.buffer-timeout", "4ms")).bufferTimeoutNanos()).isEqualTo(4_000_000);
    }

    @Test
    void aTimeoutOutsideOneMicrosecondToOneSecondIsRefused() {
        for (String value : new String[] {"0s", "999ns", "2s"}) {
            assertThatThrownBy(() -> bind(Map.of("hub.broker.journal.buffer-timeout", value)))
                    .as(value)
                    .isInstanceOf(BindException.class)
                    .hasRootCauseMessage("hub.broker.journal.buffer-timeout must be between 1us and 1s");
        }
    }

    @Test
    void theBrokerPolicySetsTheTimeoutForEitherJournal() {
        var broker = new ConfigurationImpl();
        new EmbeddedBrokerConfiguration()
                .junctionBrokerPolicy(new BrokerDiskProperties(90, null, Duration.ofSeconds(5)),
                        bind(Map.of("hub.broker.journal.buffer-timeout", "250us")))
                .customize(broker);
        assertThat(broker.getJournalBufferTimeout_NIO()).isEqualTo(250_000);
        assertThat(broker.getJournalBufferTimeout_AIO()).isEqualTo(250_000);
        assertThat(broker.isJournalDatasync()).as("syncs are still made").isTrue();
    }

    private static BrokerJournalProperties bind(Map<String, String> values) {
        return new Binder(new MapConfigurationPropertySource(values))
                .bindOrCreate("hub.broker.journal", BrokerJournalProperties.class);
    }
}
