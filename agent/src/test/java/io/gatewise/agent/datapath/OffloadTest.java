package io.gatewise.agent.datapath;

import static org.assertj.core.api.Assertions.assertThat;

import io.gatewise.agent.ipsec.IpPacket;
import io.gatewise.agent.net.InMemoryTun;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** TSO segmentation of TUN super-packets and GRO coalescing of decrypted segments. */
class OffloadTest {
    private static final int SRC = 0x0a5b0101;
    private static final int DST = 0x0a5b0201;

    /** A TCP/IPv4 packet with 12 bytes of options (like timestamps) and the given payload. */
    static byte[] tcp(int seq, int flags, byte[] payload) {
        int thl = 32;
        byte[] p = new byte[20 + thl + payload.length];
        IpPacket.writeIpv4Header(p, 0, p.length, 100, true, 64, IpPacket.PROTO_TCP, SRC, DST);
        IpPacket.put16(p, 20, 40000);
        IpPacket.put16(p, 22, 5201);
        IpPacket.put32(p, 24, seq);
        IpPacket.put32(p, 28, 777);
        p[32] = (byte) ((thl / 4) << 4);
        p[33] = (byte) flags;
        IpPacket.put16(p, 34, 512);
        p[40] = 1;
        p[41] = 1;
        p[42] = 8;
        p[43] = 10;
        IpPacket.put32(p, 44, 123456);
        IpPacket.put32(p, 48, 654321);
        System.arraycopy(payload, 0, p, 52, payload.length);
        long sum = IpPacket.pseudoHeaderSum(p, 0, IpPacket.PROTO_TCP, thl + payload.length);
        IpPacket.put16(p, 36, ~IpPacket.fold(IpPacket.sum(p, 20, thl + payload.length, sum)) & 0xffff);
        return p;
    }

    static boolean tcpChecksumOk(byte[] p, int off, int len) {
        long sum = IpPacket.pseudoHeaderSum(p, off, IpPacket.PROTO_TCP, len - 20);
        return (~IpPacket.fold(IpPacket.sum(p, off + 20, len - 20, sum)) & 0xffff) == 0;
    }

    static byte[] payload(int n) {
        byte[] b = new byte[n];
        for (int i = 0; i < n; i++) {
            b[i] = (byte) (i * 7 + 3);
        }
        return b;
    }

    @Test
    void superPacketIsSegmentedLikeTheKernelDoes() {
        byte[] data = payload(250);
        byte[] big = tcp(1000, 0x18 | 0x01, data); // ACK PSH FIN
        byte[] buf = new byte[10 + big.length];
        VirtioNetHeader.write(buf, 0, VirtioNetHeader.F_NEEDS_CSUM, VirtioNetHeader.GSO_TCPV4, 52, 100, 20, 16);
        System.arraycopy(big, 0, buf, 10, big.length);
        List<byte[]> segs = new ArrayList<>();
        assertThat(new GsoSegmenter().process(buf, 0, buf.length,
                (b, off, len) -> segs.add(Arrays.copyOfRange(b, off, off + len)))).isTrue();
        assertThat(segs).hasSize(3);
        for (int i = 0; i < 3; i++) {
            byte[] s = segs.get(i);
            int chunk = i < 2 ? 100 : 50;
            assertThat(s.length).isEqualTo(52 + chunk);
            assertThat(IpPacket.u16(s, 2)).isEqualTo(52 + chunk);
            assertThat(IpPacket.u16(s, 4)).isEqualTo(100 + i);
            assertThat(IpPacket.checksum(s, 0, 20)).isZero();
            assertThat(IpPacket.u32(s, 24)).isEqualTo(1000 + 100 * i);
            assertThat(s[33] & 0xff).isEqualTo(i < 2 ? 0x10 : 0x19);
            assertThat(tcpChecksumOk(s, 0, s.length)).as("segment %d checksum", i).isTrue();
            assertThat(Arrays.copyOfRange(s, 52, s.length)).isEqualTo(Arrays.copyOfRange(data, 100 * i, 100 * i + chunk));
        }
    }

    @Test
    void partialChecksumIsCompletedForSinglePackets() {
        byte[] p = tcp(1, 0x10, payload(33));
        long pseudo = IpPacket.pseudoHeaderSum(p, 0, IpPacket.PROTO_TCP, p.length - 20);
        IpPacket.put16(p, 36, IpPacket.fold(pseudo)); // what the kernel leaves for CHECKSUM_PARTIAL
        byte[] buf = new byte[10 + p.length];
        VirtioNetHeader.write(buf, 0, VirtioNetHeader.F_NEEDS_CSUM, VirtioNetHeader.GSO_NONE, 0, 0, 20, 16);
        System.arraycopy(p, 0, buf, 10, p.length);
        List<byte[]> out = new ArrayList<>();
        new GsoSegmenter().process(buf, 0, buf.length, (b, off, len) -> out.add(Arrays.copyOfRange(b, off, off + len)));
        assertThat(tcpChecksumOk(out.get(0), 0, out.get(0).length)).isTrue();
    }

