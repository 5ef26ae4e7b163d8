package org.junction.hub.broker;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.boot.context.properties.bind.BindException;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.context.properties.source.MapConfigurationPropertySource;
import org.springframework.util.unit.DataSize;

class BrokerDiskPropertiesTest {

    @Test
    void withNothingSetTheBrokerKeepsArtemisLimits() {
        var disk = bind(Map.of());
        assertThat(disk.maxDiskUsage()).isEqualTo(90);
        assertThat(disk.minDiskFreeBytes()).as("no limit by free space").isEqualTo(-1);
        assertThat(disk.diskScanPeriod()).isEqualTo(Duration.ofSeconds(5));
    }

    @Test
    void sizesAndPeriodsAreReadWithTheirUnits() {
        var disk = bind(Map.of("hub.broker.max-disk-usage", "-1", "hub.broker.min-disk-free", "2GB",
                "hub.broker.disk-scan-period", "250ms"));
        assertThat(disk.maxDiskUsage()).isEqualTo(-1);
        assertThat(disk.minDiskFreeBytes()).isEqualTo(DataSize.ofGigabytes(2).toBytes());
        assertThat(disk.diskScanPeriod()).isEqualTo(Duration.ofMillis(250));
    }

    @Test
    void aNegativeFreeSpaceOrAnEmptyScanPeriodIsRefused() {
        assertThatThrownBy(() -> bind(Map.of("hub.broker.min-disk-free", "-5MB")))
                .isInstanceOf(BindException.class).hasRootCauseMessage("hub.broker.min-disk-free must not be negative");
        assertThatThrownBy(() -> bind(Map.of("hub.broker.disk-scan-period", "0s")))
                .isInstanceOf(BindException.class).hasRootCauseMessage("hub.broker.disk-scan-period must be between 1 ms and 24 days");
    }

    private static BrokerDiskProperties bind(Map<String, String> values) {
        return new Binder(new MapConfigurationPropertySource(values))
                .bindOrCreate("hub.broker", BrokerDiskProperties.class);
    }
}
