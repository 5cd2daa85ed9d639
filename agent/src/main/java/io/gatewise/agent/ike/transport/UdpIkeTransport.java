package io.gatewise.agent.ike.transport;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.net.StandardSocketOptions;
import java.nio.ByteBuffer;
import java.nio.channels.ClosedSelectorException;
import java.nio.channels.DatagramChannel;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.PriorityQueue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * UDP 500 and 4500 on each configured local address, served by one event-loop thread
 * (a {@link Selector}), which is also the thread the engine runs on.
 *
 * <pre>
 *   recv 500  ─────────────────────────────► receiver(Datagram)
 *   recv 4500 ─► non-ESP marker? ─ yes ─ strip ─► receiver(Datagram)
 *                    ├─ 0xFF keepalive ─► ignored (counted)
 *                    └─ ESP ─► espReceiver, or dropped (counted)
 *   send(Datagram) ─► channel bound to datagram.local (marker added on 4500)
 * </pre>
 *
 * Bind to concrete addresses, not the wildcard: Java cannot tell which local address a
 * datagram was sent to, and NAT detection hashes that address (RFC 3947 section 3.2).
 */
public final class UdpIkeTransport implements IkeTransport {
    private static final Logger LOG = LoggerFactory.getLogger(UdpIkeTransport.class);
    private static final int MAX_DATAGRAM = 65535;

    private final List<InetAddress> addresses;
    private final int ikePort;
    private final int nattPort;
    private final Consumer<Datagram> espReceiver;
    private final boolean bindNatt;
    private final Map<InetSocketAddress, DatagramChannel> channels = new HashMap<>();
    private final ConcurrentLinkedQueue<Runnable> tasks = new ConcurrentLinkedQueue<>();
    private final PriorityQueue<Timer> timers = new PriorityQueue<>();
    private final AtomicLong keepalives = new AtomicLong();
    private final AtomicLong dropped = new AtomicLong();
    private long timerSequence;
    private Selector selector;
    private Thread thread;
    private volatile boolean running;

    private record Timer(long due, long seq, Runnable task) implements Comparable<Timer> {
        @Override
        public int compareTo(Timer o) {
            return due != o.due ? Long.compare(due, o.due) : Long.compare(seq, o.seq);
        }
    }

    /**
     * @param addresses   local addresses to bind UDP 500 and 4500 on
     * @param espReceiver gets ESP-in-UDP packets arriving on 4500 (with their SPI first),
     *                    or {@code null} to drop them
     */
    public UdpIkeTransport(List<InetAddress> addresses, Consumer<Datagram> espReceiver) {
        this(addresses, Datagram.IKE_PORT, Datagram.NATT_PORT, espReceiver);
    }

    /** With other ports, for tests on loopback without root. */
    public UdpIkeTransport(List<InetAddress> addresses, int ikePort, int nattPort, Consumer<Datagram> espReceiver) {
        this(addresses, ikePort, nattPort, true, espReceiver);
    }

    private UdpIkeTransport(List<InetAddress> addresses, int ikePort, int nattPort, boolean bindNatt,
            Consumer<Datagram> espReceiver) {
        if (addresses.isEmpty()) {
            throw new IllegalArgumentException("no local address to bind");
        }
        this.addresses = List.copyOf(addresses);
        this.ikePort = ikePort;
        this.nattPort = nattPort;
        this.espReceiver = espReceiver;
        this.bindNatt = bindNatt;
    }

    /**
     * UDP {@code ikePort} only: for an agent whose ESP datapath owns UDP 4500 (decision D4)
     * and passes IKE messages arriving there in through another transport's
     * {@link #execute}. Sending on the NAT-T port is then that transport's business.
     */
    public static UdpIkeTransport ikePortOnly(List<InetAddress> addresses, int ikePort) {
        return new UdpIkeTransport(addresses, ikePort, Datagram.NATT_PORT, false, null);
    }

    @Override
    public synchronized void start(Consumer<Datagram> receiver) throws IOException {
        if (thread != null) {
            throw new IllegalStateException("already started");
        }
        selector = Selector.open();
        try {
            for (InetAddress a : addresses) {
                for (int port : bindNatt ? new int[] {ikePort, nattPort} : new int[] {ikePort}) {
                    InetSocketAddress local = new InetSocketAddress(a, port);
                    DatagramChannel ch = DatagramChannel.open();
                    channels.put(local, ch);
                    ch.setOption(StandardSocketOptions.SO_REUSEADDR, true);
                    ch.setOption(StandardSocketOptions.SO_RCVBUF, 1 << 20);
                    ch.bind(local);
                    ch.configureBlocking(false);
                    ch.register(selector, SelectionKey.OP_READ, local);
                }
            }
        } catch (IOException e) {
            closeChannels();
            throw e;
        }
        running = true;
        thread = new Thread(() -> loop(receiver), "ike-loop");
        thread.setDaemon(true);
        thread.start();
        if (bindNatt) {
            LOG.info("IKE listening on UDP {}/{} at {}", ikePort, nattPort, addresses);
        } else {
            LOG.info("IKE listening on UDP {} at {}", ikePort, addresses);
        }
    }

