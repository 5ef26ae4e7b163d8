package org.junction.security.consent;

/** The consent part of a sharing decision, with the reason code the ledger records. */
public enum ConsentOutcome {
    /** An active consent covers this recipient and purpose, and no later refusal does. */
    CONSENT_GIVEN(true),
    /** The latest covering consent refuses sharing. */
    CONSENT_REFUSED(false),
    /** No active consent covers this recipient and purpose. */
    NO_CONSENT(false);

    private final boolean permits;

    ConsentOutcome(boolean permits) {
        this.permits = permits;
    }

    public boolean permits() {
        return permits;
    }
}
