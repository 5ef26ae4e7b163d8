package org.junction.hub.operations;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.MultiGauge;
import io.micrometer.core.instrument.Tags;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Duration;
import java.util.Arrays;
import java.util.Collection;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import java.util.function.Supplier;
import java.util.stream.Collectors;
import javax.sql.DataSource;
import org.apache.activemq.artemis.core.server.embedded.EmbeddedActiveMQ;
import org.junction.adapters.config.ActiveConfig;
import org.junction.adapters.partner.Partner;
import org.junction.adapters.partner.SecretReferences;
import org.junction.console.alerts.AlertList;
import org.junction.hub.agreements.AgreementExpiryWatch;
import org.junction.hub.agreements.CurrentAgreements;
import org.junction.hub.broker.BrokerManagement;
import org.junction.routes.deliver.PartnerCircuits;
import org.junction.security.audit.LedgerWriter;
import org.junction.security.governance.agreement.Party;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.actuate.autoconfigure.security.servlet.EndpointRequest;
import org.springframework.boot.actuate.health.HealthEndpoint;
import org.springframework.boot.actuate.metrics.export.prometheus.PrometheusScrapeEndpoint;
import org.springframework.context.annotation.Bean;
import org.springframework.context.SmartLifecycle;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.annotation.Order;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.web.SecurityFilterChain;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Operations: pipeline metrics, queue and circuit gauges, the partner-circuits health indicator,
 * and alerts (stored incidents, the webhook, the checks). Hooks into the pipeline through the
 * ledger and circuit listeners only.
 */
@Configuration(proxyBeanMethods = false)
public class OperationsConfiguration {

    static final String QUEUE_DEPTH = "junction.queue.depth";
    static final String CIRCUIT_STATE = "junction.partner.circuit.state";

    /**
     * Actuator endpoints on the management port: health and the Prometheus scrape are open (the
     * port is for the internal network: load balancers and the metrics collector), anything else
     * there is closed. Ahead of the hub's other chains, and matching the management server only
     * when it runs on a port of its own.
     */
    @Bean
    @Order(0)
    SecurityFilterChain managementEndpoints(HttpSecurity http) throws Exception {
        return http.securityMatcher(EndpointRequest.toAnyEndpoint())
                .authorizeHttpRequests(a -> a
                        .requestMatchers(EndpointRequest.to(HealthEndpoint.class, PrometheusScrapeEndpoint.class))
                        .permitAll()
                        .anyRequest().denyAll())
                .build();
    }

    @Bean
    AlertStore alertStore(JdbcTemplate jdbc, TransactionTemplate transactions) {
        return new AlertStore(jdbc, transactions);
    }

    @Bean
    @ConditionalOnProperty("hub.alerts.webhook-url")
    AlertWebhook alertWebhook(AlertProperties settings, ObjectMapper json, Clock clock) {
        String secret = settings.webhookSecret();
        Supplier<byte[]> key = secret == null || secret.isBlank() ? null : () -> SecretReferences.resolve(secret);
        if (key != null) {
            key.get(); // a secret that does not resolve stops the hub at start, not at the first incident
        }
        return new AlertWebhook(settings.webhookUrl(), key, settings.webhookTimeout(), json, clock);
    }

    @Bean
    Alerts alerts(AlertStore store, ObjectProvider<AlertWebhook> webhook, Clock clock) {
        AlertWebhook sender = webhook.getIfAvailable();
        // One thread of its own: the transactions that raise go on at once, and the raises of one
        // incident queued meanwhile become one.
        ExecutorService afterCommit = Executors.newSingleThreadExecutor(runnable -> {
            Thread thread = new Thread(runnable, "junction-alerts-raise");
            thread.setDaemon(true);
            return thread;
        });
        return new Alerts(store, sender == null ? alert -> { } : sender, clock, afterCommit);
    }

    /** How long one answer of an external broker's management serves the gauges, the dashboard and the alerts. */
    static final Duration EXTERNAL_DEPTHS_MAX_AGE = Duration.ofSeconds(5);

    /** In the JVM from the embedded broker; through management from an external one (hub.broker.mode=EXTERNAL). */
    @Bean
    QueueDepths queueDepths(ObjectProvider<EmbeddedActiveMQ> embedded, ObjectProvider<BrokerManagement> external,
                            Clock clock) {
        BrokerManagement management = external.getIfAvailable();
        return management == null ? new EmbeddedQueueDepths(embedded::getIfAvailable)
                : new ManagementQueueDepths(management::messageCounts, EXTERNAL_DEPTHS_MAX_AGE, clock);
    }

    @Bean
    AlertMonitor alertMonitor(Alerts alerts, AlertProperties settings, JdbcTemplate jdbc, QueueDepths depths,
                              PartnerCircuits circuits, Clock clock) {
        var monitor = new AlertMonitor(alerts, settings, jdbc, depths::depths, circuits::state, clock);
        circuits.addListener(monitor);
        return monitor;
    }

    @Bean
    DatabaseMaintenanceCheck databaseMaintenanceCheck(DataSource dataSource) {
        return new DatabaseMaintenanceCheck(dataSource);
    }

    @Bean
    QueueTableVacuum queueTableVacuum(JdbcTemplate jdbc, QueueTableProperties settings) {
        return new QueueTableVacuum(jdbc, settings.vacuumInterval());
    }

