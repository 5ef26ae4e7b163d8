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
