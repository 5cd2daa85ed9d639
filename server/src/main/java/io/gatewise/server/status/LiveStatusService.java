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
import io.gatewise.server.gateway.GatewayService;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;

/**
 * The live SA view: each gateway's latest StatusReport, per-tunnel traffic totals across
 * rekeys, and configured-versus-actual state with since-when. In memory: it is rebuilt
 * from the next reports (every few seconds) after a server restart. Listeners (the
 * tunnels page's server-sent events) are told after every report.
 *
 * <p>Peers: when both ends of a tunnel are Gatewise gateways ({@link TunnelPairing}), "up"
 * requires both to report the same SA pair (SPIs crossed); otherwise the one end that
 * reports is all there is (an external peer) and its installed SA makes it up.
 */
@Service
public class LiveStatusService {
    /** What the tunnels page shows for one tunnel end. */
    public record TunnelView(UUID gatewayId, String tunnel, TunnelState state, Instant since, String spiIn,
            String spiOut, String proposal, long secondsToRekey, TrafficTotals.Totals totals) {
    }

    private final DesiredConfigService configs;
    private final GatewayService gateways;
    private final Clock clock;
    private final Map<UUID, SaReport> reports = new HashMap<>();
    private final TrafficTotals traffic = new TrafficTotals();
    private final Set<TunnelEnd.Key> everUp = new HashSet<>();
    private final Map<TunnelEnd.Key, TunnelState> lastState = new HashMap<>();
    private final Map<TunnelEnd.Key, Instant> since = new HashMap<>();
    private final List<Consumer<List<TunnelView>>> listeners = new CopyOnWriteArrayList<>();
    private List<TunnelView> current = List.of();
    /** The pairing of tunnel ends, recomputed when a desired config changes. */
    private Map<TunnelEnd.Key, TunnelEnd.Peer> pairing = Map.of();
    private Map<UUID, Long> pairedVersions = Map.of();

    LiveStatusService(DesiredConfigService configs, GatewayService gateways, Clock clock, MeterRegistry meters) {
        this.configs = configs;
        this.gateways = gateways;
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
        Map<UUID, Long> versions = configs.currentVersions();
        Set<UUID> ids = new HashSet<>(reports.keySet());
        ids.addAll(versions.keySet());
        Map<UUID, List<TunnelSpec>> tunnels = new HashMap<>();
        for (UUID g : ids) {
            tunnels.put(g, configs.current(g).tunnels());
        }
        if (!versions.equals(pairedVersions)) {
            // a gateway's address edited without a config change is picked up with the next change
            Map<UUID, String> addresses = new HashMap<>();
            gateways.list().forEach(g -> addresses.put(g.getId(), g.getPublicAddress()));
            pairing = TunnelPairing.pair(tunnels, addresses);
            pairedVersions = Map.copyOf(versions);
        }
        tunnels.forEach((g, list) -> list.forEach(t -> configured.add(new TunnelEnd(g, t.name(),
                Optional.ofNullable(pairing.get(new TunnelEnd.Key(g, t.name())))))));
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
