package io.gatewise.agent.control;

import java.time.Duration;
import java.util.Objects;
import java.util.random.RandomGenerator;

/**
 * Exponential backoff with "full jitter": the n-th retry waits a uniformly random time
 * between a small floor and {@code min(max, initial * 2^n)}. The randomness spreads the
 * reconnects of many agents after a server restart, so they do not arrive in waves.
 */
public final class Backoff {
    /** Never retry faster than this, whatever the dice say. */
    static final Duration FLOOR = Duration.ofMillis(50);

    private final Duration initial;
    private final Duration max;
    private final RandomGenerator random;
    private int attempt;

    public Backoff(Duration initial, Duration max, RandomGenerator random) {
        this.initial = Objects.requireNonNull(initial, "initial");
        this.max = Objects.requireNonNull(max, "max");
        this.random = Objects.requireNonNull(random, "random");
        if (initial.isNegative() || initial.isZero() || max.compareTo(initial) < 0) {
            throw new IllegalArgumentException("backoff needs 0 < initial <= max");
        }
    }

    /** The upper bound of the next delay, before jitter. */
    public Duration ceiling() {
        long factor = 1L << Math.min(attempt, 30);
        long millis = initial.toMillis() > max.toMillis() / factor ? max.toMillis() : initial.toMillis() * factor;
        return Duration.ofMillis(Math.min(millis, max.toMillis()));
    }

    /** The delay before the next attempt; each call doubles the ceiling up to the maximum. */
    public Duration next() {
        long ceiling = ceiling().toMillis();
        attempt++;
        long floor = Math.min(FLOOR.toMillis(), ceiling);
        return Duration.ofMillis(floor + (ceiling > floor ? random.nextLong(ceiling - floor + 1) : 0));
    }

    /** Back to the initial delay, after a connection that worked. */
    public void reset() {
        attempt = 0;
    }
}
