package org.junction.security.audit;

/** What happened, as recorded in the audit ledger. */
public enum LedgerEventType {
    /** Accepted from a sender and stored durably (intake transaction). */
    RECEIVED,
    /** Handed to a broker queue by the outbox relay (intake, or a dispatch to one recipient). */
    QUEUED,
    /** The intake message could never be decided (unreadable or not a referral); it was dead-lettered. */
    INTAKE_FAILED,
    /** A sharing decision for one recipient: outcome PERMIT or DENY with its reason code. */
    DECIDED,
    /** The recipient's system confirmed receipt. */
    DELIVERED,
    /** Delivery to the recipient failed for good; the message went to the dead-letter queue. */
    DELIVERY_FAILED,
    /** A consent was recorded for a subject (through the FHIR API or embedded in a referral). */
    CONSENT_RECORDED,
    /** A configuration reload was applied; the actor is who asked (an operator, or the file watch). */
    CONFIG_APPLIED,
    /** A configuration reload was refused for problems in the files; nothing changed. */
    CONFIG_REFUSED,
    /** An admin paused delivery to a partner (recipient); the actor is who asked. */
    PARTNER_PAUSED,
    /** An admin resumed delivery to a partner (recipient). */
    PARTNER_RESUMED,
    /** An admin replayed a dead-lettered dispatch; the actor is who asked, the generation the new one. */
    DEAD_LETTER_REPLAYED,
    /**
     * A permitted dispatch was not sent: before it reached the recipient, the subject refused or
     * withdrew consent for that recipient and purpose.
     */
    DELIVERY_CANCELLED,
    /**
     * A recipient reported what became of a referral delivered to it: recipient = the partner that
     * reported, outcome = the FHIR Task status, reason code = the hub's outcome code.
     */
    OUTCOME_RECEIVED,
    /**
     * An organisation's IG lead approved one version of an information sharing agreement: actor =
     * the IG lead's operator id, stage key = AGREEMENT_APPROVED|agreement id|version|organisation.
     */
    AGREEMENT_APPROVED,
    /** A person was given a login of the hub's own; actor = that person's id, reason = how (CLI, DEMO). */
    PERSON_CREATED,
    /** A person's login was disabled; actor = that person's id. */
    PERSON_DISABLED,
    /** A person was given a new password and TOTP secret; actor = that person's id. */
    PERSON_RESET,
    /** A person logged in; actor = their id, reason = how (PASSWORD_TOTP, OIDC). */
    LOGIN_SUCCEEDED,
    /**
     * A login was refused; actor = the person's id (or unknown-person), reason = which check failed,
     * for the audit only: the caller is never told. Never a password or a code.
     */
    LOGIN_FAILED,
    /** A decision-maker opened a held referral's minimised payload (actor: the person). */
    DECISION_VIEWED,
    /** A decision-maker approved sharing a held referral without consent, with a full decision record. */
    DECISION_APPROVED,
    /** A decision-maker declined to share a held referral. */
    DECISION_DECLINED,
    /**
     * A recipient that received a referral is owed a cancellation notice; tracking id = the
     * referral, outcome = the cause (WITHDRAWAL, ENTERED_IN_ERROR, CORRECTION), reason = a code.
     */
    RECALL_REQUESTED,
    /** The cancellation notice was delivered to the recipient's system (its own dispatch is under the recall id). */
    RECALL_SENT,
    /** The recipient confirmed the cancellation (a synchronous sink's 2xx, or its feedback). */
    RECALL_ACKNOWLEDGED,
    /** The sender marked its referral entered-in-error; actor = the sender, reason = its code. */
    ENTERED_IN_ERROR,
    /**
     * An IG lead asked for the payload copies the hub still holds of a referral; actor = the
     * person, outcome = SHOWN, NONE_HELD or OUT_OF_SCOPE, reason = a digest of the reason they gave
     * (the words themselves are kept sealed, never in the ledger).
     */
    BODY_VIEWED,
    /**
     * Someone searched the ledger; actor = the person, reason = a digest of the reason they gave,
     * subject pseudonyms = the subject searched for (if any). Searching is itself audited.
     */
    SEARCHED,
    /** Ledger content left the hub (subject access report, AuditEvent or CSV export); outcome = the format. */
    EXPORTED,
    /** An IG lead recorded the outcome of reviewing an approved override: UPHELD or CONCERN_RAISED. */
    OVERRIDE_REVIEWED,
    /** A disclosure its source labelled restricted was left out of a subject access report. */
    DISCLOSURE_WITHHELD,
    /** The source of a restricted disclosure released it for subject access reports. */
    DISCLOSURE_RELEASED,
    /** Payload copies the hub held of a referral were deleted under the agreement's retention. */
    PURGED,
    /** Events older than their audit period were removed; the closing checkpoint keeps the rest verifiable. */
    SEGMENT_CLOSED,
    /**
     * A decision-maker decided a whole batch (one run of a bulk feed) for one recipient; tracking
     * id = the batch id, actor = the person, outcome = APPROVED or DECLINED, reason = the override
     * reason of an approval. Each row of the batch has its own DECIDED event as well.
     */
    BATCH_DECIDED,
    /**
     * A referral was shared on vital interests and its retrospective decision record is now owed
     * (tracking id, sender, recipient; outcome DUE).
     */
    VITAL_INTERESTS_RECORD_DUE,
    /** A decision-maker made the retrospective decision record of a vital-interests share (actor: the person). */
    VITAL_INTERESTS_RECORDED,
    /** The retrospective decision record of a vital-interests share was not made in time. */
    VITAL_INTERESTS_RECORD_OVERDUE,
    /** A sender was told its referral was refused: outcome QUEUED (to its sink) or STATUS_ONLY (no sink); a reason code, no recipient. */
    REJECTION_NOTICE,
    /** A recipient's acknowledgement of a recall was refused (unknown recall, or another partner's). */
    RECALL_ACK_REFUSED,
    /** A recipient's feedback on a referral was forwarded to its sender (outcome: what was forwarded). */
    FEEDBACK_FORWARDED,
    /** A partner's feedback on a referral was refused (never received it, or the reverse flow forbids it). */
    FEEDBACK_REFUSED,
    /**
     * A consent was recorded that takes back an agreement the person gave before (a refusal, or the
     * permit made inactive, for a purpose an earlier permit covered): recorded instead of
     * CONSENT_RECORDED, so the ledger alone says when someone withdrew.
     */
    CONSENT_WITHDRAWN
}
