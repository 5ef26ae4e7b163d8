package org.junction.security.governance.decision;

/** What happens to a referral for one recipient. */
public enum Verdict {
    /** Send the minimised referral. */
    PERMIT,
    /** Do not send; the sender is told the reason code. */
    DENY,
    /** Keep it until an authorised decision-maker decides; do not send. */
    HOLD
}
