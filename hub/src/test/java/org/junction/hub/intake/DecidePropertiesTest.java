package org.junction.hub.intake;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.Map;
import org.junction.routes.decide.DecideProperties;
import org.junit.jupiter.api.Test;
import org.springframework.boot.context.properties.bind.BindException;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.context.properties.source.MapConfigurationPropertySource;

class DecidePropertiesTest {

    @Test
    void withNothingSetFourConsumersDecideAndTheRelayLeavesTheirDispatchesAloneForAMinute() {
        var settings = bind(Map.of());
        assertThat(settings.consumers()).isEqualTo(4);
        assertThat(settings.dispatchClaim()).isEqualTo(Duration.ofMinutes(1));
    }

    @Test
    void aClaimIsBoundFromItsSetting() {
        assertThat(bind(Map.of("hub.decide.dispatch-claim", "5m")).dispatchClaim()).isEqualTo(Duration.ofMinutes(5));
    }

    @Test
    void aClaimUnderASecondIsRefused() {
        for (String value : new String[] {"0", "999ms", "-1s"}) {
            assertThatThrownBy(() -> bind(Map.of("hub.decide.dispatch-claim", value)))
                    .as(value)
                    .isInstanceOf(BindException.class)
                    .rootCause().hasMessageStartingWith("hub.decide.dispatch-claim must be at least 1s");
        }
    }

    private static DecideProperties bind(Map<String, String> values) {
        return new Binder(new MapConfigurationPropertySource(values)).bindOrCreate("hub.decide", DecideProperties.class);
    }
}
