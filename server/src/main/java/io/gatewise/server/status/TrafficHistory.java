package io.gatewise.server.status;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Deque;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;

/**
 * The last {@value #SAMPLES} traffic samples of each tunnel end, for the tunnels page's
 * sparkline. A sample is taken when a tunnel's totals moved (its gateway reported
 * growth) or, when they did not, at most every {@link #IDLE_SAMPLE} (so an idle tunnel
 * draws a flat line instead of its last busy rate). Rates are bytes per second, in and
 * out together, between consecutive samples. In memory, not thread-safe.
 */
final class TrafficHistory {
    static final int SAMPLES = 30;
    static final Duration IDLE_SAMPLE = Duration.ofSeconds(10);

    private record Sample(Instant at, long bytes) {
    }

    private final Map<TunnelEnd.Key, Deque<Sample>> samples = new HashMap<>();

    /** Records the tunnel ends' totals at {@code now}; ends no longer listed are forgotten. */
    void record(Instant now, Collection<LiveStatusService.TunnelView> views) {
        Map<TunnelEnd.Key, Deque<Sample>> seen = new HashMap<>();
        for (LiveStatusService.TunnelView v : views) {
            TunnelEnd.Key key = new TunnelEnd.Key(v.gatewayId(), v.tunnel());
            Deque<Sample> d = samples.getOrDefault(key, new ArrayDeque<>());
            long bytes = v.totals().bytesIn() + v.totals().bytesOut();
            Sample last = d.peekLast();
            if (last == null || last.bytes() != bytes
                    || !Duration.between(last.at(), now).minus(IDLE_SAMPLE).isNegative()) {
                if (last != null && !now.isAfter(last.at())) {
                    d.pollLast(); // same instant: keep the newer total only
                }
                d.addLast(new Sample(now, bytes));
                while (d.size() > SAMPLES + 1) { // n+1 samples give n rates
                    d.pollFirst();
                }
            }
            seen.put(key, d);
        }
        samples.clear();
        samples.putAll(seen);
    }

    /** Bytes per second between consecutive samples, oldest first; empty before two samples. */
    List<Double> rates(TunnelEnd.Key key) {
        Deque<Sample> d = samples.get(key);
        List<Double> rates = new ArrayList<>();
        if (d == null || d.size() < 2) {
            return rates;
        }
        Iterator<Sample> it = d.iterator();
        Sample prev = it.next();
        while (it.hasNext()) {
            Sample s = it.next();
            double seconds = Duration.between(prev.at(), s.at()).toMillis() / 1000.0;
            long grown = Math.max(0, s.bytes() - prev.bytes());
            rates.add(seconds <= 0 ? 0 : grown / seconds);
            prev = s;
        }
        return rates;
    }
}
