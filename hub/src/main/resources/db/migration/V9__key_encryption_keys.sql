-- Which key-encryption key is active, and which are retired, for the whole deployment. The keys
-- themselves live only in the keystore; this table holds ids and states, so every node (they share
-- the database) seals under the same key after a rotation, and a retired key is refused everywhere.
-- No row at all means the configured hub.keys.active-kek-id is in force (a hub never rotated).
CREATE TABLE key_encryption_key (
    kek_id     VARCHAR(64)              NOT NULL,
    status     VARCHAR(16)              NOT NULL,
    changed_at TIMESTAMP WITH TIME ZONE NOT NULL,
    CONSTRAINT pk_key_encryption_key PRIMARY KEY (kek_id),
    CONSTRAINT ck_key_encryption_key_status CHECK (status IN ('ACTIVE', 'DECRYPT_ONLY', 'RETIRED'))
);
