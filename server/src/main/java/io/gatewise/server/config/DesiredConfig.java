package io.gatewise.server.config;

import java.time.Instant;
import java.util.List;
import java.util.UUID;

/**
 * A gateway's complete desired configuration at one version. Each version replaces the
 * previous one; an agent applies whole versions only.
 *
 * @param tunnels sorted by name, so that equal configs are equal lists
 */
public record DesiredConfig(UUID gatewayId, long version, Instant createdAt, List<TunnelSpec> tunnels) {
    public DesiredConfig {
        tunnels = List.copyOf(tunnels);
    }
}
