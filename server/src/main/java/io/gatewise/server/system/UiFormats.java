package io.gatewise.server.system;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Locale;

import org.springframework.stereotype.Component;

/** Time formatting for the UI templates ({@code ${@fmt.ago(x)}}). Times are shown in UTC. */
@Component("fmt")
public class UiFormats {
    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss 'UTC'")
            .withZone(ZoneOffset.UTC);

    private final Clock clock;

    public UiFormats(Clock clock) {
        this.clock = clock;
    }

    /** {@code 2026-11-27 10:04:05 UTC}, or a dash. */
    public String time(Instant instant) {
        return instant == null ? "—" : TIME.format(instant);
    }

    /** {@code 12 s ago}, {@code 5 min ago}, {@code 3 h ago}, {@code 2 days ago}; {@code never} for null. */
    public String ago(Instant instant) {
        if (instant == null) {
            return "never";
        }
        Duration d = Duration.between(instant, clock.instant());
        if (d.isNegative() || d.toSeconds() < 2) {
            return "just now";
        }
        return coarse(d) + " ago";
    }

    /** {@code in 23 h}, for expiries. */
    public String in(Instant instant) {
        if (instant == null) {
            return "—";
        }
        Duration d = Duration.between(clock.instant(), instant);
        // round to the nearest unit: a fresh 24 h token reads "in 24 h", not "in 23 h"
        return d.isNegative() ? "expired" : "in " + coarse(d.plusSeconds(d.toSeconds() < 7200 ? 30 : 1800));
    }

    /** Short durations with precision ({@code 0.42 s}), longer ones coarse. */
    public String duration(Duration d) {
        if (d == null) {
            return "—";
        }
        if (d.toMillis() < 10_000) {
            return String.format(Locale.ROOT, "%.2f s", d.toMillis() / 1000.0);
        }
        return coarse(d);
    }

    private static String coarse(Duration d) {
        long s = d.toSeconds();
        if (s < 120) {
            return s + " s";
        }
        if (s < 2 * 3600) {
            return (s / 60) + " min";
        }
        if (s < 2 * 86400) {
            return (s / 3600) + " h";
        }
        return (s / 86400) + " days";
    }
}
