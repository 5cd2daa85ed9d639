package io.gatewise.agent.gateway;

import io.gatewise.agent.ike.transport.Datagram;
import io.gatewise.agent.ike.transport.IkeTransport;
import io.gatewise.agent.ike.transport.UdpIkeTransport;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * IKE's transport in a running agent: one socket owner per port (decision D4).
 *
 * <pre>
 *   UDP 500  ── own DatagramChannel, own event loop (UdpIkeTransport) ──────► engine
 *   UDP 4500 ── datapath inbound thread ─ non-ESP marker? ─ copy ─ execute ─► engine
 *   engine send: local port 500 ─► own socket; local port 4500 ─► datapath.sendNonEsp
 * </pre>
 *
 * The engine stays single-threaded: what the datapath hands over is copied and posted to
 * the UDP 500 loop. At most {@link #MAX_QUEUED} such messages wait at a time; more are
 * dropped and counted, so a flood on 4500 cannot grow memory without bound.
 */
public final class DatapathIkeTransport implements IkeTransport {
    private static final Logger LOG = LoggerFactory.getLogger(DatapathIkeTransport.class);
    static final int MAX_QUEUED = 1024;

    private final UdpIkeTransport ikePort;
    private final NatTPort natt;
    private final InetSocketAddress nattLocal;
    private final AtomicInteger queued = new AtomicInteger();
    private final AtomicLong dropped = new AtomicLong();

    /**
     * @param local    our IKE address (concrete: NAT detection hashes it, RFC 3947 3.2)
     * @param ikePort  500, or another port in tests
     * @param nattPort the datapath's UDP port (4500)
     */
    public DatapathIkeTransport(InetAddress local, int ikePort, int nattPort, NatTPort natt) {
        this.ikePort = UdpIkeTransport.ikePortOnly(List.of(local), ikePort);
        this.natt = natt;
        this.nattLocal = new InetSocketAddress(local, nattPort);
    }

    @Override
    public void start(Consumer<Datagram> receiver) throws IOException {
        ikePort.start(receiver);
        natt.setNonEspHandler((srcAddress, srcPort, data, off, len) -> {
            if (queued.incrementAndGet() > MAX_QUEUED) {
                queued.decrementAndGet();
                dropped.incrementAndGet();
                return;
            }
            Datagram d = new Datagram(nattLocal, new InetSocketAddress(ipv4(srcAddress), srcPort),
                    Arrays.copyOfRange(data, off, off + len));
            ikePort.execute(() -> {
                queued.decrementAndGet();
                receiver.accept(d);
            });
        });
    }

    private static InetAddress ipv4(int a) {
        try {
            return InetAddress.getByAddress(new byte[] {(byte) (a >>> 24), (byte) (a >>> 16), (byte) (a >>> 8),
                    (byte) a});
        } catch (UnknownHostException e) {
            throw new IllegalStateException(e);          // four bytes are always an address
        }
    }

    @Override
    public void send(Datagram d) {
        if (d.local().getPort() != nattLocal.getPort()) {
            ikePort.send(d);
            return;
        }
        try {
            natt.sendNonEsp(d.remote().getAddress(), d.remote().getPort(), d.data(), 0, d.data().length);
        } catch (IOException | RuntimeException e) {
            dropped.incrementAndGet();
            LOG.debug("send on UDP {} to {} failed: {}", nattLocal.getPort(), d.remote(), e.toString());
        }
    }

    /** Sends a NAT-keepalive to a peer on the NAT-T port (RFC 3948 section 2.3). */
    public void sendKeepalive(InetSocketAddress peer) {
        try {
            natt.sendKeepalive(peer.getAddress(), peer.getPort());
        } catch (IOException | RuntimeException e) {
            LOG.debug("keepalive to {} failed: {}", peer, e.toString());
        }
    }

    /** Messages from UDP 4500 dropped because the engine was behind, plus failed sends. */
    public long droppedDatagrams() {
        return dropped.get() + ikePort.droppedDatagrams();
    }

    @Override
    public void execute(Runnable task) {
        ikePort.execute(task);
    }

    @Override
    public void schedule(Runnable task, long delayMillis) {
        ikePort.schedule(task, delayMillis);
    }

    @Override
    public void close() {
        natt.setNonEspHandler(null);
        ikePort.close();
    }
}
