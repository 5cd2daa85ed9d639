package io.gatewise.agent.net;

import com.sun.jna.Native;
import com.sun.jna.Pointer;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;

/**
 * The few Linux libc calls the datapath needs, bound with JNA direct mapping (the fast
 * JNA path: no reflection, no per-call allocation). Pointers are passed as {@code long}
 * addresses of direct buffers, which is ABI-identical on 64-bit Linux. {@code errno}
 * is read with {@link Native#getLastError()}, which JNA saves after every call.
 */
final class LibC {
    static final int O_RDWR = 2;
    static final int O_NONBLOCK = 0x800;
    static final int O_CLOEXEC = 0x80000;
    static final int EAGAIN = 11;
    static final int EINTR = 4;
    static final int ENOBUFS = 105;
    static final int AF_INET = 2;
    static final int SOCK_DGRAM = 2;
    static final int SOCK_RAW = 3;
    static final int SOCK_NONBLOCK = 0x800;
    static final int SOCK_CLOEXEC = 0x80000;
    static final int SOL_SOCKET = 1;
    static final int SO_REUSEADDR = 2;
    static final int SO_SNDBUF = 7;
    static final int SO_RCVBUF = 8;
    static final int SO_REUSEPORT = 15;
    static final int SO_SNDBUFFORCE = 32;
    static final int SO_RCVBUFFORCE = 33;
    static final int SO_MARK = 36;
    static final int IPPROTO_IP = 0;
    static final int IP_HDRINCL = 3;
    static final int IP_MTU_DISCOVER = 10;
    static final int IP_PMTUDISC_DONT = 0;
    static final int SOL_UDP = 17;
    static final int UDP_SEGMENT = 103;
    static final int UDP_GRO = 104;
    static final int POLLIN = 1;
    static final int EFD_NONBLOCK = 0x800;
    static final int EFD_CLOEXEC = 0x80000;
    static final int MSG_DONTWAIT = 0x40;

    static {
        Native.register(LibC.class, "c");
    }

    private LibC() {
    }

    static native int open(String path, int flags);

    static native int close(int fd);

    static native long read(int fd, long buf, long count);

    static native long write(int fd, long buf, long count);

    static native int ioctl(int fd, long request, long arg);

    static native int socket(int domain, int type, int protocol);

    static native int bind(int fd, long addr, int len);

    static native int setsockopt(int fd, int level, int name, long value, int len);

    static native int getsockname(int fd, long addr, long lenPtr);

    static native int recvmmsg(int fd, long msgvec, int vlen, int flags, long timeout);

    static native int sendmmsg(int fd, long msgvec, int vlen, int flags);

    static native int poll(long fds, long nfds, int timeout);

    static native int eventfd(int initval, int flags);

    static native String strerror(int errnum);

    static int errno() {
        return Native.getLastError();
    }

    static long address(ByteBuffer direct) {
        return Pointer.nativeValue(Native.getDirectBufferPointer(direct));
    }

    static ByteBuffer allocate(int size) {
        return ByteBuffer.allocateDirect(size).order(ByteOrder.nativeOrder());
    }

    /** setsockopt with an int value; throws on failure. */
    static void setInt(int fd, int level, int name, int value, String what) {
        ByteBuffer b = allocate(4);
        b.putInt(0, value);
        if (setsockopt(fd, level, name, address(b), 4) != 0) {
            throw new IllegalStateException(what + ": " + strerror(errno()));
        }
    }

    static String lastError() {
        return strerror(errno());
    }
}
