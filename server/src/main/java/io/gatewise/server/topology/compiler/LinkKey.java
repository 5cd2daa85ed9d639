package io.gatewise.server.topology.compiler;

/**
 * The unordered pair of endpoint names a link joins; {@code a < b}. Keys the per-link
 * pre-shared keys, so a link keeps its key whatever topology holds it.
 */
public record LinkKey(String a, String b) {
    public LinkKey {
        if (a.compareTo(b) >= 0) {
            throw new IllegalArgumentException("link key needs a < b: " + a + ", " + b);
        }
    }

    public static LinkKey of(String x, String y) {
        return x.compareTo(y) < 0 ? new LinkKey(x, y) : new LinkKey(y, x);
    }

    /** The tunnel name on both ends, "a--b". */
    public String tunnelName() {
        return a + "--" + b;
    }
}
