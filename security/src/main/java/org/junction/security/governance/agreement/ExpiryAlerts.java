package org.junction.security.governance.agreement;

import java.time.LocalDate;
import java.util.List;
import java.util.Set;

/**
 * Which agreements are due an expiry alert today: 30 and 7 days before they lapse, and on the day
 * they do. Only agreements in force are alerted: one already suspended or unapproved permits
 * nothing whatever its dates.
 */
public final class ExpiryAlerts {

    /** Days before expiry at which the IG leads are alerted; 0 is the day sends start being denied. */
    public static final Set<Long> ALERT_DAYS = Set.of(30L, 7L, 0L);

    public record Alert(String agreementId, int version, long daysUntilExpiry) {
    }

    private ExpiryAlerts() {
    }

    public static List<Alert> due(AgreementRegistry registry, LocalDate today) {
        return registry.agreements().stream()
                .filter(a -> ALERT_DAYS.contains(a.daysUntilExpiry(today)))
                .filter(a -> a.daysUntilExpiry(today) == 0
                        ? a.standing(today.minusDays(1), registry.approvals()).inForce()
                        : a.standing(today, registry.approvals()).inForce())
                .map(a -> new Alert(a.id(), a.version(), a.daysUntilExpiry(today)))
                .toList();
    }
}
