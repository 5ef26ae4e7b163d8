-- A request id names one referral: a repeat with other content is refused, not answered as a
-- duplicate. Requests accepted before this column existed have none and are not compared.
ALTER TABLE intake_request ADD COLUMN body_digest VARCHAR(64);
