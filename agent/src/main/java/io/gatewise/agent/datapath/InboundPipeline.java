package io.gatewise.agent.datapath;

import io.gatewise.agent.ipsec.EspProcessor;
import io.gatewise.agent.ipsec.FlowKey;
import io.gatewise.agent.ipsec.IpPacket;
import io.gatewise.agent.ipsec.SecurityAssociation;
import io.gatewise.agent.ipsec.SecurityAssociationDatabase;
import io.gatewise.agent.net.DatagramBatch;
import io.gatewise.agent.net.UdpBind;
import java.io.IOException;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One inbound pipeline, one thread, one socket:
 *
 * <pre>
 * recvmmsg (UDP GRO runs split back into datagrams)
 *   -> UDP 4500 demux: 0xFF keepalive dropped, non-ESP marker to IKE, else ESP
 *      (raw sockets: strip the IPv4 header; protocol 51 goes to AH)
 *   -> SAD by SPI -> replay pre-check -> ICV + decrypt with the slot's reused Cipher
 *   -> replay window update -> inner packet and selector checks (RFC 4301 section 5.2)
 *   -> MSS clamp -> the SA's interface (shared TUN or a route-based tunnel's own)
 *   -> TunWriter (coalesces TCP runs into one TUN write)
 * </pre>
 *
 * Each batch runs between two increments of {@link #activity()} (odd while processing),
 * so that removing an interface can wait until no pipeline still holds its writer.
 */
final class InboundPipeline implements Runnable {
    private static final Logger log = LoggerFactory.getLogger(InboundPipeline.class);

    enum Kind { UDP, RAW }

    private final int slot;
    private final Kind kind;
    private final UdpBind socket;
    private final int socketIndex;
    private final SecurityAssociationDatabase sad;
    private final DatapathCounters counters;
    private final DatapathConfig config;
    private final Supplier<NonEspHandler> nonEsp;
    private final int ordinal;
    private final TunnelInterface.Table interfaces;
    private final TunWriter mainWriter;
    /** The writer of the previous packet of this batch; flushed when the interface changes. */
    private TunWriter last;
    private volatile long activity;
    private final DatagramBatch batch = new DatagramBatch(32, 65535);
    private final FlowKey flow = new FlowKey();
    private final byte[] plain = new byte[65535 + 64];

    /**
     * @param ordinal    this pipeline's number among the inbound ones: its writer in each
     *                   {@link TunnelInterface}
     * @param interfaces slot 0 holds the shared TUN device
     */
    InboundPipeline(int slot, Kind kind, UdpBind socket, int socketIndex, int ordinal,
            TunnelInterface.Table interfaces, SecurityAssociationDatabase sad, DatapathCounters counters,
            DatapathConfig config, Supplier<NonEspHandler> nonEsp) {
        this.slot = slot;
        this.kind = kind;
        this.socket = socket;
        this.socketIndex = socketIndex;
        this.sad = sad;
        this.counters = counters;
        this.config = config;
        this.nonEsp = nonEsp;
        this.ordinal = ordinal;
        this.interfaces = interfaces;
        this.mainWriter = interfaces.get(0).inboundWriters[ordinal];
    }

    /** Odd while a batch is processed; changes with every batch start and end. */
    long activity() {
        return activity;
    }

    @Override
    public void run() {
        try {
            while (true) {
                int n = socket.receive(socketIndex, batch);
                if (n < 0) {
                    break;
                }
                activity++; // single writer; the volatile write orders the interface reads after it
                for (int i = 0; i < n; i++) {
                    int len = batch.length[i];
                    int seg = batch.segmentSize[i];
                    byte[] d = batch.data[i];
                    if (seg <= 0) {
                        datagram(d, 0, len, batch.address[i], batch.port[i]);
                    } else {
                        for (int o = 0; o < len; o += seg) {
                            datagram(d, o, Math.min(seg, len - o), batch.address[i], batch.port[i]);
                        }
                    }
                }
                if (last != null) {
                    last.flush();
                    last = null;
                }
                activity++;
            }
        } catch (IOException | RuntimeException e) {
            log.error("inbound pipeline {} stopped", slot, e);
        }
    }

    private void datagram(byte[] d, int off, int len, int srcAddress, int srcPort) throws IOException {
        try {
            demux(d, off, len, srcAddress, srcPort);
        } catch (IndexOutOfBoundsException | IllegalArgumentException e) {
            // Whatever arrives from the network, one datagram never stops the pipeline.
            counters.malformed.incrementAndGet();
            log.debug("inbound datagram dropped", e);
        }
    }

    private void demux(byte[] d, int off, int len, int srcAddress, int srcPort) throws IOException {
        if (kind == Kind.UDP) {
            if (len == 1 && d[off] == (byte) 0xff) {
                counters.keepalives.incrementAndGet(); // RFC 3948 section 2.3
                return;
            }
            if (len >= 4 && d[off] == 0 && d[off + 1] == 0 && d[off + 2] == 0 && d[off + 3] == 0) {
                counters.nonEsp.incrementAndGet();
                NonEspHandler h = nonEsp.get();
                if (h != null) {
                    h.onNonEsp(srcAddress, srcPort, d, off + 4, len - 4);
                }
                return;
            }
            esp(d, off, len);
            return;
        }
        int total = IpPacket.validLength(d, off, len);
        if (total < 0 || IpPacket.version(d, off) != 4) {
            counters.malformed.incrementAndGet();
            return;
        }
        int ihl = IpPacket.ihl(d, off);
        int proto = IpPacket.u8(d, off + 9);
        if (proto == IpPacket.PROTO_ESP) {
            esp(d, off + ihl, total - ihl);
        } else if (proto == IpPacket.PROTO_AH) {
            ah(d, off, total);
        }
    }

    private void esp(byte[] d, int off, int len) throws IOException {
        if (len < 8) {
            counters.malformed.incrementAndGet();
            return;
        }
        SecurityAssociation sa = sad.inboundEsp(IpPacket.u32(d, off));
        if (sa == null) {
            counters.unknownSpi.incrementAndGet();
            return;
        }
        int n = EspProcessor.decapsulate(sa, slot, d, off, len, sa.remoteV4(), sa.localV4(), plain, 0, flow);
        deliver(sa, n);
    }

    private void ah(byte[] d, int off, int total) throws IOException {
        if (total < IpPacket.ihl(d, off) + 12) {
            counters.malformed.incrementAndGet();
            return;
        }
        SecurityAssociation sa = sad.inboundAh(IpPacket.u32(d, off + IpPacket.ihl(d, off) + 4));
        if (sa == null) {
            counters.unknownSpi.incrementAndGet();
            return;
        }
        deliver(sa, EspProcessor.ahVerify(sa, slot, d, off, total, plain, 0, flow));
    }

    private void deliver(SecurityAssociation sa, int n) throws IOException {
        if (n <= 0) {
            return; // counted on the SA by EspProcessor
        }
        TunWriter writer;
        int index = sa.interfaceIndex();
        if (index == 0) {
            writer = mainWriter;
        } else {
            // a route-based tunnel's own interface (RFC 4301 section 5.2: after the selector
            // check, the packet goes where the SA's policy says)
            TunnelInterface itf = interfaces.get(index);
            if (itf == null || itf.id != sa.interfaceId()) {
                counters.noInterface.incrementAndGet(); // the interface went away before the SA
                return;
            }
            writer = itf.inboundWriters[ordinal];
        }
        if (writer != last) {
            if (last != null) {
                last.flush();
            }
            last = writer;
        }
        if (config.clampMss() && flow.protocol() == IpPacket.PROTO_TCP
                && MssClamp.clamp(plain, 0, n, config.tunMtu())) {
            counters.mssClamped.incrementAndGet();
        }
        writer.add(plain, 0, n);
        counters.tunWrites.incrementAndGet();
    }
}
