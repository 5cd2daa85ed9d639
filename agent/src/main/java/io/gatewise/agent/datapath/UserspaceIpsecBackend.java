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
 * dp.addSa(...); dp.addPolicy(...);      // what IKE does through IpsecBackend
 * dp.sendNonEsp(peer, 4500, msg, 0, n);  // IKE sends on 4500 (the marker is added)
 * </pre>
 *
 * <p>Thread slots: outbound pipelines take slots 0..q-1, inbound ones follow; each SA
 * builds one transform per slot on first use.
 */
public final class UserspaceIpsecBackend implements IpsecBackend, AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(UserspaceIpsecBackend.class);

    private final DatapathConfig config;
    private final Tun tun;
    private final UdpBind udp;
    private final UdpBind rawEsp;
    private final UdpBind rawAh;
    private final SecurityAssociationDatabase sad = new SecurityAssociationDatabase();
    private final SecurityPolicyDatabase spd = new SecurityPolicyDatabase();
    private final DatapathCounters counters = new DatapathCounters();
    private final List<Thread> threads = new ArrayList<>();
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
        boolean ordered = q > 1;
        for (int i = 0; i < q; i++) {
            thread("gw-dp-out-" + i, new OutboundPipeline(i, i, tun, spd, sad, counters, config, udp, rawEsp, rawAh,
                    ordered, this::acquire));
        }
        int slot = q;
        if (udp != null) {
            for (int s = 0; s < udp.socketCount(); s++) {
                thread("gw-dp-in-udp-" + s, new InboundPipeline(slot++, InboundPipeline.Kind.UDP, udp, s, tun, s % q,
                        sad, counters, config, () -> nonEspHandler));
            }
        }
        if (rawEsp != null) {
            thread("gw-dp-in-esp", new InboundPipeline(slot, InboundPipeline.Kind.RAW, rawEsp, 0, tun, 0, sad,
                    counters, config, () -> null));
        }
        slot++;
        if (rawAh != null) {
            thread("gw-dp-in-ah", new InboundPipeline(slot, InboundPipeline.Kind.RAW, rawAh, 0, tun, 0, sad, counters,
                    config, () -> null));
        }
        maintenance.scheduleAtFixedRate(this::checkLifetimes, 1, 1, TimeUnit.SECONDS);
        log.info("datapath started on {}: {} outbound, {} inbound pipeline(s)", tun.name(), q,
                threads.size() - q);
    }

    private void thread(String name, Runnable r) {
        Thread t = new Thread(r, name);
        t.setDaemon(true);
        threads.add(t);
        t.start();
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
        SecurityAssociation sa = new SecurityAssociation(spec, slots, config.allowNullEncryption(), System::nanoTime,
                (s, hard) -> lifetimeListener.onLifetimeExpired(s.id(), s.spec().reqId(), hard));
        sa.setMaxInnerLength(maxInner(sa));
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

    /** Adds a policy; one with the same id is replaced atomically (rekey: point it at the new SAs). */
    @Override
    public void addPolicy(PolicySpec policy) {
        spd.add(policy);
        // debug: IKE's "CHILD SA installed" info line names the same selectors, SPIs included
        log.debug("policy installed: {}", policy.id());
    }

    @Override
    public void deletePolicy(String policyId) {
        spd.remove(policyId);
        lastAcquire.remove(policyId);
    }

    @Override
    public void setLifetimeListener(SaLifetimeListener listener) {
        this.lifetimeListener = listener;
    }

    /** Stops the threads, then closes the devices given to the constructor. */
    @Override
    public void close() {
        maintenance.shutdownNow();
        tun.shutdown();
        if (udp != null) {
            udp.shutdown();
        }
        if (rawEsp != null) {
            rawEsp.shutdown();
        }
        if (rawAh != null) {
            rawAh.shutdown();
        }
        for (Thread t : threads) {
            try {
                t.join(5000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        closeQuietly(tun);
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
