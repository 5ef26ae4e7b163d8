-- Retention of the audit ledger and of the payload copies the hub holds. Runs unchanged on H2
-- (PostgreSQL mode) and on PostgreSQL.

-- A closed segment: the chain up to closed_through_seq was removed once older than the audit
-- period. The remaining chain starts from the signed checkpoint at that position: its head hash is
-- the previous hash of the first remaining link. The verifier accepts a closing only when a
-- checkpoint with a valid signature vouches for that position and hash, so this table alone
-- cannot be used to cut the chain further. Positions, hashes and times only.
CREATE TABLE ledger_segment (
    closed_through_seq BIGINT                   NOT NULL,
    head_hash          VARCHAR(64)              NOT NULL,
    checkpoint_key_id  VARCHAR(64)              NOT NULL,
    closed_at          TIMESTAMP WITH TIME ZONE NOT NULL,
    events_removed     BIGINT                   NOT NULL,
    CONSTRAINT pk_ledger_segment PRIMARY KEY (closed_through_seq),
    CONSTRAINT ck_ledger_segment_seq CHECK (closed_through_seq >= 1)
);

-- A held referral's sealed copies are purged once it was decided and delivered (or finally
-- failed or denied) and the agreement's transit period has passed; the row stays, because its ids,
-- codes and decision fields are still the record of the decision, and purged_at says when.
ALTER TABLE held_decision ALTER COLUMN referral_payload DROP NOT NULL;
ALTER TABLE held_decision ALTER COLUMN minimised_payload DROP NOT NULL;
ALTER TABLE held_decision ADD COLUMN purged_at TIMESTAMP WITH TIME ZONE;
