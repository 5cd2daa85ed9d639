package io.gatewise.agent.net;

import java.io.Closeable;
import java.io.IOException;

/**
 * A layer-3 tunnel device: IP packets in, IP packets out. Each queue is served by one
 * thread. With {@link #vnetHeader()} every packet is preceded by a 10-byte
 * {@code virtio_net_hdr} and may be a TCP/UDP super-packet to segment (TSO/USO), and
 * written packets may be coalesced ones (GRO), like wireguard-go's TUN offloads.
 */
public interface Tun extends Closeable {
    /** Size of {@code struct virtio_net_hdr} as we configure it. */
    int VNET_HDR_LEN = 10;

    String name();

    int queueCount();

    boolean vnetHeader();

    /**
     * Copies the next packet of {@code queue} to {@code buf[off]}; with {@code wait},
     * blocks until there is one.
     *
     * @return the packet length, 0 if none is ready and {@code wait} is false, or -1
     *         once the device is shut down
     */
    int read(int queue, byte[] buf, int off, int maxLength, boolean wait) throws IOException;

    /** Writes one packet (with its virtio header if enabled); drops it if the device is gone. */
    void write(int queue, byte[] buf, int off, int length) throws IOException;

    /** Wakes and stops every reader; they return -1. Descriptors stay open until {@link #close}. */
    void shutdown();
}
