package org.junction.hub.agreements;

import java.time.Clock;
import java.time.Duration;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.junction.hub.operations.AlertKind;
import org.junction.hub.operations.Alerts;
import org.junction.security.governance.agreement.Agreement;
import org.junction.security.governance.agreement.AgreementRegistry;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * Warns 30 and then 7 days before an agreement in force expires, once per threshold and
 * agreement version: an incident of kind AGREEMENT_EXPIRING whose subject is
 * {@code <id>/v<version>/<threshold>d}. An incident closes when the next threshold opens, or when
 * the agreement is no longer in force (expired, replaced by a new version, removed); a closed one
 * is never opened again. Each check also refreshes the agreements the decision side reads, so
 * approvals recorded by another node arrive within one check interval.
 */
public class AgreementExpiryWatch implements SmartLifecycle {

    static final List<Integer> THRESHOLDS_DAYS = List.of(7, 30);
    private static final Logger log = LoggerFactory.getLogger(AgreementExpiryWatch.class);

    private final CurrentAgreements agreements;
    private final Alerts alerts;
    private final JdbcTemplate jdbc;
    private final Duration interval;
    private final Clock clock;
    private ScheduledExecutorService executor;

    public AgreementExpiryWatch(CurrentAgreements agreements, Alerts alerts, JdbcTemplate jdbc, Duration interval,
                                Clock clock) {
        this.agreements = Objects.requireNonNull(agreements);
        this.alerts = Objects.requireNonNull(alerts);
        this.jdbc = Objects.requireNonNull(jdbc);
        this.interval = Objects.requireNonNull(interval);
        this.clock = Objects.requireNonNull(clock);
    }

    /** One check; exposed for tests that drive it themselves. */
    public void check() {
        AgreementRegistry registry = agreements.refresh();
        LocalDate today = LocalDate.now(clock);
        List<Alerts.Key> holding = new ArrayList<>();
        for (Agreement agreement : registry.agreements()) {
            if (!agreement.standing(today, registry.approvals()).inForce()) {
                continue;
            }
            long days = agreement.daysUntilExpiry(today);
            Integer threshold = THRESHOLDS_DAYS.stream().filter(t -> days <= t).findFirst().orElse(null);
            if (threshold == null) {
                continue;
            }
            var key = new Alerts.Key(null, subject(agreement, threshold));
            holding.add(key);
            if (!raisedBefore(key.subject())) {
                alerts.holds(AlertKind.AGREEMENT_EXPIRING, key, days);
            }
        }
        alerts.clearAllBut(AlertKind.AGREEMENT_EXPIRING, holding);
    }

    static String subject(Agreement agreement, int thresholdDays) {
        return agreement.id() + "/v" + agreement.version() + "/" + thresholdDays + "d";
    }

    private boolean raisedBefore(String subject) {
        Integer n = jdbc.queryForObject("SELECT COUNT(*) FROM operations_alert WHERE kind = ? AND subject = ?",
                Integer.class, AlertKind.AGREEMENT_EXPIRING.name(), subject);
        return n != null && n > 0;
    }

    @Override
    public synchronized void start() {
        if (executor != null) {
            return;
        }
        executor = Executors.newSingleThreadScheduledExecutor(runnable -> {
            Thread thread = new Thread(runnable, "junction-agreement-expiry");
            thread.setDaemon(true);
            return thread;
        });
        executor.scheduleWithFixedDelay(() -> {
            try {
                check();
            } catch (RuntimeException e) {
                log.warn("Agreement expiry check failed: {}", e.getClass().getSimpleName(), e);
            }
        }, interval.toMillis(), interval.toMillis(), TimeUnit.MILLISECONDS);
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
