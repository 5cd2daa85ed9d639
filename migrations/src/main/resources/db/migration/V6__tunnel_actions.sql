-- Gatewise schema, version 6: operators' per-tunnel actions (bring up, rekey, reset,
-- clear) sent to agents over the Connect stream. One row per request, from "sent" to the
-- agent's answer ("ok" or "failed"); the change log records who asked and what came back.
-- No foreign key to gateway: like the negotiation audit, the record outlives the gateway.
CREATE TABLE tunnel_action (
    id           BIGINT       GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    gateway_id   UUID         NOT NULL,
    tunnel       VARCHAR(255) NOT NULL,
    kind         VARCHAR(16)  NOT NULL CHECK (kind IN ('BRING_UP', 'REKEY', 'RESET', 'CLEAR')),
    requested_by VARCHAR(64)  NOT NULL,
    requested_at TIMESTAMPTZ  NOT NULL,
    status       VARCHAR(16)  NOT NULL CHECK (status IN ('SENT', 'OK', 'FAILED')),
    completed_at TIMESTAMPTZ,
    detail       VARCHAR(2000) NOT NULL DEFAULT ''
);

CREATE INDEX tunnel_action_by_tunnel ON tunnel_action (gateway_id, tunnel, requested_at DESC);
CREATE INDEX tunnel_action_recent ON tunnel_action (requested_at DESC);
