package org.junction.security.governance.decision;

/** The reason codes decisions record (the agreement's own are in {@code Standing}). */
public final class ReasonCodes {

    /** No flow in any agreement carries this sender, recipient, purpose and referral type. */
    public static final String NO_ISA = "NO_ISA";
    public static final String CONSENT_GIVEN = "CONSENT_GIVEN";
    public static final String STATUTORY_DUTY = "STATUTORY_DUTY";
    public static final String OVERRIDE_RECORDED = "OVERRIDE_RECORDED";
    public static final String VITAL_INTERESTS = "VITAL_INTERESTS";
    /** No consent, and the flow needs it (consent rule ALWAYS, no vital-interests path). */
    public static final String CONSENT_REQUIRED = "CONSENT_REQUIRED";
    public static final String CONSENT_REQUIRED_FOR_NON_STATUTORY_RECIPIENT = "CONSENT_REQUIRED_FOR_NON_STATUTORY_RECIPIENT";
    public static final String CONSENT_REQUIRED_FOR_HOMELESSNESS = "CONSENT_REQUIRED_FOR_HOMELESSNESS";
    /** No consent and no recorded decision yet: a decision-maker must decide. */
    public static final String DECISION_REQUIRED = "DECISION_REQUIRED";
    public static final String OVERRIDE_DECISION_MAKER_MISSING = "OVERRIDE_DECISION_MAKER_MISSING";
    public static final String DECISION_MAKER_NOT_AUTHORISED = "DECISION_MAKER_NOT_AUTHORISED";
    public static final String OVERRIDE_RECORD_INCOMPLETE = "OVERRIDE_RECORD_INCOMPLETE";
    /** What the disclosure would contain is not what the flow permits (a defence behind minimisation). */
    public static final String CATEGORY_NOT_PERMITTED = "CATEGORY_NOT_PERMITTED";
    /** A specific recipient the sender named does not serve the subject's area. */
    public static final String MISDIRECTION_SUSPECTED = "MISDIRECTION_SUSPECTED";

    private ReasonCodes() {
    }
}
