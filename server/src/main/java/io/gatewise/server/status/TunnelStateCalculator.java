package io.gatewise.server.status;

import java.util.ArrayList;
import java.util.Collection;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;

/**
 * Configured versus actual, as a pure function of the configuration, each gateway's
 * latest report and which tunnels were ever up: no clock, no database, so it is unit
 * tested exhaustively.
 */
public final class TunnelStateCalculator {
    private TunnelStateCalculator() {
    }

    /** One tunnel end's computed state and the SA it rests on, if any. */
    public record Result(TunnelEnd.Key key, TunnelState state, Optional<SaReport.ChildSa> sa) {
    }

    public static List<Result> compute(Collection<TunnelEnd> configured, Map<UUID, SaReport> reports,
            Set<TunnelEnd.Key> everUp) {
        List<Result> results = new ArrayList<>();
        Set<TunnelEnd.Key> configuredKeys = new HashSet<>();
        for (TunnelEnd end : configured) {
            configuredKeys.add(end.key());
            Optional<SaReport.ChildSa> local = installed(reports.get(end.gatewayId()), end.tunnel());
            TunnelState state;
            if (end.peer().isEmpty()) {
                state = local.isPresent() ? TunnelState.UP : down(end.key(), everUp);
            } else {
                TunnelEnd.Peer p = end.peer().get();
                SaReport peerReport = reports.get(p.gatewayId());
                boolean matched = local.isPresent() && peerReport != null && peerReport.childSas().stream()
                        .anyMatch(c -> c.installed() && c.tunnel().equals(p.tunnel())
                                && c.spiIn().equals(local.get().spiOut()) && c.spiOut().equals(local.get().spiIn()));
                boolean peerUp = installed(peerReport, p.tunnel()).isPresent();
                state = matched ? TunnelState.UP
                        : local.isPresent() || peerUp ? TunnelState.ONE_SIDE_UP
                        : down(end.key(), everUp);
            }
            results.add(new Result(end.key(), state, local));
        }
        reports.forEach((gateway, report) -> report.childSas().stream().filter(SaReport.ChildSa::installed)
                .filter(c -> !configuredKeys.contains(new TunnelEnd.Key(gateway, c.tunnel())))
                .forEach(c -> results.add(new Result(new TunnelEnd.Key(gateway, c.tunnel()), TunnelState.STALE,
                        Optional.of(c)))));
        return results;
    }

    private static TunnelState down(TunnelEnd.Key key, Set<TunnelEnd.Key> everUp) {
        return everUp.contains(key) ? TunnelState.DOWN : TunnelState.NEVER_ESTABLISHED;
    }

    private static Optional<SaReport.ChildSa> installed(SaReport report, String tunnel) {
        if (report == null) {
            return Optional.empty();
        }
        return report.childSas().stream().filter(c -> c.installed() && c.tunnel().equals(tunnel))
                .max(java.util.Comparator.comparingLong(c -> -c.ageSeconds())); // the newest SA
    }
}
