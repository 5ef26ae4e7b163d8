-- Bulk feeds decided a batch at a time. Runs on H2 (PostgreSQL mode) and PostgreSQL.

-- The bulk run a held row belongs to; null for a referral that came on its own.
ALTER TABLE held_decision ADD COLUMN batch_id UUID;
CREATE INDEX ix_held_decision_batch ON held_decision (batch_id, recipient_partner_id, state);

-- One run of a bulk feed (one file of one sender in one bulk format). run_label is the file's id
-- (its name made safe and a hash of its content); previous_batch_id the run it was marked against.
CREATE TABLE bulk_run (
    batch_id          UUID                     NOT NULL,
    sender_partner_id VARCHAR(64)              NOT NULL,
    feed              VARCHAR(64)              NOT NULL,
    run_label         VARCHAR(128)             NOT NULL,
    received_at       TIMESTAMP WITH TIME ZONE NOT NULL,
    previous_batch_id UUID,
    row_count         INT                      NOT NULL,
    CONSTRAINT pk_bulk_run PRIMARY KEY (batch_id)
);
CREATE INDEX ix_bulk_run_feed ON bulk_run (sender_partner_id, feed, received_at);

-- The subjects of a run, each marked against the feed's previous run: NEW, CONTINUING, or LEFT
-- (listed before, not now: no row, no referral, pseudonyms only).
CREATE TABLE bulk_run_member (
    batch_id           UUID          NOT NULL,
    member_no          INT           NOT NULL,
    tracking_id        UUID,
    subject_pseudonyms VARCHAR(2000) NOT NULL,
    mark               VARCHAR(16)   NOT NULL,
    CONSTRAINT pk_bulk_run_member PRIMARY KEY (batch_id, member_no)
);
CREATE INDEX ix_bulk_run_member_tracking ON bulk_run_member (tracking_id);

-- One decision-maker's decision on a batch for one recipient. The primary key makes it the only
-- one; state DECIDING until every held row of the batch has its own decision, so a decision cut
-- short by a restart is carried on. The override record (which names the decision-maker) is kept
-- sealed, as for single decisions.
CREATE TABLE bulk_batch_decision (
    batch_id             UUID                     NOT NULL,
    recipient_partner_id VARCHAR(64)              NOT NULL,
    decision             VARCHAR(16)              NOT NULL,
    state                VARCHAR(16)              NOT NULL,
    decided_by           VARCHAR(128)             NOT NULL,
    decided_at           TIMESTAMP WITH TIME ZONE NOT NULL,
    decision_id          UUID,
    override_reason      VARCHAR(32),
    override_record      BYTEA,
    rows_decided         INT DEFAULT 0            NOT NULL,
    rows_permitted       INT DEFAULT 0            NOT NULL,
    completed_at         TIMESTAMP WITH TIME ZONE,
    CONSTRAINT pk_bulk_batch_decision PRIMARY KEY (batch_id, recipient_partner_id)
);
