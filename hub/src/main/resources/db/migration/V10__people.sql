-- People who log in to the hub (admins, operators, IG leads, decision-makers). The password is
-- stored only as an Argon2 hash and the TOTP secret only as an envelope sealed under the hub's
-- key-encryption key, so a copy of the database lets nobody log in.
CREATE TABLE hub_person (
    id                VARCHAR(64)              NOT NULL,
    organisation      VARCHAR(200)             NOT NULL,
    roles             VARCHAR(200)             NOT NULL,
    hub_wide          BOOLEAN                  NOT NULL,
    enabled           BOOLEAN                  NOT NULL,
    password_hash     VARCHAR(255)             NOT NULL,
    totp_secret       BYTEA                    NOT NULL,
    -- The last TOTP time step accepted: a code of that step or an earlier one is refused, so a
    -- code seen by someone else cannot be used again.
    totp_last_step    BIGINT                   NOT NULL,
    failed_attempts   INT                      NOT NULL,
    locked_until      TIMESTAMP WITH TIME ZONE,
    created_at        TIMESTAMP WITH TIME ZONE NOT NULL,
    updated_at        TIMESTAMP WITH TIME ZONE NOT NULL,
    CONSTRAINT pk_hub_person PRIMARY KEY (id)
);

-- Titles a decision-maker holds ("MASH designated lead"); agreements authorise titles, not people.
CREATE TABLE hub_person_role_title (
    person_id VARCHAR(64)  NOT NULL,
    title     VARCHAR(200) NOT NULL,
    CONSTRAINT pk_hub_person_role_title PRIMARY KEY (person_id, title),
    CONSTRAINT fk_hub_person_role_title FOREIGN KEY (person_id) REFERENCES hub_person (id) ON DELETE CASCADE
);
