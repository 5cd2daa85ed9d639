package io.gatewise.agent.net;

import java.io.IOException;
import java.nio.ByteBuffer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * UDP sockets through JNA with the batching Linux offers: {@code recvmmsg}/{@code sendmmsg}
 * move many datagrams per syscall, {@code UDP_GRO} lets the kernel hand over runs of
 * same-size datagrams from one peer as one buffer, and {@code UDP_SEGMENT} (GSO) sends a
 * run of same-size datagrams as one. Several {@code SO_REUSEPORT} sockets on the same
 * port spread flows over receiving threads. IPv4 only.
 */
public final class LinuxUdpBind implements UdpBind {
    private static final Logger log = LoggerFactory.getLogger(LinuxUdpBind.class);
    static final int MMSG = 64;
    static final int MSGHDR = 56;
    static final int SOCKADDR = 16;
    static final int CONTROL = 32;
    static final int MAX_DATAGRAM = 65535;

    private final int[] fds;
    private final int port;
    private final Waker waker = new Waker();
    private final ThreadLocal<Vectors> vectors;
    private final Vectors controlVectors;
    private final boolean gro;

    /** Per-thread native message vectors and buffers. */
    private final class Vectors {
        final int capacity;
        final ByteBuffer msgs;
        final ByteBuffer iovs;
        final ByteBuffer names;
        final ByteBuffer controls;
        final ByteBuffer data;
        final long msgsAddr;
        final long dataAddr;
        final Waker.PollSet[] polls = new Waker.PollSet[fds.length];

        Vectors(int capacity) {
            this.capacity = capacity;
            msgs = LibC.allocate(capacity * MMSG);
            iovs = LibC.allocate(capacity * 16);
            names = LibC.allocate(capacity * SOCKADDR);
            controls = LibC.allocate(capacity * CONTROL);
            data = LibC.allocate(capacity * MAX_DATAGRAM);
            msgsAddr = LibC.address(msgs);
            dataAddr = LibC.address(data);
            long iovAddr = LibC.address(iovs);
            long nameAddr = LibC.address(names);
            long ctlAddr = LibC.address(controls);
            for (int i = 0; i < capacity; i++) {
                int m = i * MMSG;
                msgs.putLong(m, nameAddr + (long) i * SOCKADDR);
                msgs.putLong(m + 16, iovAddr + i * 16L);
                msgs.putLong(m + 24, 1);
                msgs.putLong(m + 32, ctlAddr + (long) i * CONTROL);
                iovs.putLong(i * 16, dataAddr + (long) i * MAX_DATAGRAM);
            }
        }
    }

    /**
     * Binds {@code sockets} UDP sockets to {@code address:port} (address 0 = any).
     *
     * @param fwmark SO_MARK for the sockets' packets, 0 for none (see
     *               {@link NetworkConfigurator#addFwmarkBypassRule})
     */
    public LinuxUdpBind(int address, int port, int sockets, int fwmark) throws IOException {
        fds = new int[sockets];
        int bound = port;
        boolean groOk = true;
        for (int i = 0; i < sockets; i++) {
            int fd = LibC.socket(LibC.AF_INET, LibC.SOCK_DGRAM | LibC.SOCK_NONBLOCK | LibC.SOCK_CLOEXEC, 0);
            if (fd < 0) {
                throw new IOException("socket: " + LibC.lastError());
            }
            fds[i] = fd;
            LibC.setInt(fd, LibC.SOL_SOCKET, LibC.SO_REUSEPORT, 1, "SO_REUSEPORT");
            LibC.setInt(fd, LibC.IPPROTO_IP, LibC.IP_MTU_DISCOVER, LibC.IP_PMTUDISC_DONT, "IP_MTU_DISCOVER");
            trySetBuffer(fd, LibC.SO_RCVBUFFORCE, LibC.SO_RCVBUF, 8 << 20);
            trySetBuffer(fd, LibC.SO_SNDBUFFORCE, LibC.SO_SNDBUF, 8 << 20);
            if (fwmark != 0) {
                LibC.setInt(fd, LibC.SOL_SOCKET, LibC.SO_MARK, fwmark, "SO_MARK");
            }
            ByteBuffer b = LibC.allocate(4);
            b.putInt(0, 1);
            if (LibC.setsockopt(fd, LibC.SOL_UDP, LibC.UDP_GRO, LibC.address(b), 4) != 0) {
                groOk = false;
            }
            ByteBuffer sa = sockaddr(address, bound);
            if (LibC.bind(fd, LibC.address(sa), SOCKADDR) != 0) {
                String err = LibC.lastError();
                for (int j = 0; j <= i; j++) {
                    LibC.close(fds[j]);
                }
                throw new IOException("bind UDP " + Sockaddr.format(address) + ":" + bound + ": " + err);
            }
            if (bound == 0) {
                ByteBuffer len = LibC.allocate(4);
                len.putInt(0, SOCKADDR);
                LibC.getsockname(fd, LibC.address(sa), LibC.address(len));
                bound = Short.toUnsignedInt(Short.reverseBytes(sa.getShort(2)));
            }
        }
        this.port = bound;
        this.gro = groOk;
        this.vectors = ThreadLocal.withInitial(() -> new Vectors(MMSG_BATCH));
        this.controlVectors = new Vectors(1);
        log.info("UDP {}:{} bound, {} socket(s), GRO {}", Sockaddr.format(address), bound, sockets,
                groOk ? "on" : "off");
    }

