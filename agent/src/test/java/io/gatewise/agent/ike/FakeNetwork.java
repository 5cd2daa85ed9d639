package io.gatewise.agent.ike;

import java.net.InetSocketAddress;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.UnaryOperator;

import io.gatewise.agent.crypto.FixedRandomSource;
import io.gatewise.agent.crypto.RandomSource;
import io.gatewise.agent.ike.config.EngineSettings;
import io.gatewise.agent.ike.event.IkeEvent;
import io.gatewise.agent.ike.transport.Datagram;

/**
 * Engines connected in memory: every datagram an engine sends is queued for the engine
 * owning its destination address, and {@link #run} delivers until the network is quiet.
 * A filter can drop, duplicate or alter datagrams; time only moves when the test says.
 */
public final class FakeNetwork {
    /** One engine with what it emitted. */
    public static final class Node {
        public final IkeEngine engine;
        public final RecordingIpsecBackend backend;
        public final List<IkeEvent> events = new ArrayList<>();
        public final List<Datagram> sent = new ArrayList<>();

        Node(IkeEngine engine, RecordingIpsecBackend backend) {
            this.engine = engine;
            this.backend = backend;
        }

        public <T extends IkeEvent> List<T> events(Class<T> type) {
            return events.stream().filter(type::isInstance).map(type::cast).toList();
        }
    }

    private final Map<java.net.InetAddress, Node> nodes = new HashMap<>();
    private final Deque<Datagram> queue = new ArrayDeque<>();
    private final List<Datagram> wire = new ArrayList<>();
    private UnaryOperator<Datagram> filter = d -> d;
    private long now = 1_000_000;

    /**
     * Deterministic randomness for one engine through the crypto layer's seam (fixed
     * nonces, DH private values, cookies, message ids): the same seed gives the same
     * exchange byte for byte.
     */
    public static RandomSource fixedRandom(long seed) {
        return new FixedRandomSource(seed);
    }

    public Node add(java.net.InetAddress address, EngineSettings settings, long seed) {
        RecordingIpsecBackend backend = new RecordingIpsecBackend(seed);
        Node[] holder = new Node[1];
        IkeEngine engine = new IkeEngine(settings, fixedRandom(seed), backend, d -> {
            holder[0].sent.add(d);
            queue.add(d);
        }, e -> holder[0].events.add(e));
        holder[0] = new Node(engine, backend);
        nodes.put(address, holder[0]);
        return holder[0];
    }

    /** What happens to each datagram on the way; return null to lose it. */
    public void setFilter(UnaryOperator<Datagram> filter) {
        this.filter = filter;
    }

    public long now() {
        return now;
    }

    /** Delivers queued datagrams until none is left (bounded, to catch ping-pong bugs). */
    public void run() {
        for (int i = 0; i < 10_000 && !queue.isEmpty(); i++) {
            Datagram d = filter.apply(queue.poll());
            if (d == null) {
                continue;
            }
            wire.add(d);
            Node to = nodes.get(d.remote().getAddress());
            if (to != null) {
                // the receiver sees the datagram arriving at its address, from the sender
                to.engine.receive(new Datagram(new InetSocketAddress(d.remote().getAddress(), d.remote().getPort()),
                        d.local(), d.data()), now);
            }
        }
        if (!queue.isEmpty()) {
            throw new IllegalStateException("network did not settle");
        }
    }

    /** Moves the clock and lets every engine run its timers, then delivers. */
    public void advance(long millis) {
        now += millis;
        for (Node n : nodes.values()) {
            n.engine.tick(now);
        }
        run();
    }

    /** Advances in steps until {@code millis} have passed. */
    public void advanceInSteps(long millis, long step) {
        for (long t = 0; t < millis; t += step) {
            advance(step);
        }
    }

    /** Every datagram delivered so far. */
    public List<Datagram> wire() {
        return wire;
    }

    /** Injects a datagram as if it came from the network. */
    public void inject(Datagram d) {
        queue.add(d);
        run();
    }
}
