package io.gatewise.agent.ike;

import java.io.IOException;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Consumer;
import java.util.function.Function;

import io.gatewise.agent.crypto.RandomSource;
import io.gatewise.agent.ike.config.EngineSettings;
import io.gatewise.agent.ike.config.PeerConfig;
import io.gatewise.agent.ike.event.IkeEventListener;
import io.gatewise.agent.ike.transport.IkeTransport;
import io.gatewise.agent.ipsec.IpsecBackend;

/**
 * Runs an {@link IkeEngine} on a transport's event loop: datagrams and a periodic tick go
 * in on that one thread, and every control call is posted to it. The clock is the
 * monotonic {@link System#nanoTime()}.
 */
public final class IkeService implements AutoCloseable {
    /** Timer granularity: retransmissions and timeouts are due to this precision. */
    static final long TICK_MILLIS = 100;

    private final IkeTransport transport;
    private final IkeEngine engine;
    private volatile boolean running;

    public IkeService(EngineSettings settings, RandomSource random, IpsecBackend backend, IkeTransport transport,
            IkeEventListener listener) {
        this.transport = Objects.requireNonNull(transport, "transport");
        this.engine = new IkeEngine(settings, random, backend, transport, listener);
        backend.setLifetimeListener((sa, reqId, hard) -> transport.execute(
                () -> engine.onLifetimeExpired(sa, hard, now())));
    }

    static long now() {
        return System.nanoTime() / 1_000_000;
    }

    public void start() throws IOException {
        running = true;
        transport.start(d -> engine.receive(d, now()));
        transport.schedule(this::tick, TICK_MILLIS);
    }

    private void tick() {
        if (!running) {
            return;
        }
        engine.tick(now());
        transport.schedule(this::tick, TICK_MILLIS);
    }

    public void addPeer(PeerConfig peer) {
        transport.execute(() -> engine.addPeer(peer));
    }

    /** Terminates the peer's SAs (with Delete payloads) and forgets the peer. */
    public void removePeer(String peer) {
        transport.execute(() -> engine.removePeer(peer, now()));
    }

    public void initiate(String peer, String child) {
        transport.execute(() -> engine.initiate(peer, child, now()));
    }

    /**
     * Rekeys a tunnel now: a new phase 1 with the peer, then each child on it (operator
     * action; see {@link IkeEngine#rekeyTunnel}). Completes with false when no SA with the
     * peer is up.
     */
    public CompletableFuture<Boolean> rekeyTunnel(String peer) {
        return query(engine -> engine.rekeyTunnel(peer, now()));
    }

    public void terminate(String peer) {
        transport.execute(() -> engine.terminate(peer, now()));
    }

    /** Runs a read of the engine on its thread and returns the result. */
    public <T> CompletableFuture<T> query(Function<IkeEngine, T> read) {
        CompletableFuture<T> f = new CompletableFuture<>();
        transport.execute(() -> {
            try {
                f.complete(read.apply(engine));
            } catch (RuntimeException e) {
                f.completeExceptionally(e);
            }
        });
        return f;
    }

    /** Runs an action on the engine thread. */
    public void execute(Consumer<IkeEngine> action) {
        transport.execute(() -> action.accept(engine));
    }

    /** Deletes every SA (telling the peers), then closes the transport. */
    @Override
    public void close() {
        CompletableFuture<Void> done = new CompletableFuture<>();
        transport.execute(() -> {
            engine.terminateAll(now());
            running = false;
            done.complete(null);
        });
        try {
            done.get(2, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (ExecutionException | TimeoutException e) {
            // the loop is stuck or gone: close the sockets anyway
        }
        transport.close();
    }
}
