package org.junction.hub.operations;

/** What an operational alert is about. */
public enum AlertKind {
    /** A partner's delivery circuit opened: it keeps failing in a way a retry could cure. */
    CIRCUIT_OPEN,
    /** A dead-letter queue holds more messages than its configured threshold. */
    DLQ_GROWING,
    /** Urgent referrals were permitted to a partner and not delivered within the configured delay. */
    OVERDUE,
    /** A partner's expected scheduled feed did not arrive within its configured interval. */
    FEED_MISSING,
    /** An agreement in force expires within 30, then within 7 days (subject: agreement id, version, threshold). */
    AGREEMENT_EXPIRING,
    /** A referral is held for a decision-maker (partner: the recipient; subject: the held decision's id). */
    DECISION_WAITING,
    /** A held referral has waited longer than its flow allows (partner: the recipient; subject: the held decision's id). */
    DECISION_OVERDUE,
    /**
     * A referral was shared on vital interests: its sender's IG leads are told at once, and a
     * decision record is owed (partner: the sender; subject: the obligation's id).
     */
    VITAL_INTERESTS_SHARED,
    /** A vital-interests share's decision record is past due (partner: the sender; subject: the obligation's id). */
    VITAL_INTERESTS_RECORD_OVERDUE
}
