-- What a ledger event rested on, so the ledger alone answers an IG lead's questions (who shared
-- what about a person, on which basis, under which agreement, decided by whom) and a subject
-- access report or an export needs no other table. Codes and ids only; lists are space-separated
-- codes. Nullable: most events have no details, and those sealed before these columns existed
-- keep their hashes (the chain hashes details only when an event has any).
ALTER TABLE ledger_event ADD COLUMN correlation_id VARCHAR(128);
ALTER TABLE ledger_event ADD COLUMN basis_kind VARCHAR(32);
ALTER TABLE ledger_event ADD COLUMN basis_codes VARCHAR(1000);
ALTER TABLE ledger_event ADD COLUMN agreement_id VARCHAR(64);
ALTER TABLE ledger_event ADD COLUMN agreement_version INT;
ALTER TABLE ledger_event ADD COLUMN flow_id VARCHAR(64);
ALTER TABLE ledger_event ADD COLUMN consent_id UUID;
ALTER TABLE ledger_event ADD COLUMN decision_id UUID;
ALTER TABLE ledger_event ADD COLUMN decision_maker VARCHAR(128);
ALTER TABLE ledger_event ADD COLUMN data_categories VARCHAR(1000);
ALTER TABLE ledger_event ADD COLUMN labels VARCHAR(256);
