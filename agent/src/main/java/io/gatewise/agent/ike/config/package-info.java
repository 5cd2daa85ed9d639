/**
 * The engine's own configuration model: peers (addresses, identities, pre-shared key,
 * phase 1 proposals, lifetimes) and their children (traffic selectors, ESP proposals,
 * PFS, mode, lifetimes), plus engine-wide settings. The agent's reconciler maps the
 * pushed GatewayConfig to these types; nothing here knows protobuf.
 * Proposals are the typed ones of {@link io.gatewise.agent.ike.proposal}.
 */
package io.gatewise.agent.ike.config;
