-- Gatewise schema, version 1: users, the internal CA and the certificates it issued,
-- gateways with their one-time enrollment tokens, and the versioned desired config
-- pushed to each gateway's agent. PostgreSQL only. Never edit once released: add V2.

-- Operators of the web UI. Passwords are BCrypt hashes.
CREATE TABLE user_account (
    id            BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    username      VARCHAR(64)  NOT NULL UNIQUE,
    password_hash VARCHAR(100) NOT NULL,
    role          VARCHAR(32)  NOT NULL,
    enabled       BOOLEAN      NOT NULL DEFAULT TRUE,
    created_at    TIMESTAMPTZ  NOT NULL
);

-- The internal certificate authority. Exactly one row is active; older rows stay for
-- a later CA rotation. The private key is sealed (AES-256-GCM) under the master key.
CREATE TABLE certificate_authority (
    id                 UUID         PRIMARY KEY,
    subject            VARCHAR(255) NOT NULL,
    certificate_pem    TEXT         NOT NULL,
    private_key_sealed BYTEA        NOT NULL,
    active             BOOLEAN      NOT NULL,
    created_at         TIMESTAMPTZ  NOT NULL,
    not_after          TIMESTAMPTZ  NOT NULL
);
CREATE UNIQUE INDEX certificate_authority_one_active ON certificate_authority (active) WHERE active;

-- A branch gateway. The agent-reported columns are filled once its agent connects.
CREATE TABLE gateway (
    id                     UUID         PRIMARY KEY,
    name                   VARCHAR(63)  NOT NULL UNIQUE,
    public_address         VARCHAR(253) NOT NULL,
    created_at             TIMESTAMPTZ  NOT NULL,
    hostname               VARCHAR(253),
    agent_version          VARCHAR(64),
    last_seen_at           TIMESTAMPTZ,
    applied_config_version BIGINT       NOT NULL DEFAULT 0
);

-- Every certificate the CA issued: agent certificates (one per enrollment) and the
-- gRPC server certificate (re-issued at each start). Revoked certificates are refused
-- on Connect; rows outlive their gateway so revocations stay on record.
CREATE TABLE issued_certificate (
    serial          VARCHAR(40)  PRIMARY KEY,
    purpose         VARCHAR(16)  NOT NULL CHECK (purpose IN ('AGENT', 'SERVER')),
    gateway_id      UUID         REFERENCES gateway (id) ON DELETE SET NULL,
    subject         VARCHAR(255) NOT NULL,
    not_before      TIMESTAMPTZ  NOT NULL,
    not_after       TIMESTAMPTZ  NOT NULL,
    issued_at       TIMESTAMPTZ  NOT NULL,
    revoked_at      TIMESTAMPTZ,
    certificate_pem TEXT         NOT NULL
);
CREATE INDEX issued_certificate_gateway ON issued_certificate (gateway_id);

-- One-time enrollment tokens. Only the SHA-256 of the token is stored; a token is
-- consumed by a single conditional UPDATE, so two agents can never both use it.
CREATE TABLE enrollment_token (
    id                    BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    gateway_id            UUID         NOT NULL REFERENCES gateway (id) ON DELETE CASCADE,
    token_hash            BYTEA        NOT NULL UNIQUE,
    created_at            TIMESTAMPTZ  NOT NULL,
    expires_at            TIMESTAMPTZ  NOT NULL,
    used_at               TIMESTAMPTZ,
    used_by_hostname      VARCHAR(253),
    used_by_agent_version VARCHAR(64)
);
CREATE INDEX enrollment_token_gateway ON enrollment_token (gateway_id);

-- The current desired config version per gateway. Locked (SELECT ... FOR UPDATE) to
-- bump the version, so concurrent edits get consecutive versions.
CREATE TABLE config_head (
    gateway_id      UUID        PRIMARY KEY REFERENCES gateway (id) ON DELETE CASCADE,
    current_version BIGINT      NOT NULL CHECK (current_version >= 1),
    updated_at      TIMESTAMPTZ NOT NULL
);

-- Every desired config version of a gateway with its delivery record. The config is
-- JSON; pre-shared keys inside it are sealed under the master key.
CREATE TABLE config_version (
    id         BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    gateway_id UUID        NOT NULL REFERENCES gateway (id) ON DELETE CASCADE,
    version    BIGINT      NOT NULL CHECK (version >= 1),
    config     JSONB       NOT NULL,
    created_by VARCHAR(64) NOT NULL,
    created_at TIMESTAMPTZ NOT NULL,
    sent_at    TIMESTAMPTZ,
    acked_at   TIMESTAMPTZ,
    ack_ok     BOOLEAN,
    ack_error  TEXT,
    UNIQUE (gateway_id, version)
);
