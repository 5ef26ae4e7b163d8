-- Decisions under information sharing agreements. Runs on H2 (PostgreSQL mode) and PostgreSQL.

-- What each decision rested on (domain.md 2.4), without personal data: codes, ids and the names
-- of the data items and categories disclosed or withheld. Null for decisions under the old
-- sharing rules.
ALTER TABLE sharing_decision ADD COLUMN basis_kind VARCHAR(32);
ALTER TABLE sharing_decision ADD COLUMN legal_basis_codes VARCHAR(1000);
ALTER TABLE sharing_decision ADD COLUMN agreement_id VARCHAR(64);
ALTER TABLE sharing_decision ADD COLUMN agreement_version INT;
ALTER TABLE sharing_decision ADD COLUMN flow_id VARCHAR(64);
ALTER TABLE sharing_decision ADD COLUMN consent_id UUID;
ALTER TABLE sharing_decision ADD COLUMN decision_id UUID;
ALTER TABLE sharing_decision ADD COLUMN disclosed_items VARCHAR(2000);
ALTER TABLE sharing_decision ADD COLUMN disclosed_categories VARCHAR(500);
ALTER TABLE sharing_decision ADD COLUMN withheld_items VARCHAR(2000);
ALTER TABLE sharing_decision ADD COLUMN withheld_categories VARCHAR(500);

-- Referrals held for a person's decision, one row per referral, recipient and held generation.
-- The referral as received and what the recipient would get are kept only sealed; the columns
-- hold ids and codes. A decision-maker's override record (which names them) stays in the
-- sealed override column; decided_by is their login id.
CREATE TABLE held_decision (
    id                   UUID                     NOT NULL,
    tracking_id          UUID                     NOT NULL,
    recipient_partner_id VARCHAR(64)              NOT NULL,
    sender_partner_id    VARCHAR(64)              NOT NULL,
    purpose              VARCHAR(64),
    generation           INT                      NOT NULL,
    agreement_id         VARCHAR(64)              NOT NULL,
    agreement_version    INT                      NOT NULL,
    flow_id              VARCHAR(64)              NOT NULL,
    reason_code          VARCHAR(64)              NOT NULL,
    subject_pseudonyms   VARCHAR(2000)            NOT NULL,
    referral_payload     BYTEA                    NOT NULL,
    minimised_payload    BYTEA                    NOT NULL,
    waiting_since        TIMESTAMP WITH TIME ZONE NOT NULL,
    decide_by            TIMESTAMP WITH TIME ZONE NOT NULL,
    state                VARCHAR(16)              NOT NULL,
    decided_by           VARCHAR(128),
    decided_at           TIMESTAMP WITH TIME ZONE,
    decision_id          UUID,
    override_reason      VARCHAR(32),
    override_record      BYTEA,
    overdue_alerted      BOOLEAN DEFAULT FALSE    NOT NULL,
    CONSTRAINT pk_held_decision PRIMARY KEY (id),
    CONSTRAINT uq_held_decision UNIQUE (tracking_id, recipient_partner_id, generation)
);
CREATE INDEX ix_held_decision_state ON held_decision (state, decide_by);