    /** The port actually bound for NAT-T (for tests). */
    public int nattPort() {
        return nattPort;
    }

    public int ikePort() {
        return ikePort;
    }

    public long keepalivesReceived() {
        return keepalives.get();
    }

    public long droppedDatagrams() {
        return dropped.get();
    }

    private void loop(Consumer<Datagram> receiver) {
        ByteBuffer buf = ByteBuffer.allocateDirect(MAX_DATAGRAM);
        byte[] scratch = new byte[MAX_DATAGRAM];
        while (running) {
            try {
                long timeout = runDueTimers();
                selector.select(timeout);
                for (SelectionKey key : selector.selectedKeys()) {
                    drain(key, buf, scratch, receiver);
                }
                selector.selectedKeys().clear();
                Runnable r;
                while ((r = tasks.poll()) != null) {
                    runSafely(r);
                }
            } catch (ClosedSelectorException e) {
                break;
            } catch (IOException | RuntimeException e) {
                // never let one bad datagram or task stop IKE for every peer
                LOG.warn("IKE event loop: {}", e.toString(), e);
            }
        }
    }

    private long runDueTimers() {
        long now = System.nanoTime() / 1_000_000;
        Timer t;
        while ((t = timers.peek()) != null && t.due <= now) {
            timers.poll();
            runSafely(t.task);
        }
        t = timers.peek();
        return t == null ? 0 : Math.max(1, t.due - now);     // 0 = block until woken
    }

    private static void runSafely(Runnable r) {
        try {
            r.run();
        } catch (RuntimeException e) {
            LOG.warn("IKE task failed: {}", e.toString(), e);
        }
    }

    private void drain(SelectionKey key, ByteBuffer buf, byte[] scratch, Consumer<Datagram> receiver)
            throws IOException {
        DatagramChannel ch = (DatagramChannel) key.channel();
        InetSocketAddress local = (InetSocketAddress) key.attachment();
        for (int i = 0; i < 64; i++) {          // bounded batch per wake-up, fairness between sockets
            buf.clear();
            SocketAddress from = ch.receive(buf);
            if (from == null) {
                return;
            }
            buf.flip();
            int len = buf.remaining();
            buf.get(scratch, 0, len);
            InetSocketAddress remote = (InetSocketAddress) from;
            if (local.getPort() != nattPort) {
                receiver.accept(new Datagram(local, remote, Arrays.copyOf(scratch, len)));
                continue;
            }
            switch (NonEspMarker.classify(scratch, len)) {
                case IKE -> receiver.accept(new Datagram(local, remote,
                        Arrays.copyOfRange(scratch, NonEspMarker.LENGTH, len)));
                case KEEPALIVE -> keepalives.incrementAndGet();
                case ESP -> {
                    if (espReceiver != null) {
                        espReceiver.accept(new Datagram(local, remote, Arrays.copyOf(scratch, len)));
                    } else {
                        dropped.incrementAndGet();
                    }
                }
                case INVALID -> dropped.incrementAndGet();
            }
        }
    }

    @Override
    public void send(Datagram d) {
        DatagramChannel ch = channels.get(d.local());
        if (ch == null) {
            ch = channels.get(new InetSocketAddress(d.local().getAddress(), d.local().getPort()));
        }
        if (ch == null) {
            dropped.incrementAndGet();
            LOG.debug("no socket for {}", d.local());
            return;
        }
        byte[] wire = d.local().getPort() == nattPort ? NonEspMarker.prepend(d.data()) : d.data();
        try {
            ch.send(ByteBuffer.wrap(wire), d.remote());
        } catch (IOException e) {
            dropped.incrementAndGet();
            LOG.debug("send to {} failed: {}", d.remote(), e.toString());
        }
    }

    @Override
    public void execute(Runnable task) {
        tasks.add(task);
        Selector s = selector;
        if (s != null) {
            s.wakeup();
        }
    }

    @Override
    public void schedule(Runnable task, long delayMillis) {
        execute(() -> timers.add(new Timer(System.nanoTime() / 1_000_000 + delayMillis, timerSequence++, task)));
    }

    @Override
    public synchronized void close() {
        running = false;
        if (selector != null) {
            selector.wakeup();
        }
        if (thread != null && thread != Thread.currentThread()) {
            try {
                thread.join(2000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        closeChannels();
        try {
            if (selector != null) {
                selector.close();
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private void closeChannels() {
        List<DatagramChannel> all = new ArrayList<>(channels.values());
        channels.clear();
        for (DatagramChannel ch : all) {
            try {
                ch.close();
            } catch (IOException e) {
                LOG.debug("close: {}", e.toString());
            }
        }
    }
}
