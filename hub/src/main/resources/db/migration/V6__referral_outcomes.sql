-- Outcomes recipients report about referrals the hub delivered to them. Runs on H2 (PostgreSQL
-- mode) and PostgreSQL.

-- One row per outcome message. The canonical outcome Bundle is kept only as an encrypted
-- envelope (it may hold the recipient's reasons in free text); the columns are ids, codes and times.
-- (sender_partner_id, request_id) is the idempotency key of outcome intake, as for referrals.
CREATE TABLE referral_outcome (
    outcome_id           UUID                     NOT NULL,
    sender_partner_id    VARCHAR(64)              NOT NULL,
    request_id           VARCHAR(128)             NOT NULL,
    correlation_id       VARCHAR(128)             NOT NULL,
    referral_tracking_id UUID                     NOT NULL,
    referrer_partner_id  VARCHAR(64)              NOT NULL,
    format               VARCHAR(64)              NOT NULL,
    outcome_code         VARCHAR(64)              NOT NULL,
    task_status          VARCHAR(32)              NOT NULL,
    decided_at           TIMESTAMP WITH TIME ZONE,
    received_at          TIMESTAMP WITH TIME ZONE NOT NULL,
    payload              BYTEA                    NOT NULL,
    CONSTRAINT pk_referral_outcome PRIMARY KEY (outcome_id),
    CONSTRAINT uq_referral_outcome_request UNIQUE (sender_partner_id, request_id)
);
CREATE INDEX ix_referral_outcome_referral ON referral_outcome (referral_tracking_id);

-- The referrer's own reference of each referral, as a keyed pseudonym (keyId:value), so a
-- recipient that quotes only that reference can be linked to the referral it received without
-- the reference being kept in clear.
CREATE TABLE referral_reference (
    tracking_id          UUID                     NOT NULL,
    sender_partner_id    VARCHAR(64)              NOT NULL,
    source_ref_pseudonym VARCHAR(200)             NOT NULL,
    received_at          TIMESTAMP WITH TIME ZONE NOT NULL,
    CONSTRAINT pk_referral_reference PRIMARY KEY (tracking_id)
);
CREATE INDEX ix_referral_reference_pseudonym ON referral_reference (source_ref_pseudonym);
