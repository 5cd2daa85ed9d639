package io.gatewise.agent.net;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A Linux TUN device opened through {@code /dev/net/tun} (Documentation/networking/tuntap):
 * {@code TUNSETIFF} with {@code IFF_TUN | IFF_NO_PI}, one descriptor per queue with
 * {@code IFF_MULTI_QUEUE}, and optionally {@code IFF_VNET_HDR} plus
 * {@code TUNSETOFFLOAD} so the kernel hands us TCP super-packets of up to 64 KiB and
 * accepts coalesced ones, which cuts syscalls per byte by an order of magnitude.
 *
 * <p>The device is not persistent: it disappears, with its addresses and routes, when
 * the last descriptor is closed.
 */
public final class TunDevice implements Tun {
    private static final Logger log = LoggerFactory.getLogger(TunDevice.class);
    private static final long TUNSETIFF = 0x400454caL;
    private static final long TUNSETOFFLOAD = 0x400454d0L;
    private static final long TUNSETVNETHDRSZ = 0x400454d8L;
    private static final short IFF_TUN = 0x0001;
    private static final short IFF_NO_PI = 0x1000;
    private static final short IFF_MULTI_QUEUE = 0x0100;
    private static final short IFF_VNET_HDR = 0x4000;
    private static final int TUN_F_CSUM = 0x01;
    private static final int TUN_F_TSO4 = 0x02;
    private static final int TUN_F_TSO6 = 0x04;
    private static final int TUN_F_TSO_ECN = 0x08;
    private static final int MAX_PACKET = 65535 + VNET_HDR_LEN;

    private final String name;
    private final int[] fds;
    private final boolean vnetHeader;
    private final Waker waker = new Waker();
    private final ThreadLocal<IoBuffers> buffers;

    private final class IoBuffers {
        final ByteBuffer buf = LibC.allocate(MAX_PACKET);
        final long address = LibC.address(buf);
        final Waker.PollSet[] polls = new Waker.PollSet[fds.length];
    }

    private TunDevice(String name, int[] fds, boolean vnetHeader) {
        this.name = name;
        this.fds = fds;
        this.vnetHeader = vnetHeader;
        this.buffers = ThreadLocal.withInitial(IoBuffers::new);
    }

    /**
     * Creates (or attaches to) the TUN device {@code name} with {@code queues} queues.
     *
     * @param offloads ask for virtio headers and TCP segmentation offload; falls back to
     *                 plain packets if the kernel refuses
     */
    public static TunDevice open(String name, int queues, boolean offloads) throws IOException {
        if (name.getBytes(StandardCharsets.US_ASCII).length >= 16) {
            throw new IllegalArgumentException("interface name too long: " + name);
        }
        int[] fds = new int[queues];
        boolean vnet = offloads;
        String actual = name;
        for (int q = 0; q < queues; q++) {
            int fd = LibC.open("/dev/net/tun", LibC.O_RDWR | LibC.O_NONBLOCK | LibC.O_CLOEXEC);
            if (fd < 0) {
                closeAll(fds, q);
                throw new IOException("open /dev/net/tun: " + LibC.lastError());
            }
            ByteBuffer ifr = LibC.allocate(40);
            byte[] n = actual.getBytes(StandardCharsets.US_ASCII);
            ifr.put(0, n);
            short flags = (short) (IFF_TUN | IFF_NO_PI | (queues > 1 ? IFF_MULTI_QUEUE : 0) | (vnet ? IFF_VNET_HDR : 0));
            ifr.putShort(16, flags);
            if (LibC.ioctl(fd, TUNSETIFF, LibC.address(ifr)) != 0) {
                String err = LibC.lastError();
                LibC.close(fd);
                closeAll(fds, q);
                throw new IOException("TUNSETIFF " + actual + ": " + err);
            }
            byte[] got = new byte[16];
            ifr.get(0, got);
            int len = 0;
            while (len < 16 && got[len] != 0) {
                len++;
            }
            actual = new String(got, 0, len, StandardCharsets.US_ASCII);
            if (vnet) {
                ByteBuffer sz = LibC.allocate(4);
                sz.putInt(0, VNET_HDR_LEN);
                int offload = TUN_F_CSUM | TUN_F_TSO4 | TUN_F_TSO6 | TUN_F_TSO_ECN;
                if (LibC.ioctl(fd, TUNSETVNETHDRSZ, LibC.address(sz)) != 0
                        || LibC.ioctl(fd, TUNSETOFFLOAD, offload) != 0) {
                    if (q > 0) {
                        LibC.close(fd);
                        closeAll(fds, q);
                        throw new IOException("TUN offloads on queue " + q + ": " + LibC.lastError());
                    }
                    log.warn("TUN offloads refused ({}); using plain packets", LibC.lastError());
                    LibC.close(fd);
                    vnet = false;
                    q--;
                    continue;
                }
            }
            fds[q] = fd;
        }
        log.info("TUN {} open: {} queue(s), offloads {}", actual, queues, vnet ? "on" : "off");
        return new TunDevice(actual, fds, vnet);
    }

    private static void closeAll(int[] fds, int n) {
        for (int i = 0; i < n; i++) {
            LibC.close(fds[i]);
        }
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public int queueCount() {
        return fds.length;
    }

    @Override
    public boolean vnetHeader() {
        return vnetHeader;
    }

    @Override
    public int read(int queue, byte[] buf, int off, int maxLength, boolean wait) throws IOException {
        IoBuffers io = buffers.get();
        int fd = fds[queue];
        while (!waker.isClosed()) {
            long n = LibC.read(fd, io.address, Math.min(maxLength, MAX_PACKET));
            if (n > 0) {
                io.buf.get(0, buf, off, (int) n);
                return (int) n;
            }
            int errno = LibC.errno();
            if (n < 0 && errno != LibC.EAGAIN && errno != LibC.EINTR) {
                throw new IOException("read " + name + ": " + LibC.strerror(errno));
            }
            if (!wait) {
                return 0;
            }
            if (io.polls[queue] == null) {
                io.polls[queue] = waker.pollSet(fd);
            }
            if (!io.polls[queue].await()) {
                break;
            }
        }
        return -1;
    }

    @Override
    public void write(int queue, byte[] buf, int off, int length) throws IOException {
        if (waker.isClosed()) {
            return;
        }
        IoBuffers io = buffers.get();
        io.buf.put(0, buf, off, length);
        long n = LibC.write(fds[queue], io.address, length);
        if (n < 0) {
            int errno = LibC.errno();
            // A full queue (EAGAIN) or a packet the kernel refuses (EINVAL) is a drop,
            // like on any congested link; nothing to retry.
            if (errno != LibC.EAGAIN && errno != LibC.EINTR && errno != 22 && errno != LibC.ENOBUFS
                    && errno != 5) {
                throw new IOException("write " + name + ": " + LibC.strerror(errno));
            }
        }
    }

    @Override
    public void shutdown() {
        waker.wakeAll();
    }

    @Override
    public void close() {
        if (!waker.isClosed()) {
            waker.wakeAll();
        }
        for (int fd : fds) {
            LibC.close(fd);
        }
        waker.close();
        log.info("TUN {} closed", name);
    }
}
