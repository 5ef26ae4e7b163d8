package org.junction.security.sharing;

import java.util.Objects;

/**
 * The outcome of the decision procedure for one recipient.
 *
 * @param recipientPartnerId the recipient, or {@link #NO_RECIPIENT} when no flow allowed anyone
 * @param reasonCode         why, as a code for the ledger and the status view (never free text)
 */
public record SharingDecision(String recipientPartnerId, Outcome outcome, String reasonCode) {

    public static final String NO_RECIPIENT = "-";

    public enum Outcome { PERMIT, DENY }

    public SharingDecision {
        Objects.requireNonNull(recipientPartnerId, "recipientPartnerId");
        Objects.requireNonNull(outcome, "outcome");
        Objects.requireNonNull(reasonCode, "reasonCode");
    }

    public boolean permits() {
        return outcome == Outcome.PERMIT;
    }
}
