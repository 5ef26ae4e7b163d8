package org.junction.security.governance.agreement;

/**
 * Whether an agreement is in force today, and if not why not, as the reason code a decision records.
 */
public enum Standing {
    IN_FORCE(null),
    /** The file says DRAFT. */
    NOT_ACTIVE("ISA_NOT_ACTIVE"),
    SUSPENDED("ISA_SUSPENDED"),
    TERMINATED("ISA_TERMINATED"),
    /** The file says EXPIRED, or its expiry date has come. */
    EXPIRED("ISA_EXPIRED"),
    NOT_YET_EFFECTIVE("ISA_NOT_YET_EFFECTIVE"),
    /** Some party's IG lead has not approved this exact version. */
    NOT_APPROVED("ISA_NOT_APPROVED");

    private final String reasonCode;

    Standing(String reasonCode) {
        this.reasonCode = reasonCode;
    }

    /** The reason code of a DENY caused by this standing; null when in force. */
    public String reasonCode() {
        return reasonCode;
    }

    public boolean inForce() {
        return this == IN_FORCE;
    }
}
