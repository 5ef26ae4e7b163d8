-- The recall pass (every hub.recall.interval, 2 s by default) looks for consents refused or made
-- inactive within its withdrawal window. With no index to use it read the whole consent table on
-- every pass, a table that keeps a row for every consent ever recorded. With these, PostgreSQL
-- reads only the refusals recorded within the window (one bitmap index scan per arm of the OR).
CREATE INDEX ix_consent_record_provision_recorded ON consent_record (provision, recorded_at);
CREATE INDEX ix_consent_record_status_recorded ON consent_record (status, recorded_at);
