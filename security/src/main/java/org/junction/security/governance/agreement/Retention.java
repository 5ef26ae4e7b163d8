package org.junction.security.governance.agreement;

import java.time.Period;
import java.util.Objects;

/**
 * Retention agreed before sharing.
 *
 * @param recipient how long the recipient keeps what it receives
 * @param hubTransit how long the hub keeps the payload after delivery
 * @param auditLog  how long the decision records are kept
 * @param disposal  how data is disposed of, e.g. {@code secure-erase}
 */
public record Retention(Period recipient, Period hubTransit, Period auditLog, String disposal) {

    public Retention {
        Objects.requireNonNull(recipient, "recipient");
        Objects.requireNonNull(hubTransit, "hubTransit");
        Objects.requireNonNull(auditLog, "auditLog");
        Objects.requireNonNull(disposal, "disposal");
    }
}
