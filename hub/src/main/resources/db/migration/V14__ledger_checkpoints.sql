-- Signed checkpoints of the ledger chain head (see LedgerCheckpoint for what is signed). A copy of
-- each row is also appended to a file outside the database, so deleting or rewriting rows here is
-- not enough to hide a rewritten or truncated chain. No personal data: positions, hashes, a time,
-- a key id and a signature.
CREATE TABLE ledger_checkpoint (
    seq        BIGINT                   NOT NULL,
    head_hash  VARCHAR(64)              NOT NULL,
    created_at TIMESTAMP WITH TIME ZONE NOT NULL,
    key_id     VARCHAR(64)              NOT NULL,
    signature  VARCHAR(100)             NOT NULL,
    CONSTRAINT pk_ledger_checkpoint PRIMARY KEY (seq),
    CONSTRAINT ck_ledger_checkpoint_seq CHECK (seq >= 1)
);
