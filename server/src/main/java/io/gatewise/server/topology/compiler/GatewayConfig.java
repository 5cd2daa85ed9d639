package io.gatewise.server.topology.compiler;

import java.util.List;
import java.util.Objects;

/**
 * The compiled configuration of one gateway: its tunnels from every topology, sorted by
 * name (so that equal models give equal lists, and equal protos byte for byte).
 */
public record GatewayConfig(String gateway, List<CompiledTunnel> tunnels) {
    public GatewayConfig {
        Objects.requireNonNull(gateway, "gateway");
        tunnels = List.copyOf(tunnels);
    }
}