    @Bean
    PipelineMetrics pipelineMetrics(MeterRegistry registry, LedgerWriter ledger, PartnerCircuits circuits,
                                    JdbcTemplate jdbc) {
        var metrics = new PipelineMetrics(registry, trackingId -> jdbc.query(
                "SELECT received_at FROM intake_request WHERE tracking_id = ?",
                (rs, i) -> rs.getTimestamp(1), trackingId).stream().findFirst().map(Timestamp::toInstant)
                .orElse(null));
        ledger.addListener(metrics);
        circuits.addListener(metrics);
        return metrics;
    }

    /**
     * Queue depths and circuit states as gauges. Partners and queues come and go with reloads, so
     * the set of rows is refreshed on every scrape-sized interval, while each value is read live.
     */
    @Bean
    GaugeRefresher operationsGauges(MeterRegistry registry, QueueDepths depths, ActiveConfig config,
                                    PartnerCircuits circuits, AlertProperties settings) {
        MultiGauge queues = MultiGauge.builder(QUEUE_DEPTH).description("Messages waiting on a hub queue")
                .register(registry);
        MultiGauge states = MultiGauge.builder(CIRCUIT_STATE)
                .description("Delivery circuit per receiving partner: 0 closed, 1 half open, 2 open, 3 paused")
                .register(registry);
        return new GaugeRefresher(() -> {
            queues.register(depths.depths().keySet().stream().sorted()
                    .map(queue -> MultiGauge.Row.of(Tags.of("queue", queue), depths, d -> d.depth(queue)))
                    .toList(), true);
            states.register(receivers(config).stream()
                    .map(partner -> MultiGauge.Row.of(Tags.of("partner", partner), circuits,
                            c -> code(c.state(partner))))
                    .toList(), true);
        }, settings.checkInterval());
    }

    @Bean
    PartnerCircuitsHealth partnerCircuitsHealthIndicator(ActiveConfig config, PartnerCircuits circuits) {
        return new PartnerCircuitsHealth(() -> receivers(config), circuits);
    }

    @Bean
    AlertViews alertViews(AlertStore store, ActiveConfig config, CurrentAgreements agreements) {
        return new AlertViews(store, partner -> config.partners().find(partner).map(Partner::organisation),
                agreementId -> agreements.get().agreements().stream().filter(a -> a.id().equals(agreementId))
                        .flatMap(a -> a.parties().stream()).map(Party::organisation).distinct().toList());
    }

    private static Collection<String> receivers(ActiveConfig config) {
        return config.partners().all().stream().filter(Partner::receives).map(Partner::id).sorted().toList();
    }

    static double code(PartnerCircuits.State state) {
        return switch (state) {
            case CLOSED -> 0;
            case HALF_OPEN -> 1;
            case OPEN -> 2;
            case PAUSED -> 3;
        };
    }

    /** The console's view of the stored incidents. */
    static final class AlertViews implements AlertList {
        private static final Set<String> KINDS =
                Arrays.stream(AlertKind.values()).map(Enum::name).collect(Collectors.toUnmodifiableSet());
        private final AlertStore store;
        private final Function<String, Optional<String>> organisationOfPartner;
        private final Function<String, List<String>> partiesOfAgreement;

        AlertViews(AlertStore store, Function<String, Optional<String>> organisationOfPartner,
                   Function<String, List<String>> partiesOfAgreement) {
            this.store = store;
            this.organisationOfPartner = organisationOfPartner;
            this.partiesOfAgreement = partiesOfAgreement;
        }

        @Override
        public List<AlertView> alerts(Filter filter, int limit) {
            // The controller has checked the names against STATES and kinds().
            Alert.State state = filter.state() == null ? null : Alert.State.valueOf(filter.state());
            AlertKind kind = filter.kind() == null ? null : AlertKind.valueOf(filter.kind());
            return store.recent(state, kind, filter.partner(), limit).stream().map(a -> new AlertView(a.id(),
                    a.kind().name(), a.partnerId(), a.subject(), a.firstSeen(), a.lastSeen(), a.count(),
                    a.state().name(), a.resolvedAt(), a.kind().governance(), organisations(a))).toList();
        }

        @Override
        public Set<String> kinds() {
            return KINDS;
        }

        private List<String> organisations(Alert alert) {
            if (alert.partnerId() != null) {
                return organisationOfPartner.apply(alert.partnerId()).map(List::of).orElse(List.of());
            }
            if (alert.kind() == AlertKind.AGREEMENT_EXPIRING && alert.subject() != null) {
                return partiesOfAgreement.apply(AgreementExpiryWatch.agreementIdOf(alert.subject()));
            }
            return List.of();
        }
    }

    /** Keeps the gauges' rows in step with the partners and queues that exist. */
    static final class GaugeRefresher implements SmartLifecycle {
        private final Runnable refresh;
        private final Duration interval;
        private ScheduledExecutorService executor;

        GaugeRefresher(Runnable refresh, Duration interval) {
            this.refresh = refresh;
            this.interval = interval;
        }

        @Override
        public synchronized void start() {
            executor = Executors.newSingleThreadScheduledExecutor(runnable -> {
                Thread thread = new Thread(runnable, "junction-gauges");
                thread.setDaemon(true);
                return thread;
            });
            executor.scheduleWithFixedDelay(() -> {
                try {
                    refresh.run();
                } catch (RuntimeException e) {
                    LoggerFactory.getLogger(GaugeRefresher.class).warn("Gauge refresh failed", e);
                }
            }, 0, Math.min(interval.toMillis(), 15_000), TimeUnit.MILLISECONDS);
        }

        @Override
        public synchronized void stop() {
            if (executor != null) {
                executor.shutdownNow();
                executor = null;
            }
        }

        @Override
        public synchronized boolean isRunning() {
            return executor != null;
        }
    }
}
