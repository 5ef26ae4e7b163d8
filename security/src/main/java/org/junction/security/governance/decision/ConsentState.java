package org.junction.security.governance.decision;

import java.util.UUID;

/**
 * What the registry's consents say about sharing with one recipient for one purpose.
 *
 * @param consentId the consent record that decided it, or null when none did
 */
public record ConsentState(Status status, UUID consentId) {

    public enum Status {
        /** An active permit covers the recipient, the purpose and the moment, and nothing later withdraws it. */
        GIVEN,
        /** The latest covering record refuses, and the subject never agreed before it. */
        REFUSED,
        /** A later refusal, or the permit made inactive, withdrew an earlier agreement. */
        WITHDRAWN,
        /** The latest covering permit's period does not include the moment. */
        OUTSIDE_PERIOD,
        /** Consent is recorded for other recipients only. */
        OTHER_RECIPIENT,
        /** Nothing recorded for this purpose. */
        NONE;

        /** The reason code a DENY caused by this state records. */
        public String reasonCode() {
            return this == NONE ? ReasonCodes.CONSENT_REQUIRED : "CONSENT_" + name();
        }
    }

    public boolean given() {
        return status == Status.GIVEN;
    }
}