    @Test
    void inOrderSegmentsAreCoalescedIntoOneTunWrite() throws Exception {
        InMemoryTun tun = new InMemoryTun("t", true);
        TunWriter w = new TunWriter(tun, 0);
        byte[] data = payload(250);
        w.add(tcp(1000, 0x10, Arrays.copyOfRange(data, 0, 100)), 0, 152);
        w.add(tcp(1100, 0x10, Arrays.copyOfRange(data, 100, 200)), 0, 152);
        w.add(tcp(1200, 0x18, Arrays.copyOfRange(data, 200, 250)), 0, 102);
        w.flush();
        byte[] got = tun.take(1, TimeUnit.SECONDS);
        assertThat(tun.delivered()).isZero();
        assertThat(VirtioNetHeader.gsoType(got, 0)).isEqualTo(VirtioNetHeader.GSO_TCPV4);
        assertThat(VirtioNetHeader.gsoSize(got, 0)).isEqualTo(100);
        assertThat(VirtioNetHeader.flags(got, 0)).isEqualTo(VirtioNetHeader.F_NEEDS_CSUM);
        assertThat(IpPacket.u16(got, 10 + 2)).isEqualTo(52 + 250);
        assertThat(IpPacket.checksum(got, 10, 20)).isZero();
        assertThat(got[10 + 33] & 0xff).as("PSH of the last segment kept").isEqualTo(0x18);
        assertThat(Arrays.copyOfRange(got, 10 + 52, got.length)).isEqualTo(data);
        // the checksum field holds the pseudo-header sum for the whole run
        assertThat(IpPacket.u16(got, 10 + 36))
                .isEqualTo(IpPacket.fold(IpPacket.pseudoHeaderSum(got, 10, IpPacket.PROTO_TCP, 32 + 250)));
    }

    @Test
    void gapsAndOtherFlowsAreNotCoalesced() throws Exception {
        InMemoryTun tun = new InMemoryTun("t", true);
        TunWriter w = new TunWriter(tun, 0);
        w.add(tcp(1000, 0x10, payload(100)), 0, 152);
        w.add(tcp(1300, 0x10, payload(100)), 0, 152); // gap
        byte[] syn = tcp(5, 0x02, new byte[0]);
        w.add(syn, 0, syn.length);
        w.flush();
        assertThat(tun.delivered()).isEqualTo(3);
        byte[] first = tun.take(1, TimeUnit.SECONDS);
        assertThat(VirtioNetHeader.gsoType(first, 0)).isEqualTo(VirtioNetHeader.GSO_NONE);
        assertThat(first.length).isEqualTo(10 + 152);
    }

    @Test
    void mssOfSynIsClampedAndChecksumFixed() {
        byte[] syn = new byte[44];
        IpPacket.writeIpv4Header(syn, 0, 44, 1, true, 64, IpPacket.PROTO_TCP, SRC, DST);
        syn[32] = (byte) (6 << 4);
        syn[33] = 0x02;
        syn[40] = 2;
        syn[41] = 4;
        IpPacket.put16(syn, 42, 1460);
        assertThat(MssClamp.clamp(syn, 0, 44, 1400)).isTrue();
        assertThat(IpPacket.u16(syn, 42)).isEqualTo(1360);
        assertThat(tcpChecksumOk(syn, 0, 44)).isTrue();
        assertThat(MssClamp.clamp(syn, 0, 44, 1400)).as("already small enough").isFalse();
    }

    @Test
    void fragmentationNeededQuotesTheOffendingPacket() {
        byte[] big = tcp(1, 0x10, payload(1400));
        byte[] out = new byte[100];
        int n = Icmp.fragmentationNeeded(big, 0, big.length, 1380, out, 0);
        assertThat(n).isEqualTo(20 + 8 + 28);
        assertThat(IpPacket.u32(out, 12)).isEqualTo(DST);
        assertThat(IpPacket.u32(out, 16)).isEqualTo(SRC);
        assertThat(out[20]).isEqualTo((byte) 3);
        assertThat(out[21]).isEqualTo((byte) 4);
        assertThat(IpPacket.u16(out, 26)).isEqualTo(1380);
        assertThat(IpPacket.checksum(out, 20, n - 20)).isZero();
        assertThat(Arrays.copyOfRange(out, 28, 48)).isEqualTo(Arrays.copyOf(big, 20));
    }
}
