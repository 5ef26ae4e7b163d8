-- ledger_subject kept each pseudonym in two indexes: the primary key (event, pseudonym) and the
-- search index (pseudonym, event). Together they were the largest part of the ledger per referral.
-- The search index now holds the uniqueness the primary key held, and an index on the event id
-- alone serves what looks up by event (an event's subjects, the retention's deletes and the
-- foreign key's checks) at a fraction of the size: a pseudonym is some 50 bytes, an id 8.
CREATE INDEX ix_ledger_subject_event ON ledger_subject (ledger_event_id);
ALTER TABLE ledger_subject DROP CONSTRAINT pk_ledger_subject;
ALTER TABLE ledger_subject ADD CONSTRAINT uq_ledger_subject UNIQUE (pseudonym, ledger_event_id);
DROP INDEX ix_ledger_subject_pseudonym_event;
