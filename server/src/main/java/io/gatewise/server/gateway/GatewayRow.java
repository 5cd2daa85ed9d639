package io.gatewise.server.gateway;

import java.time.Instant;
import java.util.UUID;

/**
 * A gateway as the list page and {@code GET /api/gateways} show it.
 *
 * @param state            {@code online}, {@code offline} or {@code new} (no agent ever connected)
 * @param connectedSince   when the open stream started, null when offline
 * @param appliedVersion   config version the agent reported running (0: none)
 * @param desiredVersion   the current desired config version
 */
public record GatewayRow(UUID id, String name, String publicAddress, String state, Instant connectedSince,
                         Instant lastSeenAt, String agentVersion, String hostname, long appliedVersion,
                         long desiredVersion) {
    static GatewayRow of(Gateway g, AgentPresence presence, long desiredVersion) {
        Instant since = presence.connectedSince(g.getId()).orElse(null);
        String state = since != null ? "online" : g.getLastSeenAt() == null ? "new" : "offline";
        return new GatewayRow(g.getId(), g.getName(), g.getPublicAddress(), state, since, g.getLastSeenAt(),
                g.getAgentVersion(), g.getHostname(), g.getAppliedConfigVersion(), desiredVersion);
    }

    public boolean online() {
        return "online".equals(state);
    }

    /** The agent runs the desired version. */
    public boolean upToDate() {
        return appliedVersion >= desiredVersion;
    }
}
