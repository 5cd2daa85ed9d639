package io.gatewise.agent.net;

import java.util.Arrays;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * A {@link Tun} double: tests {@link #inject} packets as if the kernel routed them into
 * the device and {@link #take} what the datapath wrote out of it.
 */
public final class InMemoryTun implements Tun {
    private static final byte[] POISON = new byte[0];
    private final String name;
    private final BlockingQueue<byte[]> toDatapath = new LinkedBlockingQueue<>();
    private final BlockingQueue<byte[]> fromDatapath = new LinkedBlockingQueue<>();
    private final boolean vnet;
    private volatile boolean closed;

    public InMemoryTun(String name, boolean vnetHeader) {
        this.name = name;
        this.vnet = vnetHeader;
    }

    /** A packet the host sends into the tunnel (with virtio header if enabled). */
    public void inject(byte[] packet) {
        toDatapath.add(packet.clone());
    }

    /** The next packet the datapath delivered to the host, or null after the timeout. */
    public byte[] take(long timeout, TimeUnit unit) throws InterruptedException {
        return fromDatapath.poll(timeout, unit);
    }

    public int delivered() {
        return fromDatapath.size();
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public int queueCount() {
        return 1;
    }

    @Override
    public boolean vnetHeader() {
        return vnet;
    }

    @Override
    public int read(int queue, byte[] buf, int off, int maxLength, boolean wait) {
        while (!closed) {
            byte[] p;
            try {
                p = wait ? toDatapath.take() : toDatapath.poll();
                if (p == null) {
                    return 0;
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return -1;
            }
            if (p == POISON) {
                break;
            }
            int n = Math.min(p.length, maxLength);
            System.arraycopy(p, 0, buf, off, n);
            return n;
        }
        return -1;
    }

    @Override
    public void write(int queue, byte[] buf, int off, int length) {
        if (!closed) {
            fromDatapath.add(Arrays.copyOfRange(buf, off, off + length));
        }
    }

    @Override
    public void shutdown() {
        closed = true;
        toDatapath.add(POISON);
    }

    @Override
    public void close() {
        shutdown();
    }
}
