/**
 * The engine's own configuration model: peers (addresses, identities, pre-shared key,
 * phase 1 proposals, lifetimes) and their children (traffic selectors, ESP proposals,
 * PFS, mode, lifetimes), plus engine-wide settings. The agent's reconciler maps the
 * pushed GatewayConfig to these types; nothing here knows protobuf.
 *
 * <p>{@link io.gatewise.agent.ike.config.ProposalParser} reads strongSwan's proposal
 * syntax ("aes128-sha1-modp2048"). It lives here because the crypto branch did not ship
 * the planned {@code ike.proposal} package; it only maps names onto the crypto registry.
 */
package io.gatewise.agent.ike.config;
