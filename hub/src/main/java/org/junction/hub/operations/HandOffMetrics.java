package org.junction.hub.operations;

import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.MeterBinder;
import org.junction.adapters.intake.BundleHandOff;
import org.junction.adapters.intake.BundleHandOffs;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * How often a stage found the Bundle of the message it took already parsed
 * ({@code junction_hand_off_total{to="decide|deliver",outcome="taken|missed"}}) and how many wait
 * ({@code junction_hand_off_held}). Misses are expected after a failover, a restart or a backlog
 * longer than {@code hub.hand-off.capacity}; steady misses on a single node under steady load mean
 * the capacity is too small for the lag between stages.
 */
@Configuration(proxyBeanMethods = false)
class HandOffMetrics {

    @Bean
    MeterBinder handOffMeters(BundleHandOffs handOffs) {
        return registry -> {
            bind(registry, "decide", handOffs.toDecide());
            bind(registry, "deliver", handOffs.toDeliver());
        };
    }

    private static void bind(MeterRegistry registry, String stage, BundleHandOff handOff) {
        FunctionCounter.builder("junction.hand.off", handOff, BundleHandOff::taken).tag("to", stage)
                .tag("outcome", "taken").description("Messages whose Bundle was handed over parsed")
                .register(registry);
        FunctionCounter.builder("junction.hand.off", handOff, BundleHandOff::missed).tag("to", stage)
                .tag("outcome", "missed").description("Messages whose Bundle had to be opened and parsed")
                .register(registry);
        Gauge.builder("junction.hand.off.held", handOff, BundleHandOff::held).tag("to", stage)
                .description("Parsed Bundles waiting for their stage").register(registry);
    }
}
