package io.gatewise.agent.datapath;

import io.gatewise.agent.ipsec.EspProcessor;
import io.gatewise.agent.ipsec.EspTransform;
import io.gatewise.agent.ipsec.FlowKey;
import io.gatewise.agent.ipsec.IpPacket;
import io.gatewise.agent.ipsec.SecurityAssociation;
import io.gatewise.agent.ipsec.SecurityAssociationDatabase;
import io.gatewise.agent.ipsec.SecurityPolicyDatabase;
import io.gatewise.agent.net.Tun;
import io.gatewise.agent.net.UdpBind;
import java.io.IOException;
import java.util.concurrent.locks.ReentrantLock;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One outbound pipeline, one thread, one TUN queue:
 *
 * <pre>
 * TUN read (super-packet with offloads) -> segment + checksums (GsoSegmenter)
 *   -> SPD of this TUN's interface, by selectors -> outbound SA (bound to the same
 *      interface) -> MTU check (ICMP frag-needed / fragment; IPv6: ICMPv6 Packet Too Big)
 *   -> MSS clamp -> sequence number -> ESP seal with the slot's reused Cipher
 *   -> batch (UDP GSO runs) -> sendmmsg on UDP 4500 or the raw ESP/AH socket
 * </pre>
 *
 * Reads continue without blocking while the TUN queue has packets; the batch is sent when
 * it fills or the queue runs dry. When several pipelines exist, the packets of one TUN
 * read are sent under their SA's ordering lock so that sequence numbers leave in order.
 */
final class OutboundPipeline implements Runnable, GsoSegmenter.Sink {
    private static final Logger log = LoggerFactory.getLogger(OutboundPipeline.class);

    private final int slot;
    private final int queue;
    private final Tun tun;
    private final int interfaceId;
    private final SecurityPolicyDatabase spd;
    private final SecurityAssociationDatabase sad;
    private final DatapathCounters counters;
    private final DatapathConfig config;
    private final EncapBatcher udp;
    private final EncapBatcher rawEsp;
    private final EncapBatcher rawAh;
    private final boolean ordered;
    private final java.util.function.Consumer<io.gatewise.agent.ipsec.PolicySpec> acquire;
    private final FlowKey flow = new FlowKey();
    private final GsoSegmenter segmenter = new GsoSegmenter();
    private final TunWriter icmpWriter;
    private final byte[] in = new byte[VirtioNetHeader.LENGTH + 65535 + 64];
    private final byte[] scratch = new byte[65535 + 64];
    private final byte[] fragment = new byte[65535];
    private ReentrantLock held;
    private int ipId = (int) System.nanoTime();

    /**
     * @param tun         the interface's TUN device; {@code spd} holds only its policies
     * @param interfaceId the interface id every SA used here must carry
     */
    OutboundPipeline(int slot, int queue, Tun tun, int interfaceId, SecurityPolicyDatabase spd,
            SecurityAssociationDatabase sad,
            DatapathCounters counters, DatapathConfig config, UdpBind udp, UdpBind rawEsp, UdpBind rawAh,
            boolean ordered, java.util.function.Consumer<io.gatewise.agent.ipsec.PolicySpec> acquire) {
        this.acquire = acquire;
        this.slot = slot;
        this.queue = queue;
        this.tun = tun;
        this.interfaceId = interfaceId;
        this.spd = spd;
        this.sad = sad;
        this.counters = counters;
        this.config = config;
        this.udp = udp == null ? null : new EncapBatcher(udp, queue % udp.socketCount());
        this.rawEsp = rawEsp == null ? null : new EncapBatcher(rawEsp, 0);
        this.rawAh = rawAh == null ? null : new EncapBatcher(rawAh, 0);
        this.ordered = ordered;
        this.icmpWriter = new TunWriter(tun, queue);
    }

    @Override
    public void run() {
        boolean pending = false;
        try {
            while (true) {
                int n = tun.read(queue, in, 0, in.length, !pending);
                if (n < 0) {
                    break;
                }
                if (n == 0) {
                    flushAll();
                    pending = false;
                    continue;
                }
                try {
                    if (tun.vnetHeader()) {
                        if (!segmenter.process(in, 0, n, this)) {
                            counters.malformed.incrementAndGet();
                        }
                    } else {
                        packet(in, 0, n);
                    }
                } catch (IndexOutOfBoundsException | IllegalArgumentException e) {
                    // A packet our parsers did not anticipate: drop it, keep the pipeline.
                    counters.malformed.incrementAndGet();
                    log.debug("outbound packet dropped", e);
                } finally {
                    if (held != null) {
                        flushAll();
                        held.unlock();
                        held = null;
                    }
                }
                pending = true;
            }
        } catch (IOException | RuntimeException e) {
            log.error("outbound pipeline {} stopped", slot, e);
        }
    }

    private void flushAll() throws IOException {
        if (udp != null) {
            udp.flush();
        }
        if (rawEsp != null) {
            rawEsp.flush();
        }
        if (rawAh != null) {
            rawAh.flush();
        }
        icmpWriter.flush();
    }

