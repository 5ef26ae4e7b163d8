-- Replays of dead-lettered dispatches. Keyed by the dead-lettered message, so a replay repeated
-- after a crash (the database committed, the broker not yet) finds its own record and only
-- removes the message, instead of deciding and sending once more.
CREATE TABLE dead_letter_replay (
    message_id           VARCHAR(128)             NOT NULL,
    tracking_id          UUID                     NOT NULL,
    recipient_partner_id VARCHAR(64)              NOT NULL,
    from_generation      INT                      NOT NULL,
    to_generation        INT,
    outcome              VARCHAR(32)              NOT NULL,
    reason               VARCHAR(500)             NOT NULL,
    forced               BOOLEAN                  NOT NULL,
    replayed_by          VARCHAR(128)             NOT NULL,
    replayed_at          TIMESTAMP WITH TIME ZONE NOT NULL,
    CONSTRAINT pk_dead_letter_replay PRIMARY KEY (message_id)
);
