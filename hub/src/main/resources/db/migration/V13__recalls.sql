-- Recalls: a cancellation notice owed to a recipient that already received a referral, because
-- consent was withdrawn, the sender marked the referral entered-in-error, or the sender corrected
-- it. One row per (referral, recipient, cause). The notice itself travels as a dispatch of its own
-- whose tracking id is the recall id, so the deliver stage's delivery and ledger records for it
-- are found under recall_id. Ids and codes only.
CREATE TABLE recall (
    recall_id            UUID                     NOT NULL,
    tracking_id          UUID                     NOT NULL,
    recipient_partner_id VARCHAR(64)              NOT NULL,
    sender_partner_id    VARCHAR(64)              NOT NULL,
    generation           INT                      NOT NULL,
    cause                VARCHAR(16)              NOT NULL,
    reason_code          VARCHAR(64)              NOT NULL,
    replaced_by          UUID,
    requested_at         TIMESTAMP WITH TIME ZONE NOT NULL,
    sent_at              TIMESTAMP WITH TIME ZONE,
    acknowledged_at      TIMESTAMP WITH TIME ZONE,
    state                VARCHAR(16)              NOT NULL,
    failure_reason       VARCHAR(64),
    CONSTRAINT pk_recall PRIMARY KEY (recall_id),
    CONSTRAINT uq_recall UNIQUE (tracking_id, recipient_partner_id, cause)
);
CREATE INDEX ix_recall_state ON recall (state);

-- Referrals their sender took back: marked entered-in-error, or replaced by a corrected version
-- (replaced_by). Their undelivered dispatches are cancelled; their past recipients recalled.
CREATE TABLE referral_withdrawal (
    tracking_id       UUID                     NOT NULL,
    sender_partner_id VARCHAR(64)              NOT NULL,
    cause             VARCHAR(16)              NOT NULL,
    reason_code       VARCHAR(64)              NOT NULL,
    replaced_by       UUID,
    marked_at         TIMESTAMP WITH TIME ZONE NOT NULL,
    CONSTRAINT pk_referral_withdrawal PRIMARY KEY (tracking_id)
);
