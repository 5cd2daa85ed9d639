package io.gatewise.agent.gateway;

import io.gatewise.agent.config.TunnelActions;
import io.gatewise.agent.crypto.RandomSource;
import io.gatewise.agent.datapath.DatapathConfig;
import io.gatewise.agent.datapath.UserspaceIpsecBackend;
import io.gatewise.agent.events.StatusSnapshot;
import io.gatewise.agent.ike.IkeEngine;
import io.gatewise.agent.ike.IkeSaInfo;
import io.gatewise.agent.ike.IkeService;
import io.gatewise.agent.ike.config.ChildConfig;
import io.gatewise.agent.ike.config.EngineSettings;
import io.gatewise.agent.ike.event.ChildSaEstablished;
import io.gatewise.agent.ike.event.DpdTimeout;
import io.gatewise.agent.ike.event.IkeSaEstablished;
import io.gatewise.agent.ike.event.IkeEventListener;
import io.gatewise.agent.ipsec.IpsecProtocol;
import io.gatewise.agent.ipsec.PolicySpec;
import io.gatewise.agent.ipsec.SaId;
import io.gatewise.agent.net.NetworkConfigurator;
import java.io.IOException;
import java.net.InetAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The agent's tunnels on Linux: a TUN device shared by the policy-based tunnels, one TUN
 * device per route-based tunnel ({@link RouteInterface}) and UDP 4500 owned by the
 * userspace ESP datapath, UDP 500 owned by IKE, and the IKE engine on one thread between
 * them.
 *
 * <pre>
 *   datapath acquire (traffic, no SA) ─► trap policy ─► engine.initiate(peer, child)
 *   datapath lifetime (soft/hard)     ─► engine.onLifetimeExpired   (IkeService wires it)
 *   events                            ─► logged by the engine (one line each), then {@code listener}
 *   every 20 s (configurable)         ─► NAT-keepalive to each floated peer (RFC 3948 2.3)
 *   act(kind, tunnel)                 ─► EngineTunnelActions on the engine thread
 *   status()                          ─► SAs and datapath counters, read on the engine thread
 *   DPD declared a peer dead           ─► CLEAR: its traps no longer initiate; HOLD: the next
 *                                        packet for it initiates (acquire hold reset); a RESPOND
 *                                        tunnel gets its traps only now (DpdHoldTraps), until an
 *                                        ISAKMP SA with the peer is up again
 *   close()                           ─► Delete payloads for every SA, then TUN removed
 * </pre>
 *
 * Trap policies (lowest precedence, outbound SA with SPI 0, never installed) make the
 * datapath report traffic for START and ON_TRAFFIC tunnels that have no SA, the way the
 * kernel's ACQUIRE does for strongSwan's trap policies; RESPOND tunnels with DPD action
 * HOLD have them while DPD holds the peer dead.
 */
public final class LinuxGateway implements GatewayRuntime {
    private static final Logger LOG = LoggerFactory.getLogger(LinuxGateway.class);
    /** Trap policies lose against every negotiated policy (priority 0). */
    static final int TRAP_PRIORITY = 1000;
    /**
     * An acquire does not start another Quick Mode for the same child within this time,
     * unless the last one completed ({@link AcquireHold}).
     */
    static final long ACQUIRE_HOLD_MILLIS = 30_000;
    /** RFC 3948 section 2.3 leaves the interval open; 20 s is strongSwan's default. */
    public static final long KEEPALIVE_MILLIS = 20_000;

    private record Trap(String peer, String child) {
    }

    private final UserspaceIpsecBackend datapath;
    private final DatapathIkeTransport transport;
    private final IkeService ike;
    private final InetAddress local;
    private final NetworkConfigurator net = new NetworkConfigurator();
    private final Map<String, Trap> traps = new ConcurrentHashMap<>();
    /** Engine thread only. */
    private final AcquireHold acquireHold = new AcquireHold(ACQUIRE_HOLD_MILLIS);
    private final long keepaliveMillis;
    private final DpdHoldTraps holdTraps = new DpdHoldTraps(new DpdHoldTraps.Policies() {
        @Override
        public void install(TunnelPlan plan) {
            installTraps(plan);
        }

        @Override
        public void remove(TunnelPlan plan) {
            removeTraps(plan);
        }
    });
    private volatile boolean closed;

