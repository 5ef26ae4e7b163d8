package org.junction.hub.operations;

/** What an operational alert is about. */
public enum AlertKind {
    /** A partner's delivery circuit opened: it keeps failing in a way a retry could cure. */
    CIRCUIT_OPEN(false),
    /** A dead-letter queue holds more messages than its configured threshold. */
    DLQ_GROWING(false),
    /** Urgent referrals were permitted to a partner and not delivered within the configured delay. */
    OVERDUE(false),
    /** A partner's expected scheduled feed did not arrive within its configured interval. */
    FEED_MISSING(false),
    /** An agreement in force expires within 30, then within 7 days (subject: agreement id, version, threshold). */
    AGREEMENT_EXPIRING(true),
    /** A referral is held for a decision-maker (partner: the recipient; subject: the held decision's id). */
    DECISION_WAITING(true),
    /** A held referral has waited longer than its flow allows (partner: the recipient; subject: the held decision's id). */
    DECISION_OVERDUE(true),
    /**
     * A referral was shared on vital interests: its sender's IG leads are told at once, and a
     * decision record is owed (partner: the sender; subject: the obligation's id).
     */
    VITAL_INTERESTS_SHARED(true),
    /** A vital-interests share's decision record is past due (partner: the sender; subject: the obligation's id). */
    VITAL_INTERESTS_RECORD_OVERDUE(true);

    private final boolean governance;

    AlertKind(boolean governance) {
        this.governance = governance;
    }

    /**
     * Whether the alert is information governance's business (agreements, held and vital-interests
     * decisions) rather than only operations': IG leads see these for their own organisation.
     */
    public boolean governance() {
        return governance;
    }
}
