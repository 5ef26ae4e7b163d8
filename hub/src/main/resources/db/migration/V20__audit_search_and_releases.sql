-- Searching and reporting on the ledger. Runs unchanged on H2 (PostgreSQL mode) and PostgreSQL.

-- What a person typed when they searched, exported, released or reviewed: the words may name a
-- person, so they are kept only sealed, bound to the ledger event they explain. The ledger event
-- holds a digest over the event id, the criteria and the words, so neither can be changed unseen.
-- criteria: the search or report criteria as codes (which identifier system, which filters),
-- never the identifier searched for.
CREATE TABLE audit_reason (
    event_id    UUID                     NOT NULL,
    event_type  VARCHAR(32)              NOT NULL,
    person      VARCHAR(128)             NOT NULL,
    recorded_at TIMESTAMP WITH TIME ZONE NOT NULL,
    criteria    VARCHAR(1000),
    reason      BYTEA                    NOT NULL,
    CONSTRAINT pk_audit_reason PRIMARY KEY (event_id)
);

-- A restricted disclosure its source released for subject access reports. One row per referral:
-- the source releases what it sent, to every recipient, once.
CREATE TABLE disclosure_release (
    tracking_id UUID                     NOT NULL,
    released_by VARCHAR(128)             NOT NULL,
    released_at TIMESTAMP WITH TIME ZONE NOT NULL,
    event_id    UUID                     NOT NULL,
    CONSTRAINT pk_disclosure_release PRIMARY KEY (tracking_id)
);

-- An IG lead's review of an approved override; one per decision (a second is a conflict).
CREATE TABLE override_review (
    decision_id UUID                     NOT NULL,
    outcome     VARCHAR(16)              NOT NULL,
    reviewed_by VARCHAR(128)             NOT NULL,
    reviewed_at TIMESTAMP WITH TIME ZONE NOT NULL,
    event_id    UUID                     NOT NULL,
    CONSTRAINT pk_override_review PRIMARY KEY (decision_id),
    CONSTRAINT ck_override_review_outcome CHECK (outcome IN ('UPHELD', 'CONCERN_RAISED'))
);

-- A subject search reads pseudonym -> event id and then the event: with both columns in one
-- index the first step need not touch the table (an index-only scan on PostgreSQL). It replaces
-- the pseudonym-only index, which it covers, so the ledger's writes keep one index to maintain.
CREATE INDEX ix_ledger_subject_pseudonym_event ON ledger_subject (pseudonym, ledger_event_id);
DROP INDEX ix_ledger_subject_pseudonym;
