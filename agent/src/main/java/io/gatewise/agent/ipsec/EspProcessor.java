package io.gatewise.agent.ipsec;

/**
 * Outbound and inbound IPsec processing of single packets (RFC 4301 section 5, RFC 4303
 * section 3, RFC 4302 section 3) on caller-owned buffers. Pure: no I/O, no allocation.
 *
 * <p>Inbound order (RFC 4303 section 3.4): SA by SPI (caller), replay pre-check, ICV and
 * decryption, replay window update, then the inner packet's checks: tunnel mode carries a
 * whole IP packet whose addresses must match the SA's selectors (RFC 4301 section 5.2).
 * Every drop is counted on the SA.
 */
public final class EspProcessor {
    public static final int DROP_REPLAY = -10;
    public static final int DROP_AUTH = -11;
    public static final int DROP_MALFORMED = -12;
    public static final int DROP_SELECTOR = -13;
    public static final int DROP_DEAD = -14;
    /** RFC 4303 section 2.6: a dummy packet (Next Header 59), silently discarded. */
    public static final int DROP_DUMMY = -15;

    private EspProcessor() {
    }

    /** Next Header for a tunnel-mode payload. */
    public static int tunnelNextHeader(byte[] inner, int off) {
        return IpPacket.version(inner, off) == 6 ? IpPacket.PROTO_IPV6 : IpPacket.PROTO_IPIP;
    }

    /**
     * ESP-protects one inner packet.
     *
     * @return length of the ESP packet written at {@code out[outOff]}
     */
    public static int encapsulate(SecurityAssociation sa, int slot, long seq, byte[] in, int inOff, int len,
            byte[] out, int outOff) {
        EspTransform t = sa.esp(slot);
        if (sa.isTunnel()) {
            return t.seal(sa.spi(), seq, in, inOff, len, tunnelNextHeader(in, inOff), out, outOff);
        }
        // Transport mode: the IP header stays outside (the outer header is built by the
        // sender's kernel or our UDP encapsulation); protect only the upper layer.
        int hl = IpPacket.version(in, inOff) == 4 ? IpPacket.ihl(in, inOff) : IpPacket.IPV6_HEADER;
        int proto = IpPacket.version(in, inOff) == 4 ? IpPacket.u8(in, inOff + 9) : IpPacket.u8(in, inOff + 6);
        return t.seal(sa.spi(), seq, in, inOff + hl, len - hl, proto, out, outOff);
    }

    /** Bytes an ESP packet adds around a payload, for MTU planning. */
    public static int espOverhead(SecurityAssociation sa, int payloadLength) {
        return sa.esp(0).espLength(payloadLength) - payloadLength;
    }

    /**
     * Verifies and decrypts one ESP packet for an inbound SA.
     *
     * @param outerSrc peer's outer IPv4 address (transport mode rebuilds the header from it)
     * @param outerDst our outer IPv4 address
     * @param key      scratch for the selector check
     * @return length of the inner IP packet at {@code out[outOff]}, or a DROP_ code
     */
    public static int decapsulate(SecurityAssociation sa, int slot, byte[] in, int espOff, int espLen, int outerSrc,
            int outerDst, byte[] out, int outOff, FlowKey key) {
        if (sa.isDead()) {
            sa.counters().addOtherDrop();
            return DROP_DEAD;
        }
        EspTransform t = sa.esp(slot);
        if (espLen < t.payloadOffset() + t.icvLength() + 4) {
            sa.counters().addOtherDrop();
            return DROP_MALFORMED;
        }
        ReplayWindow w = sa.replayWindow();
        long seq = w.infer(IpPacket.u32(in, espOff + 4));
        if (!w.check(seq)) {
            sa.counters().addReplayDrop();
            return DROP_REPLAY;
        }
        boolean tunnel = sa.isTunnel();
        int plainOff = tunnel ? outOff : outOff + IpPacket.IPV4_HEADER;
        int n = t.open(seq, in, espOff, espLen, out, plainOff);
        if (n == EspTransform.AUTH_FAILED) {
            sa.counters().addAuthFailure();
            return DROP_AUTH;
        }
        if (n < 0) {
            sa.counters().addOtherDrop();
            return DROP_MALFORMED;
        }
        if (!w.checkAndUpdate(seq)) {
            sa.counters().addReplayDrop(); // a concurrent copy of the same packet won
            return DROP_REPLAY;
        }
        return finishInbound(sa, t.lastNextHeader(), out, outOff, n, outerSrc, outerDst, espLen, key);
    }

