package io.gatewise.agent.gateway;

import io.gatewise.agent.config.AgentConfig;
import io.gatewise.agent.config.ConfigApplier;
import io.gatewise.agent.config.ConfigRejectedException;
import io.gatewise.agent.config.TunnelActions;
import io.gatewise.agent.config.TunnelConfig;
import io.gatewise.agent.events.StatusProvider;
import io.gatewise.agent.events.StatusSnapshot;
import java.io.IOException;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The real {@link ConfigApplier}: configs become tunnels in the IKE engine, one TUN
 * device per route-based tunnel, and routes into the shared TUN device (policy-based)
 * or into a route-based tunnel's own device.
 *
 * <pre>
 *   apply(config)
 *     1. local address (--local-address, else the config's), every tunnel translated
 *        (TunnelTranslator), no prefix routed into two devices, no two route-based
 *        tunnels on one interface id; any problem rejects the whole config, nothing changed
 *     2. the runtime is opened on first use (shared TUN, UDP 500/4500)
 *     3. missing route-based interfaces are created, then missing routes added; if one
 *        fails, what was added is removed again and the config is rejected
 *     4. by tunnel name: removed → SAs deleted, peer forgotten; changed → replaced (its
 *        interface and routes stay); new → added (START negotiates); unchanged → untouched
 *     5. routes nobody needs any more are removed, then interfaces nobody needs
 * </pre>
 *
 * Called by the reconciler one config at a time; {@link #close()} on shutdown. It is also
 * the agent's {@link TunnelActions} (an action names a tunnel of the running config) and
 * its {@link StatusProvider} (no SAs before the runtime opens).
 */
public final class IkeConfigApplier implements ConfigApplier, TunnelActions, StatusProvider, AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(IkeConfigApplier.class);

    /** Opens the runtime once the local address is known. */
    @FunctionalInterface
    public interface RuntimeOpener {
        GatewayRuntime open(InetAddress local) throws IOException;
    }

    private final RuntimeOpener opener;
    private final Optional<InetAddress> localOverride;
    private final TunnelCredentials credentials;
    private GatewayRuntime runtime;
    private InetAddress local;
    private Map<String, TunnelPlan> running = new LinkedHashMap<>();

    /** @param localOverride {@code --local-address}; wins over the config's {@code localAddress} */
    public IkeConfigApplier(RuntimeOpener opener, Optional<InetAddress> localOverride) {
        this(opener, localOverride, TunnelCredentials.none());
    }

    /**
     * @param localOverride {@code --local-address}; wins over the config's {@code localAddress}
     * @param credentials   certificates for certificate-authenticated tunnels (enrolled or standalone files)
     */
    public IkeConfigApplier(RuntimeOpener opener, Optional<InetAddress> localOverride,
            TunnelCredentials credentials) {
        this.opener = opener;
        this.localOverride = localOverride;
        this.credentials = credentials;
    }

    @Override
    public synchronized void apply(AgentConfig config) throws ConfigRejectedException {
        InetAddress address = localAddress(config);
        if (local != null && !local.equals(address)) {
            throw new ConfigRejectedException("the local address changes from " + local.getHostAddress() + " to "
                    + address.getHostAddress() + ": restart the agent to move its sockets");
        }
        Map<String, TunnelPlan> next = new LinkedHashMap<>();
        List<String> problems = new ArrayList<>();
        for (TunnelConfig t : config.tunnels()) {
            try {
                next.put(t.name(), TunnelTranslator.translate(t, address, credentials));
            } catch (IllegalArgumentException e) {
                problems.addAll(e.getMessage().lines().toList());
            }
        }
        problems.addAll(RouteConflicts.find(next.values().stream().map(RouteConflicts.Routed::of).toList()));
        if (!problems.isEmpty()) {
            throw new ConfigRejectedException(problems);
        }
        if (runtime == null) {
            try {
                runtime = opener.open(address);
            } catch (IOException e) {
                throw new GatewayStartException(e.getMessage());
            }
            local = address;
        }

        Set<RouteInterface> wantedInterfaces = interfaces(next);
        Set<RouteInterface> presentInterfaces = interfaces(running);
        List<RouteInterface> addedInterfaces = new ArrayList<>();
        for (RouteInterface itf : wantedInterfaces) {
            if (presentInterfaces.contains(itf)) {
                continue;
            }
            try {
                runtime.addInterface(itf);
                addedInterfaces.add(itf);
            } catch (IOException e) {
                addedInterfaces.forEach(runtime::removeInterface);
                throw new ConfigRejectedException(e.getMessage());
            }
        }
        Set<Route> wanted = routes(next);
        Set<Route> present = routes(running);
        List<Route> added = new ArrayList<>();
        for (Route r : wanted) {
            if (present.contains(r)) {
                continue;
            }
            try {
                runtime.addRoute(r.cidr(), r.via());
                added.add(r);
            } catch (IOException e) {
                for (Route undo : added) {
                    removeRouteQuietly(undo);
                }
                addedInterfaces.forEach(runtime::removeInterface);
                throw new ConfigRejectedException("cannot route " + r.cidr() + " into "
                        + r.via().map(RouteInterface::name).orElse("the tunnel device") + ": " + e.getMessage());
            }
        }

        int unchanged = 0;
        for (TunnelPlan old : running.values()) {
            if (!next.containsKey(old.name())) {
                runtime.removeTunnel(old);
                LOG.info("tunnel {} removed", old.name());
            }
        }
        for (TunnelPlan plan : next.values()) {
            TunnelPlan old = running.get(plan.name());
            if (old == null || !old.source().equals(plan.source())) {
                plan.warnings().forEach(w -> LOG.warn("{}", w)); // once per tunnel (re)configuration
            }
            if (old == null) {
                runtime.addTunnel(plan);
                LOG.info("tunnel {} added: peer {}, {} child SA(s), {}", plan.name(), plan.source().remoteAddress(),
                        plan.children().size(), plan.startAction());
            } else if (!old.source().equals(plan.source())) {
                runtime.removeTunnel(old);
                runtime.addTunnel(plan);
                LOG.info("tunnel {} changed: renegotiating", plan.name());
            } else {
                unchanged++;
            }
        }
        for (Route r : present) {
            if (!wanted.contains(r)) {
                removeRouteQuietly(r);
            }
        }
        for (RouteInterface itf : presentInterfaces) {
            if (!wantedInterfaces.contains(itf)) {
                runtime.removeInterface(itf); // after its tunnel: the SAs go first, then the device
            }
        }
        running = next;
        if (unchanged > 0) {
            LOG.debug("{} tunnel(s) unchanged", unchanged);
        }
    }

    private InetAddress localAddress(AgentConfig config) throws ConfigRejectedException {
        if (localOverride.isPresent()) {
            return localOverride.get();
        }
        String text = config.localAddress().filter(s -> !s.isBlank()).orElseThrow(() -> new ConfigRejectedException(
                "no local address: set localAddress in the config or start the agent with --local-address"));
        try {
            return InetAddress.getByName(text);
        } catch (UnknownHostException e) {
            throw new ConfigRejectedException("local address " + text + " is not an IP address");
        }
    }

    /** A prefix routed into the shared TUN device ({@code via} empty) or a tunnel's own interface. */
    private record Route(String cidr, Optional<RouteInterface> via) {
    }

    private static Set<Route> routes(Map<String, TunnelPlan> plans) {
        Set<Route> out = new LinkedHashSet<>();
        plans.values().forEach(p -> p.routes().forEach(r -> out.add(new Route(r, p.routeInterface()))));
        return out;
    }

    private static Set<RouteInterface> interfaces(Map<String, TunnelPlan> plans) {
        Set<RouteInterface> out = new LinkedHashSet<>();
        plans.values().forEach(p -> p.routeInterface().ifPresent(out::add));
        return out;
    }

    private void removeRouteQuietly(Route r) {
        try {
            runtime.removeRoute(r.cidr(), r.via());
        } catch (IOException e) {
            LOG.warn("could not remove the route {}: {}", r.cidr(), e.getMessage());
        }
    }

    @Override
    public Outcome bringUp(String tunnel) {
        return act(Kind.BRING_UP, tunnel);
    }

    @Override
    public Outcome rekey(String tunnel) {
        return act(Kind.REKEY, tunnel);
    }

    @Override
    public Outcome reset(String tunnel) {
        return act(Kind.RESET, tunnel);
    }

    @Override
    public Outcome clear(String tunnel) {
        return act(Kind.CLEAR, tunnel);
    }

    private synchronized Outcome act(Kind kind, String tunnel) {
        if (runtime == null || !running.containsKey(tunnel)) {
            return Outcome.refused("no tunnel named " + tunnel + " in the running config"
                    + (running.isEmpty() ? " (it has no tunnels)" : ""));
        }
        return runtime.act(kind, tunnel);
    }

    @Override
    public StatusSnapshot snapshot() {
        GatewayRuntime rt;
        synchronized (this) {
            rt = runtime;
        }
        return rt == null ? new StatusSnapshot(Instant.now(), List.of(), List.of()) : rt.status();
    }

    /** The names of the tunnels that run now. */
    public synchronized List<String> tunnels() {
        return List.copyOf(running.keySet());
    }

    /** Deletes every SA (Delete payloads), then removes the TUN device. */
    @Override
    public synchronized void close() {
        if (runtime != null) {
            runtime.close();
            runtime = null;
        }
        running = new LinkedHashMap<>();
    }
}
