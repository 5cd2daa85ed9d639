package io.gatewise.agent.net;

import java.nio.ByteBuffer;

/** {@code struct sockaddr_in} in a native-order direct buffer; addresses as ints. */
final class Sockaddr {
    private Sockaddr() {
    }

    static void write(ByteBuffer b, int off, int address, int port) {
        b.putShort(off, (short) LibC.AF_INET);
        b.put(off + 2, (byte) (port >>> 8));
        b.put(off + 3, (byte) port);
        b.put(off + 4, (byte) (address >>> 24));
        b.put(off + 5, (byte) (address >>> 16));
        b.put(off + 6, (byte) (address >>> 8));
        b.put(off + 7, (byte) address);
        b.putLong(off + 8, 0);
    }

    static int address(ByteBuffer b, int off) {
        return ((b.get(off + 4) & 0xff) << 24) | ((b.get(off + 5) & 0xff) << 16) | ((b.get(off + 6) & 0xff) << 8)
                | (b.get(off + 7) & 0xff);
    }

    static int port(ByteBuffer b, int off) {
        return ((b.get(off + 2) & 0xff) << 8) | (b.get(off + 3) & 0xff);
    }

    static String format(int a) {
        return (a >>> 24) + "." + ((a >>> 16) & 0xff) + "." + ((a >>> 8) & 0xff) + "." + (a & 0xff);
    }
}