    private LinuxUdpBind(int fd) {
        this.fds = new int[] {fd};
        this.port = 0;
        this.gro = false;
        this.vectors = ThreadLocal.withInitial(() -> new Vectors(MMSG_BATCH));
        this.controlVectors = new Vectors(1);
    }

    /**
     * A raw IPv4 socket for an IPsec protocol (50 ESP, 51 AH), with the same batched
     * interface. Received datagrams include the IPv4 header; sent ones do too when
     * {@code headerIncluded} (IP_HDRINCL, needed for AH whose ICV covers the header),
     * otherwise the kernel builds it. Ports are 0.
     */
    public static LinuxUdpBind raw(int protocol, boolean headerIncluded, int fwmark) throws IOException {
        int fd = LibC.socket(LibC.AF_INET, LibC.SOCK_RAW | LibC.SOCK_NONBLOCK | LibC.SOCK_CLOEXEC, protocol);
        if (fd < 0) {
            throw new IOException("raw socket for protocol " + protocol + ": " + LibC.lastError());
        }
        if (headerIncluded) {
            LibC.setInt(fd, LibC.IPPROTO_IP, LibC.IP_HDRINCL, 1, "IP_HDRINCL");
        } else {
            LibC.setInt(fd, LibC.IPPROTO_IP, LibC.IP_MTU_DISCOVER, LibC.IP_PMTUDISC_DONT, "IP_MTU_DISCOVER");
        }
        trySetBuffer(fd, LibC.SO_RCVBUFFORCE, LibC.SO_RCVBUF, 8 << 20);
        trySetBuffer(fd, LibC.SO_SNDBUFFORCE, LibC.SO_SNDBUF, 8 << 20);
        if (fwmark != 0) {
            LibC.setInt(fd, LibC.SOL_SOCKET, LibC.SO_MARK, fwmark, "SO_MARK");
        }
        log.info("raw IP socket for protocol {} open", protocol);
        return new LinuxUdpBind(fd);
    }

    /** Datagram slots per receive/send syscall. */
    static final int MMSG_BATCH = 32;

    private static void trySetBuffer(int fd, int force, int normal, int size) {
        ByteBuffer b = LibC.allocate(4);
        b.putInt(0, size);
        if (LibC.setsockopt(fd, LibC.SOL_SOCKET, force, LibC.address(b), 4) != 0) {
            LibC.setsockopt(fd, LibC.SOL_SOCKET, normal, LibC.address(b), 4);
        }
    }

    static ByteBuffer sockaddr(int address, int port) {
        ByteBuffer sa = LibC.allocate(SOCKADDR);
        Sockaddr.write(sa, 0, address, port);
        return sa;
    }

    @Override
    public int socketCount() {
        return fds.length;
    }

    @Override
    public int localPort() {
        return port;
    }

    @Override
    public boolean supportsSegmentation() {
        return port != 0; // UDP_SEGMENT exists for UDP sockets only, not raw ones
    }

    public boolean groEnabled() {
        return gro;
    }

