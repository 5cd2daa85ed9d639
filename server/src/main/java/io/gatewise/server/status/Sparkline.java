package io.gatewise.server.status;

import java.util.List;
import java.util.Locale;

/**
 * An SVG polyline for a series of rates, computed here once so the first page render and
 * the live updates (which set the same {@code points} attribute) draw the same line.
 */
final class Sparkline {
    /** The SVG's viewBox is {@code 0 0 WIDTH HEIGHT}. */
    static final int WIDTH = 120;
    static final int HEIGHT = 28;

    private Sparkline() {
    }

    /**
     * The polyline's {@code points}: values spread over the width, the largest at the top
     * (one pixel of margin), zero at the bottom; empty for fewer than two values.
     */
    static String points(List<Double> values) {
        if (values.size() < 2) {
            return "";
        }
        double max = values.stream().mapToDouble(Double::doubleValue).max().orElse(0);
        double step = (double) WIDTH / (values.size() - 1);
        StringBuilder out = new StringBuilder();
        for (int i = 0; i < values.size(); i++) {
            double y = max <= 0 ? HEIGHT - 1 : (HEIGHT - 1) - values.get(i) / max * (HEIGHT - 2);
            if (i > 0) {
                out.append(' ');
            }
            out.append(String.format(Locale.ROOT, "%.1f,%.1f", i * step, y));
        }
        return out.toString();
    }
}
