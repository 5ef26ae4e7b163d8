package org.junction.security.governance.agreement;

/** Whether a flow needs the subject's consent. */
public enum ConsentRule {
    /** Consent is required; nothing else lets the referral go (except a vital-interests path the flow allows). */
    ALWAYS,
    /** Consent, or a recorded decision by an authorised decision-maker to share without it. */
    UNLESS_OVERRIDE,
    /** A statutory duty to share where consent is not sought (e.g. child protection to the MASH). */
    NEVER
}
