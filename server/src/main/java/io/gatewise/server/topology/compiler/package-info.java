/**
 * The topology compiler: a pure function from the admin's intent (gateways, IKE and
 * IPsec policies, topologies, external peers, per-link pre-shared keys) to one
 * {@link io.gatewise.server.topology.compiler.GatewayConfig} per gateway, plus the
 * validation that runs before anything is saved and the pre-flight check that looks at
 * every tunnel from both ends.
 *
 * <p>No Spring, no JPA, no randomness, no clock: the same model always gives equal
 * output, and tests need nothing but the JDK. Proposal semantics come from the agent's
 * {@code io.gatewise.agent.ike.proposal} so that the server predicts exactly what the
 * agents will negotiate (docs/decisions.md D8).
 */
package io.gatewise.server.topology.compiler;
