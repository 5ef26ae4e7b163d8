-- The deliver stage now deletes a dispatch's order rows once it is delivered, failed for good or
-- cancelled, instead of marking them: only pending dispatches are ever asked about, and kept rows
-- grew the table by every dispatch ever made (150 MB an hour at 45 referrals a second). The rows
-- finished before this version go the same way.
DELETE FROM dispatch_order WHERE state <> 'PENDING';
