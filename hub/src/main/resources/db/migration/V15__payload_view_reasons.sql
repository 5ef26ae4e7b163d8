-- Why an IG lead opened a referral's payload, in their own words. The words may name a person,
-- so they are kept only sealed, bound to the BODY_VIEWED ledger event they explain; the ledger
-- holds a digest of them (salted with the event id), so a changed reason no longer matches.
CREATE TABLE payload_view_reason (
    event_id    UUID                     NOT NULL,
    tracking_id UUID                     NOT NULL,
    viewed_by   VARCHAR(128)             NOT NULL,
    viewed_at   TIMESTAMP WITH TIME ZONE NOT NULL,
    reason      BYTEA                    NOT NULL,
    CONSTRAINT pk_payload_view_reason PRIMARY KEY (event_id)
);
