package io.gatewise.agent.net;

import java.util.Arrays;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.function.Predicate;

/**
 * An in-memory IPv4 UDP "wire" connecting {@link UdpBind} doubles by address and port.
 * A test can install a {@link #filter} to drop, or a {@link #tap} to copy or tamper
 * with datagrams in flight.
 */
public final class InMemoryUdpNetwork {
    /** One datagram in flight. */
    public record Datagram(int srcAddress, int srcPort, int dstAddress, int dstPort, byte[] data) {
    }

    private final Map<Long, Bind> binds = new ConcurrentHashMap<>();
    private volatile Predicate<Datagram> filter = d -> true;
    private volatile java.util.function.Consumer<Datagram> tap = d -> { };

    public Bind bind(int address, int port) {
        Bind b = new Bind(address, port);
        if (binds.putIfAbsent(key(address, port), b) != null) {
            throw new IllegalStateException("address in use");
        }
        return b;
    }

    /** Only datagrams passing the filter are delivered. */
    public void filter(Predicate<Datagram> f) {
        filter = f;
    }

    /** Sees every datagram before delivery (may mutate {@code data}). */
    public void tap(java.util.function.Consumer<Datagram> t) {
        tap = t;
    }

    /** Delivers a datagram as if a third party sent it (an injector). */
    public void inject(Datagram d) {
        deliver(d);
    }

    private void deliver(Datagram d) {
        tap.accept(d);
        if (!filter.test(d)) {
            return;
        }
        Bind b = binds.get(key(d.dstAddress, d.dstPort));
        if (b != null) {
            b.queue.add(d);
        }
    }

    private static long key(int address, int port) {
        return ((long) address << 16) | port;
    }

    /** A single-socket UDP double; no segmentation offload. */
    public final class Bind implements UdpBind {
        private final int address;
        private final int port;
        private final BlockingQueue<Datagram> queue = new LinkedBlockingQueue<>();
        private volatile boolean closed;

        private Bind(int address, int port) {
            this.address = address;
            this.port = port;
        }

        @Override
        public int socketCount() {
            return 1;
        }

        @Override
        public int localPort() {
            return port;
        }

        @Override
        public boolean supportsSegmentation() {
            return false;
        }

        @Override
        public int receive(int socket, DatagramBatch batch) {
            batch.clear();
            try {
                Datagram d = queue.take();
                while (d != null) {
                    if (closed || d.data == null) {
                        return -1;
                    }
                    System.arraycopy(d.data, 0, batch.data[batch.count], 0, d.data.length);
                    batch.add(d.data.length, d.srcAddress, d.srcPort, 0);
                    if (batch.count == batch.capacity()) {
                        break;
                    }
                    d = queue.poll();
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return -1;
            }
            return batch.count;
        }

        @Override
        public void send(int socket, DatagramBatch batch) {
            for (int i = 0; i < batch.count; i++) {
                int seg = batch.segmentSize[i];
                int len = batch.length[i];
                int step = seg > 0 ? seg : len;
                for (int o = 0; o < len; o += step) {
                    int n = Math.min(step, len - o);
                    sendOne(batch.address[i], batch.port[i], batch.data[i], o, n);
                }
            }
        }

        @Override
        public void sendOne(int dstAddress, int dstPort, byte[] data, int off, int len) {
            if (!closed) {
                deliver(new Datagram(address, port, dstAddress, dstPort, Arrays.copyOfRange(data, off, off + len)));
            }
        }

        @Override
        public void shutdown() {
            closed = true;
            queue.add(new Datagram(0, 0, 0, 0, null));
        }

        @Override
        public void close() {
            shutdown();
            binds.remove(key(address, port), this);
        }
    }
}
