package io.gatewise.server.status;

import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;

import org.springframework.security.access.prepost.PreAuthorize;
import org.springframework.stereotype.Service;

import io.gatewise.server.config.DesiredConfigService;
import io.gatewise.server.config.TunnelSpec;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;

/**
 * The live SA view: each gateway's latest StatusReport, per-tunnel traffic totals across
 * rekeys, and configured-versus-actual state with since-when. In memory: it is rebuilt
 * from the next reports (every few seconds) after a server restart. Listeners (the
 * tunnels page's server-sent events) are told after every report.
 *
 * <p>Peers: today's tunnels name an address, so every end is treated as having an
 * external peer (up when this end has an installed SA). When the topology model knows
 * that both ends are Gatewise gateways, {@link TunnelEnd.Peer} makes "up" require
 * matching SPIs on both; the calculator already does that.
 */
@Service
public class LiveStatusService {
    /** What the tunnels page shows for one tunnel end. */
    public record TunnelView(UUID gatewayId, String tunnel, TunnelState state, Instant since, String spiIn,
            String spiOut, String proposal, long secondsToRekey, TrafficTotals.Totals totals) {
    }

    private final DesiredConfigService configs;
    private final Clock clock;
    private final Map<UUID, SaReport> reports = new HashMap<>();
    private final TrafficTotals traffic = new TrafficTotals();
    private final Set<TunnelEnd.Key> everUp = new HashSet<>();
    private final Map<TunnelEnd.Key, TunnelState> lastState = new HashMap<>();
    private final Map<TunnelEnd.Key, Instant> since = new HashMap<>();
    private final List<Consumer<List<TunnelView>>> listeners = new CopyOnWriteArrayList<>();
    private List<TunnelView> current = List.of();

    LiveStatusService(DesiredConfigService configs, Clock clock, MeterRegistry meters) {
        this.configs = configs;
        this.clock = clock;
        for (TunnelState s : TunnelState.values()) {
            Gauge.builder("gatewise.tunnels", this, me -> me.count(s)).tag("state", s.name().toLowerCase())
                    .description("Tunnel ends by live state").register(meters);
        }
    }

    /** A gateway's StatusReport arrived (control-plane thread). */
    public void record(UUID gatewayId, SaReport report) {
        List<TunnelView> views;
        synchronized (this) {
            reports.put(gatewayId, report);
            traffic.add(gatewayId, report);
            views = recompute();
        }
        listeners.forEach(l -> l.accept(views));
    }

    /** Forgets a gateway's SAs (its agent disconnected long ago or it was deleted). */
    public void forget(UUID gatewayId) {
        synchronized (this) {
            reports.remove(gatewayId);
            recompute();
        }
    }

    @PreAuthorize("hasAnyRole('ADMIN','OPERATOR','AUDITOR')")
    public synchronized List<TunnelView> tunnels() {
        return current;
    }

    /** Called with the full view after every report; returns a handle to stop. */
    public Runnable subscribe(Consumer<List<TunnelView>> listener) {
        listeners.add(listener);
        return () -> listeners.remove(listener);
    }

    private synchronized long count(TunnelState s) {
        return current.stream().filter(v -> v.state() == s).count();
    }

    private List<TunnelView> recompute() {
        List<TunnelEnd> configured = new ArrayList<>();
        Set<UUID> gateways = new HashSet<>(reports.keySet());
        configs.currentVersions().keySet().forEach(gateways::add);
        for (UUID g : gateways) {
            for (TunnelSpec t : configs.current(g).tunnels()) {
                configured.add(new TunnelEnd(g, t.name(), Optional.empty()));
            }
        }
        Instant now = clock.instant();
        List<TunnelView> views = new ArrayList<>();
        for (TunnelStateCalculator.Result r : TunnelStateCalculator.compute(configured, reports, everUp)) {
            if (r.state() == TunnelState.UP) {
                everUp.add(r.key());
            }
            if (lastState.put(r.key(), r.state()) != r.state()) {
                since.put(r.key(), now);
            }
            Optional<SaReport.ChildSa> sa = r.sa();
            views.add(new TunnelView(r.key().gatewayId(), r.key().tunnel(), r.state(), since.get(r.key()),
                    sa.map(SaReport.ChildSa::spiIn).orElse(""), sa.map(SaReport.ChildSa::spiOut).orElse(""),
                    sa.map(SaReport.ChildSa::proposal).orElse(""), sa.map(SaReport.ChildSa::secondsToRekey).orElse(0L),
                    traffic.of(r.key())));
        }
        current = List.copyOf(views);
        return current;
    }
}
