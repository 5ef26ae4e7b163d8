-- The events the sealer has still to seal, by id. Before this, an unsealed event was found by a
-- NULL chain_seq in its own row, through an index on that column: sealing then rewrote every event
-- once more, with all its index entries, since an update of an indexed column is never HOT on
-- PostgreSQL. Now the event's insert also puts its id here (in the same statement on PostgreSQL),
-- and sealing deletes it: a small row in a small table instead of a second copy of the event.
-- No foreign key: its check would cost a lookup per event, and only the ledger writer inserts here,
-- with the event, and only the sealer deletes. The chain link records that an event is sealed.
CREATE TABLE ledger_unsealed (
    ledger_event_id BIGINT NOT NULL,
    CONSTRAINT pk_ledger_unsealed PRIMARY KEY (ledger_event_id)
);
INSERT INTO ledger_unsealed (ledger_event_id) SELECT id FROM ledger_event WHERE chain_seq IS NULL;
DROP INDEX ix_ledger_event_unsealed;
ALTER TABLE ledger_event DROP COLUMN chain_seq;
