-- A dispatch row the decide stage sends itself, in the broker transaction that takes its intake
-- message, is claimed until this time: the relay leaves it alone until then, and sends it only if
-- the decide stage never confirmed that the broker has it (the hub stopped in between). NULL for
-- every row the relay is to send.
ALTER TABLE outbox ADD COLUMN claimed_until TIMESTAMP WITH TIME ZONE;
