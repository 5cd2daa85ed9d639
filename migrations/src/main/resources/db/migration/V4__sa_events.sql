-- Gatewise schema, version 4: the tamper-evident audit of every IKE negotiation.
-- Agents send SaEvents with a per-gateway id; each id is stored once. Rows form one
-- hash chain per gateway in insertion order (chain_seq 1, 2, 3 ...):
--   row_hash = SHA-256(prev_hash || canonical bytes of the row), prev_hash of the first
--   row = 32 zero bytes, or the chain_hash of the newest signed checkpoint after pruning.
-- Deleting or editing a row breaks the chain; io.gatewise.server.audit.AuditVerifier
-- names the first broken link. No foreign key to gateway: the audit outlives gateways.
CREATE TABLE sa_event (
    gateway_id       UUID        NOT NULL,
    event_id         BIGINT      NOT NULL,
    chain_seq        BIGINT      NOT NULL,
    received_at      TIMESTAMPTZ NOT NULL,
    occurred_at      TIMESTAMPTZ NOT NULL,
    kind             TEXT        NOT NULL,
    outcome          TEXT        NOT NULL,
    tunnel           TEXT        NOT NULL,
    child            TEXT        NOT NULL,
    peer_endpoint    TEXT        NOT NULL,
    role             TEXT        NOT NULL,
    stage            TEXT        NOT NULL,
    initiator_cookie TEXT        NOT NULL,
    responder_cookie TEXT        NOT NULL,
    reason           TEXT        NOT NULL,
    detail           TEXT        NOT NULL,
    dropped_count    BIGINT      NOT NULL,
    prev_hash        BYTEA       NOT NULL,
    row_hash         BYTEA       NOT NULL,
    PRIMARY KEY (gateway_id, event_id),
    UNIQUE (gateway_id, chain_seq)
);
CREATE INDEX sa_event_occurred ON sa_event (occurred_at);

-- Append-only for the application: UPDATE is refused (pruning DELETEs old rows behind a
-- checkpoint). A database superuser can still disable this; the hash chain catches that.
CREATE FUNCTION sa_event_refuse_update() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    RAISE EXCEPTION 'sa_event is append-only';
END $$;
CREATE TRIGGER sa_event_append_only BEFORE UPDATE ON sa_event
    FOR EACH ROW EXECUTE FUNCTION sa_event_refuse_update();

-- The end of each gateway's chain; locked (FOR UPDATE) by the one writer of a batch.
CREATE TABLE audit_chain_head (
    gateway_id    UUID   PRIMARY KEY,
    last_seq      BIGINT NOT NULL,
    last_event_id BIGINT NOT NULL,
    last_hash     BYTEA  NOT NULL
);

-- Written before pruning: rows up to through_seq were deleted; chain_hash is the
-- row_hash of the last of them, which the first remaining row must name as prev_hash.
-- signature = HMAC-SHA256 under a key derived from the master key over
-- (gateway_id, through_seq, through_event_id, chain_hash, pruned_rows, created_at).
CREATE TABLE audit_checkpoint (
    gateway_id       UUID        NOT NULL,
    through_seq      BIGINT      NOT NULL,
    through_event_id BIGINT      NOT NULL,
    chain_hash       BYTEA       NOT NULL,
    pruned_rows      BIGINT      NOT NULL,
    created_at       TIMESTAMPTZ NOT NULL,
    signature        BYTEA       NOT NULL,
    PRIMARY KEY (gateway_id, through_seq)
);
