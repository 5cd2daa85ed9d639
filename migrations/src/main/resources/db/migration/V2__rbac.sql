-- Gatewise schema, version 2: roles, personal API tokens and the change log (who changed
-- what, when, with the object before and after). PostgreSQL only.

-- Roles: ADMIN manages everything, OPERATOR manages gateways/topologies/policies,
-- AUDITOR reads everything and changes nothing. The V1 first user is already ADMIN;
-- anything else stored before roles existed becomes ADMIN too (V1 had only admins).
UPDATE user_account SET role = 'ADMIN' WHERE role NOT IN ('ADMIN', 'OPERATOR', 'AUDITOR');
ALTER TABLE user_account ADD CONSTRAINT user_account_role CHECK (role IN ('ADMIN', 'OPERATOR', 'AUDITOR'));

-- Personal API tokens for /api/v1. Only the SHA-256 of the token is stored; the token is
-- shown once when created. Its role never exceeds the owner's (checked on every use too).
CREATE TABLE api_token (
    id           BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    user_id      BIGINT       NOT NULL REFERENCES user_account (id) ON DELETE CASCADE,
    name         VARCHAR(64)  NOT NULL,
    token_hash   BYTEA        NOT NULL UNIQUE,
    prefix       VARCHAR(16)  NOT NULL,
    role         VARCHAR(32)  NOT NULL CHECK (role IN ('ADMIN', 'OPERATOR', 'AUDITOR')),
    created_at   TIMESTAMPTZ  NOT NULL,
    expires_at   TIMESTAMPTZ,
    last_used_at TIMESTAMPTZ,
    revoked_at   TIMESTAMPTZ,
    UNIQUE (user_id, name)
);
CREATE INDEX api_token_user ON api_token (user_id);

-- Every change made by a user, written in the same transaction as the change. Snapshots
-- are JSON with secrets redacted (never a PSK, password or token). Append-only.
CREATE TABLE change_log (
    id          BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    at          TIMESTAMPTZ  NOT NULL,
    actor       VARCHAR(64)  NOT NULL,
    action      VARCHAR(64)  NOT NULL,
    object_type VARCHAR(64)  NOT NULL,
    object_id   VARCHAR(128) NOT NULL,
    summary     VARCHAR(300) NOT NULL,
    before      TEXT,
    after       TEXT
);
CREATE INDEX change_log_at ON change_log (at DESC, id DESC);
CREATE INDEX change_log_actor ON change_log (actor, at DESC);
CREATE INDEX change_log_object ON change_log (object_type, object_id, at DESC);