    private static int finishInbound(SecurityAssociation sa, int nextHeader, byte[] out, int outOff, int n,
            int outerSrc, int outerDst, int wireLength, FlowKey key) {
        if (nextHeader == IpPacket.PROTO_NONE) {
            return DROP_DUMMY;
        }
        int length;
        if (sa.isTunnel()) {
            if (nextHeader != IpPacket.PROTO_IPIP && nextHeader != IpPacket.PROTO_IPV6) {
                sa.counters().addOtherDrop();
                return DROP_MALFORMED;
            }
            length = IpPacket.validLength(out, outOff, n);
            if (length < 0 || (nextHeader == IpPacket.PROTO_IPIP) != (IpPacket.version(out, outOff) == 4)) {
                sa.counters().addOtherDrop();
                return DROP_MALFORMED;
            }
        } else {
            // Transport mode: rebuild an IPv4 header around the upper-layer payload. The
            // addresses are the outer ones, which is what the peer's transport checksum
            // covers as long as no NAT rewrote them (RFC 3948 section 3.1.2).
            length = IpPacket.IPV4_HEADER + n;
            if (length > 0xffff) {
                sa.counters().addOtherDrop();
                return DROP_MALFORMED;
            }
            IpPacket.writeIpv4Header(out, outOff, length, 0, false, 64, nextHeader, outerSrc, outerDst);
        }
        if (!key.parse(out, outOff, length) || !sa.inboundSelectorsMatch(key)) {
            sa.counters().addOtherDrop();
            return DROP_SELECTOR;
        }
        sa.account(1, wireLength);
        return length;
    }

    /**
     * AH-protects one inner packet into a complete outer IPv4 packet (outer header, AH,
     * payload) at {@code out[outOff]}, ready for a raw socket with IP_HDRINCL.
     *
     * @return total length of the outer packet
     */
    public static int ahProtect(SecurityAssociation sa, int slot, long seq, byte[] in, int inOff, int len,
            byte[] out, int outOff, int ipId) {
        AhTransform ah = sa.ah(slot);
        int payloadOff;
        int payloadLength;
        int nextHeader;
        if (sa.isTunnel()) {
            payloadOff = inOff;
            payloadLength = len;
            nextHeader = tunnelNextHeader(in, inOff);
        } else {
            int hl = IpPacket.ihl(in, inOff);
            payloadOff = inOff + hl;
            payloadLength = len - hl;
            nextHeader = IpPacket.u8(in, inOff + 9);
        }
        int total = IpPacket.IPV4_HEADER + ah.headerLength() + payloadLength;
        System.arraycopy(in, payloadOff, out, outOff + IpPacket.IPV4_HEADER + ah.headerLength(), payloadLength);
        IpPacket.writeIpv4Header(out, outOff, total, ipId, false, 64, IpPacket.PROTO_AH, sa.localV4(),
                sa.remoteV4());
        ah.protect(out, outOff, total, sa.spi(), seq, nextHeader);
        return total;
    }

    /**
     * Verifies an AH-protected IPv4 packet (as read from a raw socket, outer header
     * included) and writes the inner packet to {@code out[outOff]}.
     *
     * @return inner packet length or a DROP_ code
     */
    public static int ahVerify(SecurityAssociation sa, int slot, byte[] pkt, int ipOff, int totalLength, byte[] out,
            int outOff, FlowKey key) {
        if (sa.isDead()) {
            sa.counters().addOtherDrop();
            return DROP_DEAD;
        }
        AhTransform ah = sa.ah(slot);
        int ahOff = ipOff + IpPacket.IPV4_HEADER;
        if (totalLength < IpPacket.IPV4_HEADER + ah.headerLength()) {
            sa.counters().addOtherDrop();
            return DROP_MALFORMED;
        }
        ReplayWindow w = sa.replayWindow();
        long seq = w.infer(IpPacket.u32(pkt, ahOff + 8));
        if (!w.check(seq)) {
            sa.counters().addReplayDrop();
            return DROP_REPLAY;
        }
        if (!ah.verify(pkt, ipOff, totalLength, seq)) {
            sa.counters().addAuthFailure();
            return DROP_AUTH;
        }
        if (!w.checkAndUpdate(seq)) {
            sa.counters().addReplayDrop();
            return DROP_REPLAY;
        }
        int nextHeader = IpPacket.u8(pkt, ahOff);
        int payloadOff = ahOff + ah.headerLength();
        int n = ipOff + totalLength - payloadOff;
        int src = IpPacket.u32(pkt, ipOff + 12);
        int dst = IpPacket.u32(pkt, ipOff + 16);
        int plainOff = sa.isTunnel() ? outOff : outOff + IpPacket.IPV4_HEADER;
        System.arraycopy(pkt, payloadOff, out, plainOff, n);
        return finishInbound(sa, nextHeader, out, outOff, n, src, dst, totalLength, key);
    }
}
