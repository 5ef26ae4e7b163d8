-- Approvals of information sharing agreements. Runs on H2 (PostgreSQL mode) and PostgreSQL.
-- An agreement is in force only when every party's IG lead has approved that exact version; a
-- new version starts with no approvals. One row per organisation and version: approving again
-- changes nothing. approved_by is the IG lead's operator id, never a name.
CREATE TABLE agreement_approval (
    agreement_id      VARCHAR(64)              NOT NULL,
    agreement_version INT                      NOT NULL,
    organisation      VARCHAR(64)              NOT NULL,
    approved_by       VARCHAR(128)             NOT NULL,
    approved_at       TIMESTAMP WITH TIME ZONE NOT NULL,
    CONSTRAINT pk_agreement_approval PRIMARY KEY (agreement_id, agreement_version, organisation)
);
