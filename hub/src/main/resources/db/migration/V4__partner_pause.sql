-- Partners an admin has paused: their deliveries wait on the broker until resumed, across restarts.
CREATE TABLE partner_pause (
    partner_id VARCHAR(64)              NOT NULL,
    paused_by  VARCHAR(128)             NOT NULL,
    paused_at  TIMESTAMP WITH TIME ZONE NOT NULL,
    CONSTRAINT pk_partner_pause PRIMARY KEY (partner_id)
);
