package io.gatewise.agent.datapath;

import io.gatewise.agent.ipsec.EncryptionAlgorithm;
import io.gatewise.agent.ipsec.Endpoint;
import io.gatewise.agent.ipsec.EspTransform;
import io.gatewise.agent.ipsec.IpPacket;
import io.gatewise.agent.ipsec.IpsecBackend;
import io.gatewise.agent.ipsec.IpsecProtocol;
import io.gatewise.agent.ipsec.PolicySpec;
import io.gatewise.agent.ipsec.SaCounters;
import io.gatewise.agent.ipsec.SaId;
import io.gatewise.agent.ipsec.SaLifetimeListener;
import io.gatewise.agent.ipsec.SaSpec;
import io.gatewise.agent.ipsec.SecurityAssociation;
import io.gatewise.agent.ipsec.SecurityAssociationDatabase;
import io.gatewise.agent.ipsec.SecurityPolicyDatabase;
import io.gatewise.agent.net.Tun;
import io.gatewise.agent.net.UdpBind;
import java.io.IOException;
import java.net.InetAddress;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The userspace ESP/AH datapath behind {@link IpsecBackend}, in the spirit of strongSwan's
 * kernel-libipsec and wireguard-go: a TUN device for cleartext, UDP 4500 (ESP in UDP,
 * RFC 3948) and raw ESP/AH sockets for protected traffic, and one thread per pipeline.
 *
 * <p>Construction takes the devices so tests can pass in-memory doubles:
 * <pre>
 * Tun tun = TunDevice.open("gw0", queues, true);
 * UdpBind udp = new LinuxUdpBind(0, 4500, queues, 0);
 * UserspaceIpsecBackend dp = new UserspaceIpsecBackend(DatapathConfig.defaults(), tun, udp, null, null);
 * dp.setNonEspHandler(ike::onUdp4500);   // IKE messages that arrive on 4500
 * dp.start();
 * dp.openInterface(7, "gwr19b25e50");   // a route-based tunnel's own TUN (SaSpec/PolicySpec interfaceId 7)
 * dp.addSa(...); dp.addPolicy(...);      // what IKE does through IpsecBackend
 * dp.sendNonEsp(peer, 4500, msg, 0, n);  // IKE sends on 4500 (the marker is added)
 * </pre>
 *
 * <p>Thread slots: outbound pipelines take slots 0..q-1 (those of every tunnel interface
 * too: an SA belongs to one interface), inbound ones follow; each SA builds one transform
 * per slot on first use.
 */
