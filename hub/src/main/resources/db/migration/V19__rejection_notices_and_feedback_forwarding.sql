-- Rejection notices: a sender told that its referral was refused. One per (referral, generation,
-- reason), however many recipients were refused for that reason, so a referral denied for ten
-- recipients for the same reason tells its sender once. A sender with a sink gets the notice as a
-- dispatch of its own (tracking id = notice_id); one without reads it in the referral's status
-- (state STATUS_ONLY). Ids and codes only: no recipient, nothing about the person.
CREATE TABLE rejection_notice (
    notice_id         UUID                     NOT NULL,
    tracking_id       UUID                     NOT NULL,
    generation        INT                      NOT NULL,
    reason_code       VARCHAR(64)              NOT NULL,
    sender_partner_id VARCHAR(64)              NOT NULL,
    state             VARCHAR(16)              NOT NULL,
    requested_at      TIMESTAMP WITH TIME ZONE NOT NULL,
    CONSTRAINT pk_rejection_notice PRIMARY KEY (notice_id),
    CONSTRAINT uq_rejection_notice UNIQUE (tracking_id, generation, reason_code)
);
CREATE INDEX ix_sharing_decision_decided_at ON sharing_decision (decided_at);

-- Recipients' feedback forwarded to the referral's sender along the reverse flow of the agreement
-- the referral went out under. One row per outcome: allowed says what went (STATUS_ONLY: the
-- status and code only; FREE_TEXT: the recipient's words too), state whether it was queued to the
-- sender's sink (QUEUED) or is left to the referral's status view (STATUS_VIEW).
CREATE TABLE feedback_forward (
    outcome_id          UUID                     NOT NULL,
    notice_id           UUID                     NOT NULL,
    tracking_id         UUID                     NOT NULL,
    referrer_partner_id VARCHAR(64)              NOT NULL,
    allowed             VARCHAR(16)              NOT NULL,
    state               VARCHAR(16)              NOT NULL,
    forwarded_at        TIMESTAMP WITH TIME ZONE NOT NULL,
    CONSTRAINT pk_feedback_forward PRIMARY KEY (outcome_id)
);
CREATE INDEX ix_referral_outcome_received_at ON referral_outcome (received_at);