    private LinuxGateway(UserspaceIpsecBackend datapath, DatapathIkeTransport transport, IkeService ike,
            InetAddress local, long keepaliveMillis) {
        this.datapath = datapath;
        this.transport = transport;
        this.ike = ike;
        this.local = local;
        this.keepaliveMillis = keepaliveMillis;
    }

    /**
     * Opens the TUN device and the sockets and starts everything.
     *
     * @throws IOException with a one-line reason (no root, no /dev/net/tun, port in use)
     */
    public static LinuxGateway open(InetAddress local, String tunName, EngineSettings settings,
            IkeEventListener listener) throws IOException {
        return open(local, tunName, settings, listener, KEEPALIVE_MILLIS);
    }

    /** As the other {@code open}, with NAT-keepalives every {@code keepaliveMillis} (RFC 3948 2.3). */
    public static LinuxGateway open(InetAddress local, String tunName, EngineSettings settings,
            IkeEventListener listener, long keepaliveMillis) throws IOException {
        if (keepaliveMillis <= 0) {
            throw new IllegalArgumentException("NAT-keepalive interval must be positive");
        }
        if (!Files.exists(Path.of("/dev/net/tun"))) {
            throw new IOException("no /dev/net/tun: the agent needs the Linux TUN driver (modprobe tun)");
        }
        UserspaceIpsecBackend dp;
        try {
            dp = UserspaceIpsecBackend.openLinux(DatapathConfig.defaults(), tunName, local, false, false, 0);
        } catch (IOException | RuntimeException e) {
            throw new IOException("cannot open TUN device " + tunName + " and UDP " + settings.nattPort() + " on "
                    + local.getHostAddress() + " (run as root or with CAP_NET_ADMIN): " + oneLine(e), e);
        }
        DatapathIkeTransport transport = new DatapathIkeTransport(local, settings.ikePort(), settings.nattPort(),
                NatTPort.of(dp));
        LinuxGateway[] self = new LinuxGateway[1];
        IkeService ike = new IkeService(settings, RandomSource.secure(), dp, transport, e -> {
            if (e instanceof DpdTimeout dead && self[0] != null) {
                self[0].peerDead(dead.peer());
            } else if (e instanceof IkeSaEstablished up && self[0] != null) {
                self[0].holdTraps.peerUp(up.peer());
            } else if (e instanceof ChildSaEstablished child && self[0] != null) {
                self[0].acquireHold.negotiated(child.peer(), child.child());     // engine thread
            }
            listener.onEvent(e);
        });
        LinuxGateway gw = new LinuxGateway(dp, transport, ike, local, keepaliveMillis);
        self[0] = gw;
        dp.setAcquireHandler(gw::onAcquire);
        try {
            dp.start();
            ike.start();
        } catch (IOException | RuntimeException e) {
            transport.close();
            dp.close();
            throw new IOException("cannot bind UDP " + settings.ikePort() + " on " + local.getHostAddress()
                    + " (run as root; is another IKE daemon running?): " + oneLine(e), e);
        }
        transport.schedule(gw::keepalives, keepaliveMillis);
        LOG.info("gateway up: IKE on {} UDP {}, ESP in UDP {}, TUN {}", local.getHostAddress(), settings.ikePort(),
                settings.nattPort(), dp.tunName());
        return gw;
    }

    private static String oneLine(Throwable e) {
        String m = e.getMessage() == null ? e.toString() : e.getMessage();
        return m.lines().findFirst().orElse(m);
    }

    public String tunName() {
        return datapath.tunName();
    }

