-- Gatewise schema, version 3: the topology model of issue 6. Gateways gain what a
-- topology needs (protected subnets, tags, IKE identity, NAT-behind flag); Phase 1 and
-- Phase 2 policies, external peers, topologies with their members, explicit links and
-- per-link overrides, and the generated per-link pre-shared keys (sealed under the
-- master key). Lists of strings (subnets, tags, proposals) are JSON arrays: they are
-- always read and written whole. PostgreSQL only. Never edit once released.

ALTER TABLE gateway
    ADD COLUMN protected_subnets JSONB       NOT NULL DEFAULT '[]'::jsonb,
    ADD COLUMN tags              JSONB       NOT NULL DEFAULT '[]'::jsonb,
    ADD COLUMN ike_identity_type VARCHAR(16),
    ADD COLUMN ike_identity      VARCHAR(255),
    ADD COLUMN behind_nat        BOOLEAN     NOT NULL DEFAULT FALSE,
    ADD CONSTRAINT gateway_subnets_array CHECK (jsonb_typeof(protected_subnets) = 'array'),
    ADD CONSTRAINT gateway_tags_array CHECK (jsonb_typeof(tags) = 'array'),
    -- both or neither: a null identity means "derived from the public address"
    ADD CONSTRAINT gateway_identity_pair CHECK ((ike_identity_type IS NULL) = (ike_identity IS NULL)),
    ADD CONSTRAINT gateway_identity_type CHECK (ike_identity_type IN
        ('IPV4_ADDR', 'IPV6_ADDR', 'FQDN', 'USER_FQDN', 'DER_ASN1_DN'));
-- tag-based membership looks gateways up by tag
CREATE INDEX gateway_tags ON gateway USING GIN (tags);

-- Phase 1 (ISAKMP SA) policy. weak_acknowledged: an admin accepted weak algorithms
-- (or Aggressive Mode with PSK) for legacy peers; they stay flagged.
CREATE TABLE ike_policy (
    id                  BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    name                VARCHAR(63)  NOT NULL UNIQUE,
    mode                VARCHAR(16)  NOT NULL CHECK (mode IN ('MAIN', 'AGGRESSIVE')),
    proposals           JSONB        NOT NULL CHECK (jsonb_typeof(proposals) = 'array' AND jsonb_array_length(proposals) > 0),
    auth                VARCHAR(16)  NOT NULL CHECK (auth IN ('PSK', 'CERTIFICATE')),
    lifetime_seconds    INTEGER      NOT NULL CHECK (lifetime_seconds > 0),
    dpd_delay_seconds   INTEGER      NOT NULL CHECK (dpd_delay_seconds >= 0),
    dpd_timeout_seconds INTEGER      NOT NULL CHECK (dpd_timeout_seconds >= 0),
    dpd_action          VARCHAR(16)  NOT NULL CHECK (dpd_action IN ('RESTART', 'CLEAR', 'HOLD')),
    nat_traversal       BOOLEAN      NOT NULL DEFAULT TRUE,
    weak_acknowledged   BOOLEAN      NOT NULL DEFAULT FALSE,
    updated_at          TIMESTAMPTZ  NOT NULL
);

-- Phase 2 (Quick Mode) transform set; the PFS group is the DH token of a proposal.
CREATE TABLE ipsec_policy (
    id                 BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    name               VARCHAR(63)  NOT NULL UNIQUE,
    protocol           VARCHAR(8)   NOT NULL CHECK (protocol IN ('ESP', 'AH')),
    proposals          JSONB        NOT NULL CHECK (jsonb_typeof(proposals) = 'array' AND jsonb_array_length(proposals) > 0),
    lifetime_seconds   INTEGER      NOT NULL CHECK (lifetime_seconds > 0),
    lifetime_kilobytes BIGINT       NOT NULL DEFAULT 0 CHECK (lifetime_kilobytes >= 0),
    encapsulation      VARCHAR(16)  NOT NULL CHECK (encapsulation IN ('TUNNEL', 'TRANSPORT')),
    weak_acknowledged  BOOLEAN      NOT NULL DEFAULT FALSE,
    updated_at         TIMESTAMPTZ  NOT NULL
);

