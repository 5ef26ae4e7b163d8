-- Hash chain over the audit ledger. Runs unchanged on H2 (PostgreSQL mode) and on PostgreSQL.

-- Ledger events are inserted by many transactions, so identity ids are taken in one order and
-- committed in another: a watermark on "highest sealed id" would skip an id that commits late.
-- The sealer therefore seals whatever committed event is not sealed yet, lowest id first, and a
-- late event simply gets a later chain position. Unsealed events are found through this nullable
-- marker rather than an anti-join against ledger_chain: the anti-join has to walk the whole sealed
-- history on every pass, while the index below keeps a pass proportional to the backlog.
-- (A partial index WHERE chain_seq IS NULL would be smaller, but H2 has no partial indexes.)
-- The marker is bookkeeping, not evidence: it is not part of the hash and only the sealer sets it.
ALTER TABLE ledger_event ADD COLUMN chain_seq BIGINT;
CREATE INDEX ix_ledger_event_unsealed ON ledger_event (chain_seq, id);

-- seq is the chain position (1..n, no gaps); it is the seal order, which is not always id order.
CREATE TABLE ledger_chain (
    seq             BIGINT                   NOT NULL,
    ledger_event_id BIGINT                   NOT NULL,
    prev_hash       VARCHAR(64)              NOT NULL,
    hash            VARCHAR(64)              NOT NULL,
    sealed_at       TIMESTAMP WITH TIME ZONE NOT NULL,
    CONSTRAINT pk_ledger_chain PRIMARY KEY (seq),
    CONSTRAINT uq_ledger_chain_event UNIQUE (ledger_event_id),
    CONSTRAINT fk_ledger_chain_event FOREIGN KEY (ledger_event_id) REFERENCES ledger_event (id),
    CONSTRAINT ck_ledger_chain_seq CHECK (seq >= 1)
);

-- Exactly one row. A sealer locks it (SELECT ... FOR UPDATE) for its whole transaction, which is
-- what keeps two hub nodes from interleaving appends; it also saves reading the chain's tail.
CREATE TABLE ledger_chain_head (
    id        SMALLINT    NOT NULL,
    last_seq  BIGINT      NOT NULL,
    last_hash VARCHAR(64) NOT NULL,
    CONSTRAINT pk_ledger_chain_head PRIMARY KEY (id),
    CONSTRAINT ck_ledger_chain_head_single CHECK (id = 1)
);
INSERT INTO ledger_chain_head (id, last_seq, last_hash)
VALUES (1, 0, '0000000000000000000000000000000000000000000000000000000000000000');
