package org.junction.hub.operations;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.binder.MeterBinder;
import org.junction.adapters.intake.IntakeProperties;
import org.junction.adapters.intake.OutboxStore;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * The outbox's depth on the Prometheus scrape ({@code junction_outbox_backlog}) beside its bound
 * ({@code junction_outbox_backlog_limit}). Rows pile up there when the broker takes no messages (its
 * disk limit reached, say); intake answers 503 once the depth reaches the bound, so the two together
 * tell an operator how close the hub is to refusing referrals. Read at each scrape; while the database
 * is down the depth reads as NaN.
 */
@Configuration(proxyBeanMethods = false)
class OutboxBacklogMetrics {

    @Bean
    MeterBinder outboxBacklogGauges(OutboxStore outbox, IntakeProperties intake) {
        return registry -> {
            Gauge.builder("junction.outbox.backlog", outbox, store -> {
                try {
                    return store.backlog();
                } catch (RuntimeException unavailable) {
                    return Double.NaN;
                }
            }).description("Accepted messages in the outbox, not yet on the broker").register(registry);
            Gauge.builder("junction.outbox.backlog.limit", intake, IntakeProperties::maxOutboxBacklog)
                    .description("Outbox depth at which intake answers 503 (hub.intake.max-outbox-backlog)")
                    .register(registry);
        };
    }
}
