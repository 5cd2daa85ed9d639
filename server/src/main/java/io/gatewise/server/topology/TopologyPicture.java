package io.gatewise.server.topology;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * A topology drawn as a graph: gateways (and external peers) as nodes on a circle, hubs
 * in the middle, tunnels as edges coloured by live state. The coordinates are computed
 * here so the page renders plain inline SVG (no script, no library) and the JSON of
 * {@code GET /api/v1/topologies/{name}/picture} carries the same drawing.
 *
 * @param width  SVG viewBox width
 * @param height SVG viewBox height
 */
public record TopologyPicture(String topology, int width, int height, List<Node> nodes, List<Edge> edges) {
    static final int WIDTH = 640;
    static final int HEIGHT = 460;

    /** @param external an unmanaged peer (drawn as a square) */
    public record Node(String name, boolean hub, boolean external, double x, double y, double labelX, double labelY,
                       String labelAnchor) {
    }

    /**
     * @param state      {@code up}, {@code one-side}, {@code down}, {@code never} or {@code unknown} (no status yet)
     * @param preflight  plain-words pre-flight failures of this tunnel; empty when both ends would accept
     */
    public record Edge(String tunnel, String a, String b, String state, String stateLabel, double x1, double y1,
                       double x2, double y2, List<String> preflight) {
        public Edge {
            preflight = List.copyOf(preflight);
        }

        public boolean preflightOk() {
            return preflight.isEmpty();
        }
    }

    /** One of the legend's entries, in the order shown. */
    public record LegendEntry(String state, String label) {
    }

    public static final List<LegendEntry> LEGEND = List.of(new LegendEntry("up", "up (both ends)"),
            new LegendEntry("one-side", "one side up"), new LegendEntry("down", "down"),
            new LegendEntry("never", "never established"), new LegendEntry("unknown", "no status yet"));

    public TopologyPicture {
        nodes = List.copyOf(nodes);
        edges = List.copyOf(edges);
    }

    public List<LegendEntry> legend() {
        return LEGEND;
    }

    /** Endpoint to be placed: name, hub, external. */
    record Endpoint(String name, boolean hub, boolean external) {
    }

    /**
     * Circle layout: a single hub in the centre, several hubs on a small inner circle,
     * everything else evenly on the outer circle starting at 12 o'clock, clockwise, in
     * the given order; labels sit outside the circle, anchored away from the centre.
     */
    static List<Node> layout(List<Endpoint> endpoints) {
        double cx = WIDTH / 2.0;
        double cy = HEIGHT / 2.0;
        double outer = 165;
        double inner = 60;
        List<Endpoint> hubs = endpoints.stream().filter(Endpoint::hub).toList();
        List<Endpoint> rim = endpoints.stream().filter(e -> !e.hub()).toList();
        List<Node> nodes = new ArrayList<>();
        if (hubs.size() == 1 && !rim.isEmpty()) {
            Endpoint h = hubs.get(0);
            nodes.add(new Node(h.name(), true, h.external(), cx, cy, cx, cy - 22, "middle"));
        } else {
            place(hubs, cx, cy, rim.isEmpty() ? outer : inner, nodes, !rim.isEmpty());
        }
        place(rim, cx, cy, outer, nodes, false);
        return nodes;
    }

    private static void place(List<Endpoint> list, double cx, double cy, double r, List<Node> out, boolean innerRing) {
        int n = list.size();
        for (int i = 0; i < n; i++) {
            double angle = -Math.PI / 2 + 2 * Math.PI * i / n;
            double x = round(cx + r * Math.cos(angle));
            double y = round(cy + r * Math.sin(angle));
            double lr = innerRing ? 22 : 24;
            double lx = round(x + lr * Math.cos(angle));
            double ly = round(y + lr * Math.sin(angle) + 4);
            double c = Math.cos(angle);
            String anchor = Math.abs(c) < 0.3 ? "middle" : c > 0 ? "start" : "end";
            Endpoint e = list.get(i);
            out.add(new Node(e.name(), e.hub(), e.external(), x, y, lx, ly, anchor));
        }
    }

    private static double round(double v) {
        return Math.round(v * 10) / 10.0;
    }

    /** "up" etc. to the words used in titles and the text list. */
    static String label(String state) {
        for (LegendEntry e : LEGEND) {
            if (e.state().equals(state)) {
                return e.label();
            }
        }
        return state.toLowerCase(Locale.ROOT);
    }
}