    public UserspaceIpsecBackend datapath() {
        return datapath;
    }

    public IkeService ike() {
        return ike;
    }

    private void keepalives() {
        if (closed) {
            return;
        }
        ike.execute(engine -> engine.natKeepaliveTargets().forEach(transport::sendKeepalive));
        transport.schedule(this::keepalives, keepaliveMillis);
    }

    /** Engine thread: a dead peer's tunnel may renegotiate on its next packet (DPD action HOLD). */
    private void peerDead(String peer) {
        acquireHold.release(peer);
        holdTraps.peerDead(peer);
    }

    @Override
    public void addTunnel(TunnelPlan plan) {
        ike.addPeer(plan.peer());
        holdTraps.configured(plan);            // first: it removes the traps a previous version armed
        if (plan.traps()) {
            installTraps(plan);
        }
        if (plan.startAction() == io.gatewise.agent.config.TunnelConfig.StartAction.START) {
            ike.execute(engine -> {
                long now = now();
                for (ChildConfig c : plan.children()) {
                    acquireHold.initiated(plan.name(), c.name(), now);
                }
                engine.initiate(plan.name(), null, now);
            });
        }
    }

    /** One trap policy per child: traffic for it without an SA is reported ({@link #onAcquire}). */
    private void installTraps(TunnelPlan plan) {
        for (ChildConfig c : plan.children()) {
            String id = trapId(plan.name(), c.name());
            traps.put(id, new Trap(plan.name(), c.name()));
            datapath.addPolicy(new PolicySpec(id, List.of(c.local()), List.of(c.remote()),
                    new SaId(0, IpsecProtocol.ESP, plan.peer().remoteAddress()),
                    new SaId(0, IpsecProtocol.ESP, local), TRAP_PRIORITY, c.interfaceId()));
        }
    }

    private void removeTraps(TunnelPlan plan) {
        for (ChildConfig c : plan.children()) {
            String id = trapId(plan.name(), c.name());
            if (traps.remove(id) != null) {
                datapath.deletePolicy(id);
            }
        }
    }

    @Override
    public void removeTunnel(TunnelPlan plan) {
        holdTraps.removed(plan.name());
        removeTraps(plan);
        ike.removePeer(plan.name());
        ike.execute(engine -> acquireHold.release(plan.name()));
    }

    private static String trapId(String tunnel, String child) {
        return "trap/" + tunnel + "/" + child;
    }

    /** Datapath thread: traffic for a trap policy; decide on the engine thread. */
    private void onAcquire(PolicySpec policy) {
        Trap trap = traps.get(policy.id());
        if (trap == null || closed) {
            return;
        }
        ike.execute(engine -> initiateOnTraffic(engine, trap));
    }

    private void initiateOnTraffic(IkeEngine engine, Trap trap) {
        if (engine.peer(trap.peer()).isEmpty() || childInstalled(engine, trap)) {
            return;
        }
        if (!holdTraps.mayInitiate(trap.peer())) {
            LOG.debug("traffic for tunnel {} ignored: it only responds (its DPD HOLD trap is disarmed)", trap.peer());
            return;
        }
        if (engine.clearedByDpd(trap.peer())) {
            LOG.debug("traffic for tunnel {} ignored: DPD cleared it (action CLEAR)", trap.peer());
            return;
        }
        long now = now();
        if (!acquireHold.tryInitiate(trap.peer(), trap.child(), now)) {
            return;
        }
        LOG.info("traffic for tunnel {} child {} without an SA: negotiating", trap.peer(), trap.child());
        engine.initiate(trap.peer(), trap.child(), now);
    }

    private static boolean childInstalled(IkeEngine engine, Trap trap) {
        for (IkeSaInfo sa : engine.ikeSas()) {
            if (trap.peer().equals(sa.peer()) && sa.children().stream().anyMatch(c -> c.name().equals(trap.child()))) {
                return true;
            }
        }
        return false;
    }

    private static long now() {
        return System.nanoTime() / 1_000_000;
    }