    @Override
    public int receive(int socket, DatagramBatch batch) throws IOException {
        Vectors v = vectors.get();
        int fd = fds[socket];
        int cap = Math.min(batch.capacity(), v.capacity);
        while (!waker.isClosed()) {
            for (int i = 0; i < cap; i++) {
                int m = i * MMSG;
                v.msgs.putInt(m + 8, SOCKADDR);
                v.msgs.putLong(m + 40, CONTROL);
                v.msgs.putInt(m + 48, 0);
                v.iovs.putLong(i * 16 + 8, Math.min(MAX_DATAGRAM, batch.data[i].length));
            }
            int n = LibC.recvmmsg(fd, v.msgsAddr, cap, LibC.MSG_DONTWAIT, 0);
            if (n > 0) {
                batch.clear();
                for (int i = 0; i < n; i++) {
                    int m = i * MMSG;
                    int len = v.msgs.getInt(m + MSGHDR);
                    v.data.get(i * MAX_DATAGRAM, batch.data[i], 0, len);
                    int seg = groSegmentSize(v, i, m);
                    batch.add(len, Sockaddr.address(v.names, i * SOCKADDR), Sockaddr.port(v.names, i * SOCKADDR),
                            seg >= len ? 0 : seg);
                }
                return n;
            }
            int errno = LibC.errno();
            if (errno != LibC.EAGAIN && errno != LibC.EINTR) {
                throw new IOException("recvmmsg: " + LibC.strerror(errno));
            }
            if (v.polls[socket] == null) {
                v.polls[socket] = waker.pollSet(fd);
            }
            if (!v.polls[socket].await()) {
                break;
            }
        }
        return -1;
    }

    private static int groSegmentSize(Vectors v, int i, int m) {
        long controlLen = v.msgs.getLong(m + 40);
        int c = i * CONTROL;
        if (controlLen >= 20) {
            int level = v.controls.getInt(c + 8);
            int type = v.controls.getInt(c + 12);
            if (level == LibC.SOL_UDP && type == LibC.UDP_GRO) {
                return v.controls.getInt(c + 16);
            }
        }
        return 0;
    }

    @Override
    public void send(int socket, DatagramBatch batch) throws IOException {
        send(fds[socket], vectors.get(), batch);
    }

    private void send(int fd, Vectors v, DatagramBatch batch) throws IOException {
        int done = 0;
        while (done < batch.count) {
            int n = Math.min(batch.count - done, v.capacity);
            for (int i = 0; i < n; i++) {
                int j = done + i;
                int m = i * MMSG;
                int len = batch.length[j];
                v.data.put(i * MAX_DATAGRAM, batch.data[j], 0, len);
                v.iovs.putLong(i * 16 + 8, len);
                Sockaddr.write(v.names, i * SOCKADDR, batch.address[j], batch.port[j]);
                v.msgs.putInt(m + 8, SOCKADDR);
                v.msgs.putInt(m + 48, 0);
                int seg = batch.segmentSize[j];
                if (seg > 0 && seg < len) {
                    int c = i * CONTROL;
                    v.controls.putLong(c, 18); // CMSG_LEN(sizeof(uint16_t))
                    v.controls.putInt(c + 8, LibC.SOL_UDP);
                    v.controls.putInt(c + 12, LibC.UDP_SEGMENT);
                    v.controls.putShort(c + 16, (short) seg);
                    v.msgs.putLong(m + 40, 24); // CMSG_SPACE
                } else {
                    v.msgs.putLong(m + 40, 0);
                }
            }
            int sent = LibC.sendmmsg(fd, v.msgsAddr, n, 0);
            if (sent <= 0) {
                int errno = LibC.errno();
                if (errno == LibC.EINTR) {
                    continue;
                }
                // EAGAIN/ENOBUFS: the socket buffer is full, ECONNREFUSED etc.: the peer is
                // not there (yet). Drop the rest of the batch like a congested link would.
                if (errno != LibC.EAGAIN && errno != LibC.ENOBUFS && errno != 111 && errno != 113 && errno != 101
                        && errno != 22 && errno != 90) {
                    throw new IOException("sendmmsg: " + LibC.strerror(errno));
                }
                done += 1;
                continue;
            }
            done += sent;
        }
    }

    @Override
    public synchronized void sendOne(int address, int port, byte[] data, int off, int len) throws IOException {
        DatagramBatch one = oneBatch;
        System.arraycopy(data, off, one.data[0], 0, len);
        one.clear();
        one.add(len, address, port, 0);
        send(fds[0], controlVectors, one);
    }

    private final DatagramBatch oneBatch = new DatagramBatch(1, MAX_DATAGRAM);

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
    }
}
