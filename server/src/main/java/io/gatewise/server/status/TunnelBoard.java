package io.gatewise.server.status;

import java.time.Clock;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.function.Consumer;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.DisposableBean;
import org.springframework.stereotype.Component;

import io.gatewise.server.gateway.Gateway;
import io.gatewise.server.gateway.GatewayService;
import io.gatewise.server.system.UiFormats;

/**
 * What the tunnels page shows: the live view as {@link TunnelRow}s with gateway names and
 * a traffic history, rebuilt once per status report and handed to every open page.
 * Rebuilding and sending happen on one thread of its own, so a slow browser never holds
 * up the control plane's thread that delivered the report.
 */
@Component
public class TunnelBoard implements DisposableBean {
    private static final Logger log = LoggerFactory.getLogger(TunnelBoard.class);
    private static final Comparator<TunnelRow> ORDER = Comparator.comparing(TunnelRow::gatewayName)
            .thenComparing(TunnelRow::tunnel);

    private final GatewayService gateways;
    private final UiFormats fmt;
    private final Clock clock;
    private final TrafficHistory history = new TrafficHistory();
    private final List<Consumer<List<TunnelRow>>> listeners = new CopyOnWriteArrayList<>();
    private final ExecutorService sender = Executors.newSingleThreadExecutor(r -> {
        Thread t = new Thread(r, "tunnel-board");
        t.setDaemon(true);
        return t;
    });
    private final Runnable unsubscribe;

    TunnelBoard(LiveStatusService status, GatewayService gateways, UiFormats fmt, Clock clock) {
        this.gateways = gateways;
        this.fmt = fmt;
        this.clock = clock;
        this.unsubscribe = status.subscribe(views -> sender.execute(() -> publish(views)));
    }

    /** The rows for the given live view (from {@link LiveStatusService#tunnels()}, which checks the caller's role). */
    public List<TunnelRow> rows(List<LiveStatusService.TunnelView> views) {
        synchronized (history) {
            return build(views);
        }
    }

    /** Called with every new set of rows (on the board's thread); returns a handle to stop. */
    public Runnable subscribe(Consumer<List<TunnelRow>> listener) {
        listeners.add(listener);
        return () -> listeners.remove(listener);
    }

    private void publish(List<LiveStatusService.TunnelView> views) {
        List<TunnelRow> rows;
        try {
            synchronized (history) {
                history.record(clock.instant(), views);
                rows = build(views);
            }
        } catch (RuntimeException e) { // e.g. the database is restarting: the next report retries
            log.warn("tunnel board not updated: {}", e.toString());
            return;
        }
        for (Consumer<List<TunnelRow>> l : listeners) {
            l.accept(rows);
        }
    }

    private List<TunnelRow> build(List<LiveStatusService.TunnelView> views) {
        Map<UUID, String> names = new HashMap<>();
        for (Gateway g : gateways.list()) {
            names.put(g.getId(), g.getName());
        }
        return views.stream()
                .map(v -> TunnelRow.of(v, names.getOrDefault(v.gatewayId(), v.gatewayId().toString()),
                        fmt.ago(v.since()), history.rates(new TunnelEnd.Key(v.gatewayId(), v.tunnel()))))
                .sorted(ORDER).toList();
    }

    @Override
    public void destroy() {
        unsubscribe.run();
        sender.shutdownNow();
    }
}