    /** How long an action or a status read waits for the engine thread. */
    static final long ENGINE_WAIT_MILLIS = 5_000;

    @Override
    public TunnelActions.Outcome act(TunnelActions.Kind kind, String tunnel) {
        if (closed) {
            return TunnelActions.Outcome.refused("the gateway is shutting down");
        }
        try {
            return ike.query(engine -> {
                long now = now();
                TunnelActions.Outcome outcome = switch (kind) {
                    case BRING_UP -> EngineTunnelActions.bringUp(engine, tunnel, now);
                    case CLEAR -> EngineTunnelActions.clear(engine, tunnel, now);
                    case RESET -> EngineTunnelActions.reset(engine, tunnel, now);
                    case REKEY -> EngineTunnelActions.rekey(engine, tunnel, now);
                };
                if (outcome.ok() && kind != TunnelActions.Kind.REKEY) {
                    // an explicit bring-up counts as the latest initiation for the trap hold-off,
                    // and after a clear, traffic may start a negotiation again at once
                    acquireHold.release(tunnel);
                    if (kind != TunnelActions.Kind.CLEAR) {
                        for (Trap t : traps.values()) {
                            if (t.peer().equals(tunnel)) {
                                acquireHold.initiated(t.peer(), t.child(), now);
                            }
                        }
                    }
                }
                return outcome;
            }).get(ENGINE_WAIT_MILLIS, TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return TunnelActions.Outcome.refused("interrupted");
        } catch (ExecutionException e) {
            return TunnelActions.Outcome.refused("the IKE engine failed: " + e.getCause());
        } catch (TimeoutException e) {
            return TunnelActions.Outcome.refused("the IKE engine did not answer within " + ENGINE_WAIT_MILLIS + " ms");
        }
    }

    @Override
    public StatusSnapshot status() {
        try {
            return ike.query(engine -> GatewayStatus.snapshot(engine, datapath, now(), Instant.now()))
                    .get(ENGINE_WAIT_MILLIS, TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while reading the SAs");
        } catch (ExecutionException | TimeoutException e) {
            throw new IllegalStateException("cannot read the SAs from the IKE engine: " + e);
        }
    }

    @Override
    public void addInterface(RouteInterface itf) throws IOException {
        try {
            datapath.openInterface(itf.id(), itf.name());
        } catch (IOException | RuntimeException e) {
            throw new IOException("cannot open TUN device " + itf.name() + ": " + oneLine(e), e);
        }
    }

    /**
     * Waits until the engine has run what was queued before (the tunnel's removal: its SAs
     * and policies deleted, the peer forgotten, so no Quick Mode of it installs anything
     * any more), then removes the device.
     */
    @Override
    public void removeInterface(RouteInterface itf) {
        try {
            ike.query(engine -> Boolean.TRUE).get(ENGINE_WAIT_MILLIS, TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (ExecutionException | TimeoutException e) {
            LOG.warn("removing {} without waiting for the IKE engine: {}", itf.name(), e.toString());
        }
        datapath.removeInterface(itf.id());
    }

    @Override
    public void addRoute(String cidr, Optional<RouteInterface> via) throws IOException {
        net.addRoute(cidr, via.map(RouteInterface::name).orElse(datapath.tunName()));
    }

    @Override
    public void removeRoute(String cidr, Optional<RouteInterface> via) throws IOException {
        net.run("route", "del", cidr, "dev", via.map(RouteInterface::name).orElse(datapath.tunName()));
    }

    @Override
    public void close() {
        if (closed) {
            return;
        }
        closed = true;
        ike.close();                 // Delete payloads for every SA, then UDP 500 closed
        datapath.close();            // threads stopped, SAs wiped, TUN devices (and their routes) gone
        // the route-based tunnels' own devices closed with the datapath (each logs "TUN … closed")
        LOG.info("gateway down: SAs deleted, TUN {} removed", datapath.tunName());
    }
}
