package io.gatewise.agent.net;

import java.io.Closeable;
import java.nio.ByteBuffer;

/**
 * Lets threads block in {@code poll(2)} on a non-blocking descriptor and be woken for
 * shutdown through an eventfd, because closing a descriptor does not wake a thread
 * blocked on it.
 */
final class Waker implements Closeable {
    private final int eventFd;
    private final ByteBuffer one = LibC.allocate(8);
    private volatile boolean closed;

    Waker() {
        eventFd = LibC.eventfd(0, LibC.EFD_NONBLOCK | LibC.EFD_CLOEXEC);
        if (eventFd < 0) {
            throw new IllegalStateException("eventfd: " + LibC.lastError());
        }
        one.putLong(0, 1);
    }

    boolean isClosed() {
        return closed;
    }

    /** Per-thread poll set for {@code fd} plus the wake-up descriptor. */
    final class PollSet {
        private final ByteBuffer fds = LibC.allocate(16);
        private final long address = LibC.address(fds);

        PollSet(int fd) {
            fds.putInt(0, fd);
            fds.putShort(4, (short) LibC.POLLIN);
            fds.putInt(8, eventFd);
            fds.putShort(12, (short) LibC.POLLIN);
        }

        /** Waits until {@code fd} is readable; false when closed. */
        boolean await() {
            while (!closed) {
                fds.putShort(6, (short) 0);
                fds.putShort(14, (short) 0);
                int r = LibC.poll(address, 2, -1);
                if (r < 0 && LibC.errno() != LibC.EINTR) {
                    throw new IllegalStateException("poll: " + LibC.lastError());
                }
                if (r > 0 && (fds.getShort(6) & LibC.POLLIN) != 0) {
                    return true;
                }
            }
            return false;
        }
    }

    PollSet pollSet(int fd) {
        return new PollSet(fd);
    }

    /** Wakes every poller for good; they return false from {@link PollSet#await}. */
    void wakeAll() {
        closed = true;
        LibC.write(eventFd, LibC.address(one), 8);
    }

    /** Wakes the pollers and releases the eventfd; call once no thread polls any more. */
    @Override
    public void close() {
        if (!closed) {
            wakeAll();
        }
        LibC.close(eventFd);
    }
}
