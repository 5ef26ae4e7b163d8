package org.junction.hub.agreements;

import java.time.Clock;
import java.time.Duration;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import org.junction.hub.operations.AlertKind;
import org.junction.hub.operations.Alerts;
import org.junction.hub.scheduling.PeriodicTask;
import org.junction.security.governance.agreement.Agreement;
import org.junction.security.governance.agreement.AgreementRegistry;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * Warns 30 and then 7 days before an agreement in force expires, once per threshold and
 * agreement version: an incident of kind AGREEMENT_EXPIRING whose subject is
 * {@code <id>/v<version>/<threshold>d}. An incident closes when the next threshold opens, or when
 * the agreement is no longer in force (expired, replaced by a new version, removed); a closed one
 * is never opened again. Each check also refreshes the agreements the decision side reads, so
 * approvals recorded by another node arrive within one check interval.
 */
public class AgreementExpiryWatch extends PeriodicTask {

    static final List<Integer> THRESHOLDS_DAYS = List.of(7, 30);
    private final CurrentAgreements agreements;
    private final Alerts alerts;
    private final JdbcTemplate jdbc;
    private final Clock clock;

    public AgreementExpiryWatch(CurrentAgreements agreements, Alerts alerts, JdbcTemplate jdbc, Duration interval,
                                Clock clock) {
        super("junction-agreement-expiry", interval);
        this.agreements = Objects.requireNonNull(agreements);
        this.alerts = Objects.requireNonNull(alerts);
        this.jdbc = Objects.requireNonNull(jdbc);
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

    /** The agreement id an AGREEMENT_EXPIRING alert's subject names. */
    public static String agreementIdOf(String subject) {
        int version = subject.lastIndexOf("/v", subject.lastIndexOf('/') - 1);
        return version < 0 ? subject : subject.substring(0, version);
    }

    private boolean raisedBefore(String subject) {
        Integer n = jdbc.queryForObject("SELECT COUNT(*) FROM operations_alert WHERE kind = ? AND subject = ?",
                Integer.class, AlertKind.AGREEMENT_EXPIRING.name(), subject);
        return n != null && n > 0;
    }

    @Override
    protected void runOnce() {
        check();
    }
}