-- A peer Gatewise does not manage (a partner's box): what the admin knows of its config.
CREATE TABLE external_peer (
    id                     BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    name                   VARCHAR(63)  NOT NULL UNIQUE,
    address                VARCHAR(253) NOT NULL,
    identity_type          VARCHAR(16),
    identity               VARCHAR(255),
    subnets                JSONB        NOT NULL DEFAULT '[]'::jsonb CHECK (jsonb_typeof(subnets) = 'array'),
    mode                   VARCHAR(16)  NOT NULL CHECK (mode IN ('MAIN', 'AGGRESSIVE')),
    auth                   VARCHAR(16)  NOT NULL CHECK (auth IN ('PSK', 'CERTIFICATE')),
    ike_proposals          JSONB        NOT NULL CHECK (jsonb_typeof(ike_proposals) = 'array'),
    ipsec_protocol         VARCHAR(8)   NOT NULL CHECK (ipsec_protocol IN ('ESP', 'AH')),
    ipsec_proposals        JSONB        NOT NULL CHECK (jsonb_typeof(ipsec_proposals) = 'array'),
    expects_identity_type  VARCHAR(16),
    expects_identity       VARCHAR(255),
    expects_subnets        JSONB        NOT NULL DEFAULT '[]'::jsonb CHECK (jsonb_typeof(expects_subnets) = 'array'),
    weak_acknowledged      BOOLEAN      NOT NULL DEFAULT FALSE,
    updated_at             TIMESTAMPTZ  NOT NULL,
    CHECK ((identity_type IS NULL) = (identity IS NULL)),
    CHECK ((expects_identity_type IS NULL) = (expects_identity IS NULL))
);

-- A topology. Policies cannot be deleted while a topology uses them (RESTRICT).
CREATE TABLE topology (
    id              BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    name            VARCHAR(63)  NOT NULL UNIQUE,
    kind            VARCHAR(16)  NOT NULL CHECK (kind IN ('HUB_AND_SPOKE', 'FULL_MESH', 'EXPLICIT')),
    vpn_type        VARCHAR(16)  NOT NULL CHECK (vpn_type IN ('POLICY_BASED', 'ROUTE_BASED')),
    spoke_to_spoke  VARCHAR(16)  NOT NULL DEFAULT 'NONE' CHECK (spoke_to_spoke IN ('NONE', 'VIA_HUB', 'DIRECT')),
    ike_policy_id   BIGINT       NOT NULL REFERENCES ike_policy (id) ON DELETE RESTRICT,
    ipsec_policy_id BIGINT       NOT NULL REFERENCES ipsec_policy (id) ON DELETE RESTRICT,
    updated_at      TIMESTAMPTZ  NOT NULL
);
CREATE INDEX topology_ike_policy ON topology (ike_policy_id);
CREATE INDEX topology_ipsec_policy ON topology (ipsec_policy_id);

-- A member: one gateway (possibly a hub, hubs in hub_order) or every gateway with a tag.
CREATE TABLE topology_member (
    id          BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    topology_id BIGINT      NOT NULL REFERENCES topology (id) ON DELETE CASCADE,
    gateway_id  UUID        REFERENCES gateway (id) ON DELETE CASCADE,
    tag         VARCHAR(63),
    hub         BOOLEAN     NOT NULL DEFAULT FALSE,
    hub_order   INTEGER     NOT NULL DEFAULT 0,
    CHECK (num_nonnulls(gateway_id, tag) = 1),
    CHECK (NOT hub OR gateway_id IS NOT NULL),
    UNIQUE (topology_id, gateway_id),
    UNIQUE (topology_id, tag)
);
CREATE INDEX topology_member_gateway ON topology_member (gateway_id);

-- An explicit link; each end is a gateway or an external peer.
CREATE TABLE topology_link (
    id                 BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    topology_id        BIGINT NOT NULL REFERENCES topology (id) ON DELETE CASCADE,
    a_gateway_id       UUID   REFERENCES gateway (id) ON DELETE CASCADE,
    a_external_peer_id BIGINT REFERENCES external_peer (id) ON DELETE RESTRICT,
    b_gateway_id       UUID   REFERENCES gateway (id) ON DELETE CASCADE,
    b_external_peer_id BIGINT REFERENCES external_peer (id) ON DELETE RESTRICT,
    CHECK (num_nonnulls(a_gateway_id, a_external_peer_id) = 1),
    CHECK (num_nonnulls(b_gateway_id, b_external_peer_id) = 1)
);
CREATE INDEX topology_link_topology ON topology_link (topology_id);
CREATE INDEX topology_link_a_gateway ON topology_link (a_gateway_id);
CREATE INDEX topology_link_b_gateway ON topology_link (b_gateway_id);
CREATE INDEX topology_link_a_peer ON topology_link (a_external_peer_id);
CREATE INDEX topology_link_b_peer ON topology_link (b_external_peer_id);

-- The policies one gateway uses on its tunnel to one peer, instead of the topology's.
CREATE TABLE link_override (
    id                    BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    topology_id           BIGINT NOT NULL REFERENCES topology (id) ON DELETE CASCADE,
    gateway_id            UUID   NOT NULL REFERENCES gateway (id) ON DELETE CASCADE,
    peer_gateway_id       UUID   REFERENCES gateway (id) ON DELETE CASCADE,
    peer_external_peer_id BIGINT REFERENCES external_peer (id) ON DELETE RESTRICT,
    ike_policy_id         BIGINT REFERENCES ike_policy (id) ON DELETE RESTRICT,
    ipsec_policy_id       BIGINT REFERENCES ipsec_policy (id) ON DELETE RESTRICT,
    CHECK (num_nonnulls(peer_gateway_id, peer_external_peer_id) = 1),
    CHECK (num_nonnulls(ike_policy_id, ipsec_policy_id) >= 1)
);
CREATE INDEX link_override_topology ON link_override (topology_id);
CREATE INDEX link_override_gateway ON link_override (gateway_id);
CREATE INDEX link_override_peer_gateway ON link_override (peer_gateway_id);
CREATE INDEX link_override_ike ON link_override (ike_policy_id);
CREATE INDEX link_override_ipsec ON link_override (ipsec_policy_id);

-- The generated pre-shared key of a link: one per unordered pair of endpoint names
-- (endpoint_a < endpoint_b, gateway or external peer names), like the compiler's LinkKey,
-- so a link keeps its key whichever topology holds it (the validator forbids one pair in
-- two topologies). Rows no link needs any more are deleted by the service on each change.
-- Sealed (SecretBox, context "link-psk:<a>:<b>"); never stored in plain text.
CREATE TABLE link_psk (
    id          BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    endpoint_a  VARCHAR(63)  NOT NULL,
    endpoint_b  VARCHAR(63)  NOT NULL,
    psk_sealed  BYTEA        NOT NULL,
    created_at  TIMESTAMPTZ  NOT NULL,
    CHECK (endpoint_a COLLATE "C" < endpoint_b COLLATE "C"), -- Java String order for ASCII names
    UNIQUE (endpoint_a, endpoint_b)
);
