package io.gatewise.agent.gateway;

import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import io.gatewise.agent.config.TunnelConfig;

/**
 * What the tunnels of one config cannot share: a prefix routed into two different devices
 * (the kernel keeps one route per prefix), and a route interface id (a hash of the tunnel
 * name, see {@link RouteInterface}). Both depend only on the config, never on the peer's
 * address, so {@code check-config} finds them offline exactly as {@code apply} would.
 */
public final class RouteConflicts {
    /** One tunnel as far as routing goes: its prefixes and, when route-based, its own device. */
    public record Routed(String tunnel, List<String> routes, Optional<RouteInterface> device) {
        public Routed {
            routes = List.copyOf(routes);
        }

        /** From the config alone (no DNS): what {@link TunnelTranslator} would route. */
        public static Routed of(TunnelConfig t) {
            return new Routed(t.name(), TunnelTranslator.routes(t), t.vpnType() == TunnelConfig.VpnType.ROUTE_BASED
                    ? Optional.of(RouteInterface.forTunnel(t.name())) : Optional.empty());
        }

        static Routed of(TunnelPlan p) {
            return new Routed(p.name(), p.routes(), p.routeInterface());
        }

        private String deviceName() {
            return device.map(RouteInterface::name).orElse("the shared TUN device");
        }
    }

    private RouteConflicts() {
    }

    /** Every conflict, one plain sentence each; empty when the tunnels can coexist. */
    public static List<String> find(Collection<Routed> tunnels) {
        List<String> out = new ArrayList<>();
        Map<String, Routed> byPrefix = new LinkedHashMap<>();
        Map<Integer, Routed> byInterface = new LinkedHashMap<>();
        for (Routed t : tunnels) {
            for (String r : t.routes()) {
                Routed other = byPrefix.putIfAbsent(r, t);
                if (other != null && !other.device().equals(t.device())) {
                    out.add("tunnels " + other.tunnel() + " and " + t.tunnel() + " both route " + r + " (into "
                            + other.deviceName() + " and " + t.deviceName() + ")");
                }
            }
            t.device().ifPresent(itf -> {
                Routed other = byInterface.putIfAbsent(itf.id(), t);
                if (other != null) {
                    out.add("route-based tunnels " + other.tunnel() + " and " + t.tunnel() + " map to the same"
                            + " interface " + itf.name() + ": rename one");
                }
            });
        }
        return out;
    }
}
