package io.gatewise.server.status;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

import io.gatewise.server.config.DesiredConfigService;
import io.gatewise.server.config.TunnelSpec;

/**
 * Which configured tunnel ends are the two ends of one tunnel between Gatewise gateways,
 * so that "up" can require both ends to report the same SA pair. A pure function of the
 * desired configs and the gateways' public addresses.
 *
 * <ol>
 *   <li>A compiled topology tunnel ("a--b", decision D9) carries the same name on both
 *       gateways: a name on exactly two gateways pairs them. One on a single gateway is a
 *       tunnel to an external peer.</li>
 *   <li>A hand-made tunnel pairs with the one tunnel of the gateway it points at (its
 *       remote address is that gateway's public address) that points back. Anything
 *       ambiguous (two gateways with one address, two tunnels pointing back) stays
 *       unpaired: a wrong pairing would show a healthy tunnel as one-sided.</li>
 * </ol>
 */
final class TunnelPairing {
    private TunnelPairing() {
    }

    /**
     * @param tunnels   each gateway's configured tunnels
     * @param addresses each gateway's public address (may lack gateways without one)
     * @return the peer end of every paired tunnel end; absent keys are unpaired
     */
    static Map<TunnelEnd.Key, TunnelEnd.Peer> pair(Map<UUID, List<TunnelSpec>> tunnels, Map<UUID, String> addresses) {
        Map<TunnelEnd.Key, TunnelEnd.Peer> peers = new HashMap<>();
        Map<String, List<TunnelEnd.Key>> byCompiledName = new HashMap<>();
        tunnels.forEach((g, list) -> list.stream().filter(t -> DesiredConfigService.isCompiledName(t.name()))
                .forEach(t -> byCompiledName.computeIfAbsent(t.name(), n -> new ArrayList<>())
                        .add(new TunnelEnd.Key(g, t.name()))));
        byCompiledName.values().stream().filter(ends -> ends.size() == 2).forEach(ends -> {
            link(peers, ends.get(0), ends.get(1));
        });

        Map<String, List<UUID>> byAddress = new HashMap<>();
        addresses.forEach((g, a) -> {
            if (a != null && !a.isBlank()) {
                byAddress.computeIfAbsent(a.trim(), x -> new ArrayList<>()).add(g);
            }
        });
        Map<TunnelEnd.Key, TunnelEnd.Key> candidates = new HashMap<>();
        tunnels.forEach((g, list) -> {
            for (TunnelSpec t : list) {
                TunnelEnd.Key here = new TunnelEnd.Key(g, t.name());
                if (!peers.containsKey(here)) {
                    candidate(tunnels, addresses, byAddress, g, t).ifPresent(there -> candidates.put(here, there));
                }
            }
        });
        // only mutual choices: A's one tunnel back from B must be the B tunnel whose one way back is A's
        candidates.forEach((here, there) -> {
            if (here.equals(candidates.get(there))) {
                link(peers, here, there);
            }
        });
        return peers;
    }

    /** The one tunnel of the gateway {@code t} points at that points back to {@code g}, if exactly one. */
    private static Optional<TunnelEnd.Key> candidate(Map<UUID, List<TunnelSpec>> tunnels, Map<UUID, String> addresses,
            Map<String, List<UUID>> byAddress, UUID g, TunnelSpec t) {
        String back = addresses.get(g);
        Optional<UUID> target = pointedAt(byAddress, t.remoteAddress());
        if (back == null || target.isEmpty() || target.get().equals(g)) {
            return Optional.empty();
        }
        List<TunnelSpec> returning = tunnels.getOrDefault(target.get(), List.of()).stream()
                .filter(r -> back.trim().equals(r.remoteAddress() == null ? null : r.remoteAddress().trim())).toList();
        return returning.size() == 1 ? Optional.of(new TunnelEnd.Key(target.get(), returning.get(0).name()))
                : Optional.empty();
    }

    private static Optional<UUID> pointedAt(Map<String, List<UUID>> byAddress, String remote) {
        List<UUID> candidates = byAddress.getOrDefault(remote == null ? "" : remote.trim(), List.of());
        return candidates.size() == 1 ? Optional.of(candidates.get(0)) : Optional.empty();
    }

    private static void link(Map<TunnelEnd.Key, TunnelEnd.Peer> peers, TunnelEnd.Key a, TunnelEnd.Key b) {
        peers.put(a, new TunnelEnd.Peer(b.gatewayId(), b.tunnel()));
        peers.put(b, new TunnelEnd.Peer(a.gatewayId(), a.tunnel()));
    }
}
