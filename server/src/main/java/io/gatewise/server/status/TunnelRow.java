package io.gatewise.server.status;

import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.UUID;

/**
 * One line of the tunnels page, as the template renders it and as the live stream sends
 * it (JSON): raw values plus the words shown, so the page's script only copies text.
 *
 * @param key "gatewayId/tunnel", the row's identity in the page
 * @param stateClass the badge's CSS modifier
 * @param sparkline the SVG polyline points of the recent traffic rate, see {@link Sparkline}
 */
public record TunnelRow(String key, UUID gatewayId, String gatewayName, String tunnel, String state,
        String stateLabel, String stateClass, Instant since, String sinceText, String spiIn, String spiOut,
        String proposal, String rekeyText, long bytesIn, long bytesOut, long packetsIn, long packetsOut,
        String trafficIn, String trafficOut, String rateText, String sparkline) {

    static TunnelRow of(LiveStatusService.TunnelView v, String gatewayName, String sinceText, List<Double> rates) {
        TrafficTotals.Totals t = v.totals();
        boolean hasSa = !v.spiIn().isEmpty();
        double now = rates.isEmpty() ? 0 : rates.get(rates.size() - 1);
        double peak = rates.stream().mapToDouble(Double::doubleValue).max().orElse(0);
        return new TunnelRow(v.gatewayId() + "/" + v.tunnel(), v.gatewayId(), gatewayName, v.tunnel(),
                v.state().name(), label(v.state()), cssClass(v.state()), v.since(), sinceText, v.spiIn(), v.spiOut(),
                v.proposal(), hasSa ? rekey(v.secondsToRekey()) : "—", t.bytesIn(), t.bytesOut(), t.packetsIn(),
                t.packetsOut(), bytes(t.bytesIn()) + " · " + t.packetsIn() + " pkt",
                bytes(t.bytesOut()) + " · " + t.packetsOut() + " pkt",
                rates.isEmpty() ? "no samples yet" : bytes(Math.round(now)) + "/s now, peak " + bytes(Math.round(peak)) + "/s",
                Sparkline.points(rates));
    }

    /** An empty row: the page's template for tunnel ends that appear later (the live feed fills it in). */
    static TunnelRow blank() {
        return new TunnelRow("", null, "", "", "", "", "offline", null, "", "", "", "", "", 0, 0, 0, 0, "", "", "", "");
    }

    static String label(TunnelState s) {
        return switch (s) {
            case UP -> "up";
            case ONE_SIDE_UP -> "one side up";
            case NEVER_ESTABLISHED -> "never established";
            case DOWN -> "down";
            case STALE -> "stale (not configured)";
        };
    }

    static String cssClass(TunnelState s) {
        return switch (s) {
            case UP -> "online";
            case ONE_SIDE_UP, STALE -> "new";
            case NEVER_ESTABLISHED -> "offline";
            case DOWN -> "error";
        };
    }

    /** {@code in 58 min}, {@code in 40 s}, {@code due} at zero. */
    static String rekey(long seconds) {
        if (seconds <= 0) {
            return "due";
        }
        if (seconds < 120) {
            return "in " + seconds + " s";
        }
        if (seconds < 2 * 3600) {
            return "in " + seconds / 60 + " min";
        }
        return "in " + seconds / 3600 + " h";
    }

    /** {@code 812 B}, {@code 8.2 kB}, {@code 1.3 GB} (decimal units, as network counters are read). */
    static String bytes(long n) {
        if (n < 1000) {
            return n + " B";
        }
        String[] units = {"kB", "MB", "GB", "TB", "PB"};
        double v = n;
        int u = -1;
        while (v >= 1000 && u < units.length - 1) {
            v /= 1000;
            u++;
        }
        return String.format(Locale.ROOT, v < 10 ? "%.1f %s" : "%.0f %s", v, units[u]);
    }
}
