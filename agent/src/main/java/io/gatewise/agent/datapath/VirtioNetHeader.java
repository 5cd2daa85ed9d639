package io.gatewise.agent.datapath;

/**
 * {@code struct virtio_net_hdr} (10 bytes, little-endian fields) that precedes every
 * packet on a TUN device opened with {@code IFF_VNET_HDR}.
 *
 * <pre>
 *  u8 flags; u8 gso_type; le16 hdr_len; le16 gso_size; le16 csum_start; le16 csum_offset;
 * </pre>
 */
final class VirtioNetHeader {
    static final int LENGTH = 10;
    static final int F_NEEDS_CSUM = 1;
    static final int F_DATA_VALID = 2;
    static final int GSO_NONE = 0;
    static final int GSO_TCPV4 = 1;
    static final int GSO_UDP = 3;
    static final int GSO_TCPV6 = 4;
    static final int GSO_UDP_L4 = 5;
    static final int GSO_ECN = 0x80;

    private VirtioNetHeader() {
    }

    static int flags(byte[] b, int off) {
        return b[off] & 0xff;
    }

    static int gsoType(byte[] b, int off) {
        return b[off + 1] & 0xff;
    }

    static int gsoSize(byte[] b, int off) {
        return le16(b, off + 4);
    }

    static int csumStart(byte[] b, int off) {
        return le16(b, off + 6);
    }

    static int csumOffset(byte[] b, int off) {
        return le16(b, off + 8);
    }

    static void write(byte[] b, int off, int flags, int gsoType, int hdrLen, int gsoSize, int csumStart,
            int csumOffset) {
        b[off] = (byte) flags;
        b[off + 1] = (byte) gsoType;
        putLe16(b, off + 2, hdrLen);
        putLe16(b, off + 4, gsoSize);
        putLe16(b, off + 6, csumStart);
        putLe16(b, off + 8, csumOffset);
    }

    static void clear(byte[] b, int off) {
        for (int i = 0; i < LENGTH; i++) {
            b[off + i] = 0;
        }
    }

    private static int le16(byte[] b, int off) {
        return (b[off] & 0xff) | ((b[off + 1] & 0xff) << 8);
    }

    private static void putLe16(byte[] b, int off, int v) {
        b[off] = (byte) v;
        b[off + 1] = (byte) (v >>> 8);
    }
}