    @Override
    public void packet(byte[] b, int off, int len) {
        try {
            protect(b, off, len);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    private void protect(byte[] b, int off, int len) throws IOException {
        if (!flow.parse(b, off, len) || IpPacket.validLength(b, off, len) != len) {
            counters.malformed.incrementAndGet();
            return;
        }
        SecurityPolicyDatabase.Entry policy = spd.lookupOutbound(flow);
        if (policy == null) {
            counters.noPolicy.incrementAndGet();
            return;
        }
        SecurityAssociation sa = sad.get(policy.outboundSa());
        if (sa == null || sa.isDead() || sa.interfaceId() != interfaceId) {
            // (a policy naming another interface's SA would share its per-slot transforms
            // with that interface's pipelines: never used)
            counters.noSa.incrementAndGet();
            acquire.accept(policy.spec());
            return;
        }
        if (config.clampMss() && flow.protocol() == IpPacket.PROTO_TCP
                && MssClamp.clamp(b, off, len, config.tunMtu())) {
            counters.mssClamped.incrementAndGet();
        }
        int max = sa.maxInnerLength();
        if (len > max) {
            tooBig(sa, b, off, len, max);
            return;
        }
        send(sa, b, off, len);
    }

    private void tooBig(SecurityAssociation sa, byte[] b, int off, int len, int max) throws IOException {
        if (IpPacket.version(b, off) == 6) {
            tooBigV6(sa, b, off, len, max);
            return;
        }
        if ((IpPacket.u16(b, off + 6) & 0x4000) != 0) {
            counters.fragmentationNeeded.incrementAndGet();
            int n = Icmp.fragmentationNeeded(b, off, len, max, scratch, 0);
            icmpWriter.add(scratch, 0, n);
            return;
        }
        // DF clear: fragment the inner packet (RFC 791) so each piece fits the tunnel.
        counters.fragmented.incrementAndGet();
        int ihl = IpPacket.ihl(b, off);
        int step = (max - ihl) & ~7;
        int flagsOffset = IpPacket.u16(b, off + 6);
        int baseOffset = (flagsOffset & 0x1fff) * 8;
        boolean moreAfter = (flagsOffset & 0x2000) != 0;
        for (int pos = 0; pos < len - ihl; pos += step) {
            int chunk = Math.min(step, len - ihl - pos);
            boolean last = pos + chunk >= len - ihl;
            System.arraycopy(b, off, fragment, 0, ihl);
            System.arraycopy(b, off + ihl + pos, fragment, ihl, chunk);
            IpPacket.put16(fragment, 2, ihl + chunk);
            IpPacket.put16(fragment, 6, ((baseOffset + pos) / 8) | (last && !moreAfter ? 0 : 0x2000));
            IpPacket.updateIpv4Checksum(fragment, 0);
            send(sa, fragment, 0, ihl + chunk);
        }
    }

    /**
     * IPv6 has no DF bit and no fragmentation on the way (RFC 8200 section 5): an oversized
     * packet is answered with ICMPv6 Packet Too Big and the sender fragments at its source.
     * The tunnel is a link to IPv6 and must carry 1280 bytes even when its outer path is
     * narrower; then the outer IPv4 packet is fragmented instead (the outer sockets clear
     * DF: IP_PMTUDISC_DONT), and only packets above 1280 are answered.
     */
    private void tooBigV6(SecurityAssociation sa, byte[] b, int off, int len, int max) throws IOException {
        int mtu = Math.max(max, Icmp.IPV6_MINIMUM_MTU);
        if (len <= mtu) {
            send(sa, b, off, len);
            return;
        }
        counters.fragmentationNeeded.incrementAndGet();
        if (Icmp.mayAnswerV6(b, off, len)) {
            int n = Icmp.packetTooBig(b, off, len, mtu, scratch, 0);
            icmpWriter.add(scratch, 0, n);
        }
    }

    private void send(SecurityAssociation sa, byte[] b, int off, int len) throws IOException {
        if (ordered && held != sa.outboundOrder()) {
            if (held != null) {
                flushAll();
                held.unlock();
            }
            held = sa.outboundOrder();
            held.lock();
        }
        long seq = sa.reserveSequence(1);
        if (seq < 0) {
            counters.noSa.incrementAndGet();
            return;
        }
        if (sa.isEsp()) {
            EspTransform t = sa.esp(slot);
            int payload = sa.isTunnel() ? len : len - (IpPacket.version(b, off) == 4 ? IpPacket.ihl(b, off) : 40);
            int espLen = t.espLength(payload);
            EncapBatcher batcher = sa.spec().udpEncapsulated() ? udp : rawEsp;
            if (batcher == null) {
                counters.noSa.incrementAndGet();
                return;
            }
            byte[] dst = batcher.reserve(sa.remoteV4(), sa.spec().udpEncapsulated() ? sa.remote().port() : 0, espLen);
            EspProcessor.encapsulate(sa, slot, seq, b, off, len, dst, batcher.offset);
            sa.account(1, espLen);
        } else {
            if (rawAh == null) {
                counters.noSa.incrementAndGet();
                return;
            }
            int room = len + 20 + 12 + 64;
            byte[] dst = rawAh.reserve(sa.remoteV4(), 0, room);
            // The ID is immutable for the AH ICV; the kernel replaces an ID of 0 under
            // IP_HDRINCL, so 0 is never used.
            int id = (ipId++) & 0xffff;
            if (id == 0) {
                id = (ipId++) & 0xffff;
            }
            int n = EspProcessor.ahProtect(sa, slot, seq, b, off, len, dst, rawAh.offset, id);
            rawAh.trim(room, n);
            sa.account(1, n);
        }
    }
}
