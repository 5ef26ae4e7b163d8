package org.junction.security.governance.decision;

/** On what footing a PERMIT rests. */
public enum BasisKind {
    /** The subject's consent covers this recipient and purpose, under an agreement in force. */
    CONSENT_AGREEMENT,
    /** A recorded decision by an authorised decision-maker to share without consent. */
    OVERRIDE,
    /** Immediate risk to life, on a flow that allows it; a decision record is due afterwards. */
    VITAL_INTERESTS,
    /** A statutory duty to share where consent is not sought (consent rule NEVER). */
    STATUTORY_DUTY
}