public final class UserspaceIpsecBackend implements IpsecBackend, AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(UserspaceIpsecBackend.class);

    private final DatapathConfig config;
    private final Tun tun;
    private final UdpBind udp;
    private final UdpBind rawEsp;
    private final UdpBind rawAh;
    private final SecurityAssociationDatabase sad = new SecurityAssociationDatabase();
    private final DatapathCounters counters = new DatapathCounters();
    private final List<Thread> threads = new java.util.concurrent.CopyOnWriteArrayList<>();
    private final List<InboundPipeline> inbound = new ArrayList<>();
    /** Slot 0: the shared TUN device; then one per route-based tunnel (addInterface). */
    private final TunnelInterface.Table interfaces = new TunnelInterface.Table();
    private final int inboundPipelines;
    private final int slots;
    private final ScheduledExecutorService maintenance = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "gw-dp-lifetimes");
        t.setDaemon(true);
        return t;
    });
    private final byte[] markerBuffer = new byte[65535];
    private volatile NonEspHandler nonEspHandler;
    private volatile AcquireHandler acquireHandler;
    private final java.util.concurrent.ConcurrentHashMap<String, Long> lastAcquire =
            new java.util.concurrent.ConcurrentHashMap<>();
    private volatile SaLifetimeListener lifetimeListener = (sa, reqId, hard) -> { };
    private boolean started;

    /**
     * @param udp    UDP 4500 sockets for ESP in UDP and IKE, or null
     * @param rawEsp raw socket for IP protocol 50, or null
     * @param rawAh  raw socket for IP protocol 51 with IP_HDRINCL, or null
     */
    public UserspaceIpsecBackend(DatapathConfig config, Tun tun, UdpBind udp, UdpBind rawEsp, UdpBind rawAh) {
        this.config = config;
        this.tun = tun;
        this.udp = udp;
        this.rawEsp = rawEsp;
        this.rawAh = rawAh;
        this.slots = tun.queueCount() + (udp == null ? 0 : udp.socketCount()) + 2;
        this.inboundPipelines = (udp == null ? 0 : udp.socketCount()) + (rawEsp == null ? 0 : 1)
                + (rawAh == null ? 0 : 1);
        TunnelInterface main = new TunnelInterface(SaSpec.MAIN_INTERFACE, 0, tun, new SecurityPolicyDatabase(),
                inboundPipelines);
        // as before: UDP pipeline s writes to queue s, the raw ones to queue 0
        for (int p = 0; p < inboundPipelines; p++) {
            main.writer(p, udp != null && p < udp.socketCount() ? p : 0);
        }
        interfaces.put(main);
    }

    /**
     * Opens the real devices: TUN {@code tunName} with offloads and one queue per
     * pipeline (MTU set and link up), UDP 4500 on {@code udpAddress} with one socket per
     * pipeline, and raw ESP/AH sockets if asked. Routes into the TUN are the caller's
     * business ({@link io.gatewise.agent.net.NetworkConfigurator#addRoute}). Not started.
     *
     * @param fwmark SO_MARK on the datapath's sockets (0: none), for transport mode where
     *               the peer's own address is routed into the TUN
     */
    public static UserspaceIpsecBackend openLinux(DatapathConfig config, String tunName, InetAddress udpAddress,
            boolean rawEsp, boolean rawAh, int fwmark) throws IOException {
        io.gatewise.agent.net.TunDevice tun = io.gatewise.agent.net.TunDevice.open(tunName, config.pipelines(), true);
        UdpBind udp = null;
        UdpBind esp = null;
        UdpBind ah = null;
        try {
            new io.gatewise.agent.net.NetworkConfigurator().setMtuAndUp(tun.name(), config.tunMtu());
            udp = new io.gatewise.agent.net.LinuxUdpBind(IpPacket.u32(udpAddress.getAddress(), 0), 4500,
                    config.pipelines(), fwmark);
            esp = rawEsp ? io.gatewise.agent.net.LinuxUdpBind.raw(IpPacket.PROTO_ESP, false, fwmark) : null;
            ah = rawAh ? io.gatewise.agent.net.LinuxUdpBind.raw(IpPacket.PROTO_AH, true, fwmark) : null;
        } catch (IOException | RuntimeException e) {
            closeQuietly(udp);
            closeQuietly(esp);
            closeQuietly(tun);
            throw e;
        }
        return new UserspaceIpsecBackend(config, tun, udp, esp, ah);
    }

    /** Name of the TUN device (routes for protected subnets point here). */
    public String tunName() {
        return tun.name();
    }

    /** Starts the pipeline threads and the lifetime clock. */
    public synchronized void start() {
        if (started) {
            throw new IllegalStateException("already started");
        }
        started = true;
        int q = tun.queueCount();
        int slot = q;
        int ordinal = 0;
        if (udp != null) {
            for (int s = 0; s < udp.socketCount(); s++) {
                inbound("gw-dp-in-udp-" + s, new InboundPipeline(slot, InboundPipeline.Kind.UDP, udp, s, ordinal,
                        interfaces, sad, counters, config, () -> nonEspHandler));
                slot++;
                ordinal++;
            }
        }
        if (rawEsp != null) {
            inbound("gw-dp-in-esp", new InboundPipeline(slot, InboundPipeline.Kind.RAW, rawEsp, 0, ordinal++,
                    interfaces, sad, counters, config, () -> null));
        }
        slot++;
        if (rawAh != null) {
            inbound("gw-dp-in-ah", new InboundPipeline(slot, InboundPipeline.Kind.RAW, rawAh, 0, ordinal,
                    interfaces, sad, counters, config, () -> null));
        }
        for (TunnelInterface itf : interfaces.all()) {
            startOutbound(itf);
        }
        maintenance.scheduleAtFixedRate(this::checkLifetimes, 1, 1, TimeUnit.SECONDS);
        log.info("datapath started on {}: {} outbound, {} inbound pipeline(s)", tun.name(), q, inbound.size());
    }

    private void inbound(String name, InboundPipeline p) {
        inbound.add(p);
        thread(name, p);
    }

    /** One outbound pipeline per queue of the interface's TUN device, reading only it. */
    private void startOutbound(TunnelInterface itf) {
        int q = itf.tun.queueCount();
        boolean ordered = q > 1;
        String prefix = itf.id == SaSpec.MAIN_INTERFACE ? "gw-dp-out-" : "gw-dp-out-" + itf.tun.name() + "-";
        for (int i = 0; i < q; i++) {
            // slots 0..q-1 as on the shared device: an SA serves one interface only, so the
            // outbound pipelines of two interfaces never use the same SA's slot-i transform
            Thread t = thread(prefix + i, new OutboundPipeline(i, i, itf.tun, itf.id, itf.spd, sad, counters,
                    config, udp, rawEsp, rawAh, ordered, this::acquire));
            itf.threads.add(t);
        }
    }

    private Thread thread(String name, Runnable r) {
        Thread t = new Thread(r, name);
        t.setDaemon(true);
        threads.add(t);
        t.start();
        return t;
    }

    private void checkLifetimes() {
        for (SecurityAssociation sa : sad.all()) {
            sa.checkTime();
        }
    }

    /** Who hears about traffic for policies without an installed outbound SA. */
    public void setAcquireHandler(AcquireHandler handler) {
        this.acquireHandler = handler;
    }

    private void acquire(PolicySpec policy) {
        AcquireHandler h = acquireHandler;
        if (h == null) {
            return;
        }
        long now = System.nanoTime();
        Long last = lastAcquire.get(policy.id());
        if (last != null && now - last < 1_000_000_000L) {
            return;
        }
        lastAcquire.put(policy.id(), now);
        h.onAcquire(policy);
    }

    /** Where IKE messages arriving on UDP 4500 go (marker stripped). */
    public void setNonEspHandler(NonEspHandler handler) {
        this.nonEspHandler = handler;
    }

    /** Sends an IKE message on UDP 4500, prefixed with the non-ESP marker (RFC 3948 section 2.2). */
    public void sendNonEsp(InetAddress peer, int port, byte[] message, int off, int len) throws IOException {
        if (udp == null) {
            throw new IllegalStateException("no UDP 4500 socket");
        }
        synchronized (markerBuffer) {
            markerBuffer[0] = 0;
            markerBuffer[1] = 0;
            markerBuffer[2] = 0;
            markerBuffer[3] = 0;
            System.arraycopy(message, off, markerBuffer, 4, len);
            udp.sendOne(IpPacket.u32(peer.getAddress(), 0), port, markerBuffer, 0, len + 4);
        }
    }

    /** Sends a NAT-T keepalive (one 0xFF byte, RFC 3948 section 2.3). */
    public void sendKeepalive(InetAddress peer, int port) throws IOException {
        udp.sendOne(IpPacket.u32(peer.getAddress(), 0), port, new byte[] {(byte) 0xff}, 0, 1);
    }

    public DatapathCounters counters() {
        return counters;
    }

    public DatapathConfig config() {
        return config;
    }

    // ---- IpsecBackend -------------------------------------------------------------

    @Override
    public int allocateSpi(IpsecProtocol protocol, InetAddress localAddress) {
        return sad.allocateSpi(protocol);
    }

    @Override
    public void addSa(SaSpec spec) {
        if (spec.encryption() == EncryptionAlgorithm.NULL) {
            log.warn("SA {} uses ESP-NULL: integrity only, no confidentiality", spec.id());
        }
        TunnelInterface itf = interfaces.byId(spec.interfaceId());
        if (itf == null) {
            throw new IllegalArgumentException("SA " + spec.id() + ": no tunnel interface with id "
                    + spec.interfaceId());
        }
        SecurityAssociation sa = new SecurityAssociation(spec, slots, config.allowNullEncryption(), System::nanoTime,
                (s, hard) -> lifetimeListener.onLifetimeExpired(s.id(), s.spec().reqId(), hard));
        sa.setMaxInnerLength(maxInner(sa));
        sa.setInterfaceIndex(itf.index);
        sad.add(sa);
        log.info("SA added: {} (inner MTU {})", spec, sa.maxInnerLength());
    }

    /** Largest inner packet whose protected form fits {@code outerMtu}. */
    private int maxInner(SecurityAssociation sa) {
        int outer = IpPacket.IPV4_HEADER + (sa.spec().udpEncapsulated() ? 8 : 0);
        int budget = config.outerMtu() - outer;
        int transportExtra = sa.isTunnel() ? 0 : IpPacket.IPV4_HEADER;
        if (!sa.isEsp()) {
            return budget - sa.ah(0).headerLength() + transportExtra;
        }
        EspTransform t = sa.esp(0);
        int len = budget - t.payloadOffset() - t.icvLength();
        while (len > 0 && t.espLength(len) > budget) {
            len--;
        }
        return len + transportExtra;
    }

    @Override
    public void updateSaEndpoints(SaId id, Endpoint local, Endpoint remote) {
        SecurityAssociation sa = sad.get(id);
        if (sa != null) {
            sa.updateEndpoints(local, remote);
        }
    }

    @Override
    public void deleteSa(SaId id) {
        if (sad.remove(id) != null) {
            log.info("SA deleted: {}", id);
        }
    }

    @Override
    public Optional<SaCounters> querySa(SaId id) {
        SecurityAssociation sa = sad.get(id);
        return sa == null ? Optional.empty() : Optional.of(sa.counters().snapshot());
    }

    /**
     * Adds a policy to the SPD of its interface; one with the same id is replaced
     * atomically (rekey: point it at the new SAs), and removed from any other interface.
     *
     * @throws IllegalArgumentException if the policy's interface does not exist
     */
    @Override
    public void addPolicy(PolicySpec policy) {
        TunnelInterface itf = interfaces.byId(policy.interfaceId());
        if (itf == null) {
            throw new IllegalArgumentException("policy " + policy.id() + ": no tunnel interface with id "
                    + policy.interfaceId());
        }
        itf.spd.add(policy);
        for (TunnelInterface other : interfaces.all()) {
            if (other != itf) {
                other.spd.remove(policy.id());
            }
        }
        // debug: IKE's "CHILD SA installed" info line names the same selectors, SPIs included
        log.debug("policy installed: {}{}", policy.id(),
                itf.id == SaSpec.MAIN_INTERFACE ? "" : " on " + itf.tun.name());
    }

    @Override
    public void deletePolicy(String policyId) {
        for (TunnelInterface itf : interfaces.all()) {
            itf.spd.remove(policyId);
        }
        lastAcquire.remove(policyId);
    }

    // ---- tunnel interfaces (route-based tunnels) ------------------------------------

    /**
     * Opens TUN device {@code name} with as many queues as the shared one (offloads, MTU
     * of the config, link up) and adds it as interface {@code id}. Routes into it are the
     * caller's business; they vanish with the device.
     */
    public void openInterface(int id, String name) throws IOException {
        // one queue (one outbound pipeline, ~2.3 MiB of batch buffers) per route-based
        // tunnel: a hub with a hundred spokes must not hold a hundred times the shared
        // device's pipelines; many tunnels spread over the cores anyway
        io.gatewise.agent.net.TunDevice dev = io.gatewise.agent.net.TunDevice.open(name, 1, true);
        try {
            new io.gatewise.agent.net.NetworkConfigurator().setMtuAndUp(dev.name(), config.tunMtu());
            addInterface(id, dev);
        } catch (IOException | RuntimeException e) {
            closeQuietly(dev);
            throw e;
        }
    }

    /**
     * Adds tunnel interface {@code id} (positive, unused) over {@code device}, whose
     * packets only the policies and SAs with that interface id see; its outbound
     * pipelines start now if the datapath runs. The device belongs to the datapath from
     * now on.
     */
    public synchronized void addInterface(int id, Tun device) {
        if (id <= SaSpec.MAIN_INTERFACE) {
            throw new IllegalArgumentException("interface id must be positive: " + id);
        }
        if (interfaces.byId(id) != null) {
            throw new IllegalArgumentException("interface id " + id + " is in use");
        }
        if (device.queueCount() > tun.queueCount()) {
            // outbound slots 0..q-1 are the shared device's; more would collide with inbound slots
            throw new IllegalArgumentException(device.name() + " has more queues than " + tun.name());
        }
        TunnelInterface itf = new TunnelInterface(id, interfaces.freeIndex(), device, new SecurityPolicyDatabase(),
                inboundPipelines);
        for (int p = 0; p < inboundPipelines; p++) {
            itf.writer(p, p);
        }
        interfaces.put(itf);
        if (started) {
            startOutbound(itf);
        }
        log.info("tunnel interface {} added (if_id {})", device.name(), id);
    }

    /**
     * Removes tunnel interface {@code id}: its pipelines stop, its policies go, and once no
     * inbound pipeline can still be writing to it, its TUN device is closed (the kernel
     * drops its routes). SAs bound to it stay until IKE deletes them; what they decrypt
     * meanwhile is dropped and counted ({@code noInterface}).
     *
     * @return false if there was no such interface
     */
    public synchronized boolean removeInterface(int id) {
        TunnelInterface itf = id == SaSpec.MAIN_INTERFACE ? null : interfaces.byId(id);
        if (itf == null) {
            return false;
        }
        interfaces.remove(itf);
        itf.tun.shutdown();
        join(itf.threads);
        threads.removeAll(itf.threads);
        for (PolicySpec p : itf.spd.policies()) {
            itf.spd.remove(p.id());
            lastAcquire.remove(p.id());
        }
        awaitInboundQuiescence();
        closeQuietly(itf.tun);
        log.info("tunnel interface {} removed (if_id {})", itf.tun.name(), id);
        return true;
    }

    /** Name of tunnel interface {@code id}, if it exists (0: the shared device). */
    public Optional<String> interfaceName(int id) {
        TunnelInterface itf = interfaces.byId(id);
        return itf == null ? Optional.empty() : Optional.of(itf.tun.name());
    }

    /**
     * Waits until every inbound pipeline has finished the batch it was in, if any: after
     * that none holds a writer of an interface already taken out of the table (a grace
     * period, as RCU's synchronize_rcu).
     */
    private void awaitInboundQuiescence() {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
        for (InboundPipeline p : inbound) {
            long a = p.activity();
            while ((a & 1) == 1 && p.activity() == a && System.nanoTime() < deadline) {
                java.util.concurrent.locks.LockSupport.parkNanos(50_000);
            }
        }
    }

    private static void join(List<Thread> list) {
        for (Thread t : list) {
            try {
                t.join(5000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    @Override
    public void setLifetimeListener(SaLifetimeListener listener) {
        this.lifetimeListener = listener;
    }

    /** Stops the threads, then closes the devices given to the constructor and every tunnel interface. */
    @Override
    public void close() {
        maintenance.shutdownNow();
        List<TunnelInterface> all = interfaces.all();
        for (TunnelInterface itf : all) {
            itf.tun.shutdown();
        }
        if (udp != null) {
            udp.shutdown();
        }
        if (rawEsp != null) {
            rawEsp.shutdown();
        }
        if (rawAh != null) {
            rawAh.shutdown();
        }
        join(threads);
        for (TunnelInterface itf : all) {
            closeQuietly(itf.tun);
        }
        closeQuietly(udp);
        closeQuietly(rawEsp);
        closeQuietly(rawAh);
        for (SecurityAssociation sa : sad.all()) {
            sad.remove(sa.id());
        }
        log.info("datapath stopped: {}", counters);
    }

    private static void closeQuietly(AutoCloseable c) {
        if (c != null) {
            try {
                c.close();
            } catch (Exception e) {
                log.warn("close failed", e);
            }
        }
    }
}
