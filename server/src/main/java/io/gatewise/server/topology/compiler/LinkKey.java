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

    /**
     * Mixed, because names like g0001..g1000 have nearly consecutive String hashes and
     * {@code 31 * h(a) + h(b)} would collide by the thousand in a mesh.
     */
    @Override
    public int hashCode() {
        long h = a.hashCode() * 0x9E3779B97F4A7C15L + b.hashCode();
        h ^= h >>> 29;
        h *= 0xBF58476D1CE4E5B9L;
        return (int) (h ^ (h >>> 32));
    }

    /** The tunnel name on both ends, "a--b". */
    public String tunnelName() {
        return a + "--" + b;
    }
}
