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
 * The real {@link ConfigApplier}: configs become tunnels in the IKE engine and routes into
 * the TUN device.
 *
 * <pre>
 *   apply(config)
 *     1. local address (--local-address, else the config's), every tunnel translated
 *        (TunnelTranslator); any problem rejects the whole config, nothing changed
 *     2. the runtime is opened on first use (TUN, UDP 500/4500)
 *     3. routes the new config needs that are missing are added; if one fails, those
 *        added are removed again and the config is rejected
 *     4. by tunnel name: removed → SAs deleted, peer forgotten; changed → replaced;
 *        new → added (START negotiates); unchanged → untouched
 *     5. routes nobody needs any more are removed
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
        List<String> routeBased = config.tunnels().stream()
                .filter(t -> t.vpnType() == TunnelConfig.VpnType.ROUTE_BASED).map(TunnelConfig::name).toList();
        if (routeBased.size() > 1) {
            // every tunnel shares one TUN device; two 0.0.0.0/0 policies would be ambiguous
            problems.add("route-based tunnels " + String.join(", ", routeBased) + ": this agent runs at most one"
                    + " route-based tunnel (they share one TUN device and 0.0.0.0/0 selectors)");
        }
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

        Set<String> wanted = routes(next);
        Set<String> present = routes(running);
        List<String> added = new ArrayList<>();
        for (String r : wanted) {
            if (present.contains(r)) {
                continue;
            }
            try {
                runtime.addRoute(r);
                added.add(r);
            } catch (IOException e) {
                for (String undo : added) {
                    removeRouteQuietly(undo);
                }
                throw new ConfigRejectedException("cannot route " + r + " into the tunnel device: " + e.getMessage());
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
        for (String r : present) {
            if (!wanted.contains(r)) {
                removeRouteQuietly(r);
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

    private static Set<String> routes(Map<String, TunnelPlan> plans) {
        Set<String> out = new LinkedHashSet<>();
        plans.values().forEach(p -> out.addAll(p.routes()));
        return out;
    }

    private void removeRouteQuietly(String cidr) {
        try {
            runtime.removeRoute(cidr);
        } catch (IOException e) {
            LOG.warn("could not remove the route {}: {}", cidr, e.getMessage());
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
