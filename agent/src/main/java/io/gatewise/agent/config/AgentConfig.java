package io.gatewise.agent.config;

import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * The complete configuration a gateway runs: the agent's own immutable model of
 * {@code gatewise.v1.GatewayConfig}, free of protobuf types. Built by the control
 * package's mapper (from a server push or a standalone file) and checked by
 * {@link ConfigValidator} before anything applies it.
 *
 * @param gatewayId    identifier of the gateway this config is for; empty in a standalone
 *                     file that does not name one
 * @param gatewayName  human name of the gateway, for logs
 * @param localAddress the address IKE binds to and sends from; empty means any
 * @param tunnels      the tunnels, in a stable order
 */
public record AgentConfig(String gatewayId, String gatewayName, Optional<String> localAddress,
                          List<TunnelConfig> tunnels) {

    public AgentConfig {
        Objects.requireNonNull(gatewayId, "gatewayId");
        Objects.requireNonNull(gatewayName, "gatewayName");
        Objects.requireNonNull(localAddress, "localAddress");
        tunnels = List.copyOf(tunnels);
    }

    /** The tunnel with this name, if any. */
    public Optional<TunnelConfig> tunnel(String name) {
        return tunnels.stream().filter(t -> t.name().equals(name)).findFirst();
    }

    /** "2 tunnels", "1 tunnel", "no tunnels": for one-line log messages. */
    public String describeSize() {
        return switch (tunnels.size()) {
            case 0 -> "no tunnels";
            case 1 -> "1 tunnel";
            default -> tunnels.size() + " tunnels";
        };
    }
}
