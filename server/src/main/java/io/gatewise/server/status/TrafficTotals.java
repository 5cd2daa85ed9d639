package io.gatewise.server.status;

import java.util.HashMap;
import java.util.Map;

/**
 * Per-tunnel byte and packet totals that survive rekeys: each report's SA counters are
 * compared with the same SA's (same inbound SPI) previous counters and only the growth is
 * added; a new SA (after a rekey) contributes all of its counters; an SA whose counters
 * went down (restarted agent reusing an SPI) counts from zero again. Not thread-safe.
 */
public final class TrafficTotals {
    /** Totals of one tunnel. */
    public record Totals(long bytesIn, long bytesOut, long packetsIn, long packetsOut) {
        Totals plus(long bi, long bo, long pi, long po) {
            return new Totals(bytesIn + bi, bytesOut + bo, packetsIn + pi, packetsOut + po);
        }
    }

    private record SaKey(TunnelEnd.Key tunnel, String spiIn) {
    }

    private final Map<SaKey, SaReport.ChildSa> lastSeen = new HashMap<>();
    private final Map<TunnelEnd.Key, Totals> totals = new HashMap<>();

    /** Adds one gateway report's growth. */
    public void add(java.util.UUID gatewayId, SaReport report) {
        for (SaReport.ChildSa c : report.childSas()) {
            TunnelEnd.Key tunnel = new TunnelEnd.Key(gatewayId, c.tunnel());
            SaReport.ChildSa before = lastSeen.put(new SaKey(tunnel, c.spiIn()), c);
            long bi = growth(before == null ? 0 : before.bytesIn(), c.bytesIn());
            long bo = growth(before == null ? 0 : before.bytesOut(), c.bytesOut());
            long pi = growth(before == null ? 0 : before.packetsIn(), c.packetsIn());
            long po = growth(before == null ? 0 : before.packetsOut(), c.packetsOut());
            totals.merge(tunnel, new Totals(bi, bo, pi, po), (a, b) -> a.plus(b.bytesIn, b.bytesOut, b.packetsIn,
                    b.packetsOut));
        }
        // Forget SAs of this gateway that are gone, so the map does not grow with rekeys.
        lastSeen.keySet().removeIf(k -> k.tunnel().gatewayId().equals(gatewayId) && report.childSas().stream()
                .noneMatch(c -> c.tunnel().equals(k.tunnel().tunnel()) && c.spiIn().equals(k.spiIn())));
    }

    public Totals of(TunnelEnd.Key tunnel) {
        return totals.getOrDefault(tunnel, new Totals(0, 0, 0, 0));
    }

    private static long growth(long before, long now) {
        return now >= before ? now - before : now;
    }
}
