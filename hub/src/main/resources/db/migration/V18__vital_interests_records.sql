-- Retrospective decision records owed after a referral was shared on vital interests (an
-- immediate risk to life the agreement's flow allows for). Runs on H2 (PostgreSQL mode) and
-- PostgreSQL. One row per referral and recipient: a replay of the same share owes nothing more.
-- Ids, codes and times only; the decision-maker's record (which names them) is kept sealed.
CREATE TABLE vital_interests_record (
    id                   UUID                     NOT NULL,
    tracking_id          UUID                     NOT NULL,
    recipient_partner_id VARCHAR(64)              NOT NULL,
    sender_partner_id    VARCHAR(64)              NOT NULL,
    sender_organisation  VARCHAR(64)              NOT NULL,
    purpose              VARCHAR(64),
    generation           INT                      NOT NULL,
    agreement_id         VARCHAR(64)              NOT NULL,
    agreement_version    INT                      NOT NULL,
    flow_id              VARCHAR(64)              NOT NULL,
    special_category     BOOLEAN                  NOT NULL,
    subject_pseudonyms   VARCHAR(2000)            NOT NULL,
    shared_at            TIMESTAMP WITH TIME ZONE NOT NULL,
    record_due           TIMESTAMP WITH TIME ZONE NOT NULL,
    state                VARCHAR(16)              NOT NULL,
    recorded_by          VARCHAR(128),
    recorded_at          TIMESTAMP WITH TIME ZONE,
    decision_id          UUID,
    override_reason      VARCHAR(32),
    decision_record      BYTEA,
    overdue_alerted      BOOLEAN DEFAULT FALSE    NOT NULL,
    CONSTRAINT pk_vital_interests_record PRIMARY KEY (id),
    CONSTRAINT uq_vital_interests_record UNIQUE (tracking_id, recipient_partner_id),
    CONSTRAINT ck_vital_interests_record_state CHECK (state IN ('OUTSTANDING', 'RECORDED'))
);
CREATE INDEX ix_vital_interests_record_state ON vital_interests_record (state, record_due);
