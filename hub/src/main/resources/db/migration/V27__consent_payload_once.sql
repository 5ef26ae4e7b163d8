-- A consent is kept on one row per subject pseudonym, so that whichever identifier a later referral
-- carries finds it. Its sealed FHIR Consent is needed once: it stays on the row of the lowest
-- pseudonym, and the others drop their copies (the largest column of the largest table per referral).
ALTER TABLE consent_record ALTER COLUMN payload DROP NOT NULL;
UPDATE consent_record SET payload = NULL
WHERE subject_pseudonym > (SELECT MIN(d.subject_pseudonym) FROM consent_record d WHERE d.id = consent_record.id);
