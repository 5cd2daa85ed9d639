package io.gatewise.bench;

import java.io.IOException;
import java.net.InetAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;

import io.gatewise.agent.crypto.RandomSource;
import io.gatewise.agent.ike.IkeService;
import io.gatewise.agent.ike.RecordingIpsecBackend;
import io.gatewise.agent.ike.config.ChildConfig;
import io.gatewise.agent.ike.config.EngineSettings;
import io.gatewise.agent.ike.config.PeerConfig;
import io.gatewise.agent.ike.config.PreSharedKey;
import io.gatewise.agent.ike.event.ChildSaEstablished;
import io.gatewise.agent.ike.event.ChildSaFailed;
import io.gatewise.agent.ike.event.IkeSaFailed;
import io.gatewise.agent.ike.proposal.ProposalParser;
import io.gatewise.agent.ike.transport.UdpIkeTransport;
import io.gatewise.agent.ike.v1.TrafficSelectors;

/**
 * Load driver of {@code bench/run-ike.sh}: N Gatewise initiators, each its own peer from
 * its own source address (198.18.x.y, as the harness's perf-ike.sh numbers them) with its
 * own host selector 10.100.x.y/32, all started at once against one responder. One
 * {@link IkeService} on one event loop binds UDP 500/4500 on all N addresses.
 *
 * <pre>
 * IkeLoadDriver --remote 192.0.2.2 --n 200 --ike aes128-sha1-ecp256 --esp aes128-sha1-ecp256
 *     [--warmup 1500] [--warm-round 2000 --warm-pool 200] [--settle 2] [--timeout 120] [--go-file FILE]
 * </pre>
 * Prints {@code RESULT done=D n=N seconds=S rate=R p50=.. p90=.. failures=F}: the time is
 * from posting the N initiations to the last CHILD SA established, on the driver's clock.
 * With {@code --go-file} it prints {@code WARM} when ready and waits for that file first.
 *
 * <p>{@code --warm-round K --warm-pool P} first runs K negotiations over the real network
 * path against the same responder, from P more addresses (N+1 .. N+P): batches of P, each
 * waited for and then terminated (Delete payloads), so that the next batch from the same
 * addresses is a fresh negotiation again and the measured round meets no warm-up SAs. Then
 * it waits {@code --settle} seconds, all before {@code WARM}. The measured round thus sees a
 * responder in the steady state of a long-running gateway (its JIT done with the socket,
 * datapath and logging code, not only the in-memory IKE code) rather than one answering
 * its first network peers. Whatever the responder is, it gets the same round.
 */
public final class IkeLoadDriver {
    private IkeLoadDriver() {
    }

    /** The address of initiator i (1-based) under a /16, as perf-ike.sh numbers them. */
    static String address(String prefix, int i) {
        return prefix + "." + (i / 200) + "." + (i % 200 + 1);
    }

    public static void main(String[] args) throws IOException, InterruptedException {
        Map<String, String> a = new HashMap<>();
        for (int i = 0; i + 1 < args.length; i += 2) {
            a.put(args[i].substring(2), args[i + 1]);
        }
        InetAddress remote = InetAddress.getByName(a.getOrDefault("remote", "192.0.2.2"));
        int n = Integer.parseInt(a.getOrDefault("n", "200"));
        String ike = a.getOrDefault("ike", "aes128-sha1-modp2048");
        String esp = a.getOrDefault("esp", "aes128-sha1-modp2048");
        int warmup = Integer.parseInt(a.getOrDefault("warmup", "0"));
        int warmRound = Integer.parseInt(a.getOrDefault("warm-round", "0"));
        int warmPool = Math.min(warmRound, Integer.parseInt(a.getOrDefault("warm-pool", Integer.toString(n))));
        long settleMillis = (long) (1000 * Double.parseDouble(a.getOrDefault("settle", "0")));
        long timeoutMillis = 1000L * Long.parseLong(a.getOrDefault("timeout", "120"));
        String psk = System.getenv().getOrDefault("GATEWISE_PSK", "interop-bench-psk");
        if (warmup > 0) {
            IkeBenchResponder.warmUp(warmup, ike, esp);
        }
        List<InetAddress> locals = new ArrayList<>();
        List<PeerConfig> peers = new ArrayList<>();
        // b1..bN are measured; w<N+1>..w<N+P> are the warm-up round's peers
        for (int i = 1; i <= n + warmPool; i++) {
            InetAddress local = InetAddress.getByName(address("198.18", i));
            locals.add(local);
            ChildConfig child = ChildConfig.tunnel("net",
                    TrafficSelectors.host(InetAddress.getByName(address("10.100", i))),
                    TrafficSelectors.subnet(InetAddress.getByName("10.2.0.0"), 24), ProposalParser.parseEsp(esp));
            peers.add(PeerConfig.simple((i <= n ? "b" : "w") + i, local, remote, PreSharedKey.ofUtf8(psk),
                    ProposalParser.parseIke(ike), List.of(child)));
        }
        long[] doneAt = new long[n + 1];
        int[] counts = new int[2];                     // [0] established, [1] failed; loop thread only
        int[] warmCounts = new int[2];                 // the same for the warm-up round
        int[] warmTarget = new int[1];                 // warm-up peers initiated so far
        CompletableFuture<Void> finished = new CompletableFuture<>();
        AtomicReference<CompletableFuture<Void>> warmBatch = new AtomicReference<>(new CompletableFuture<>());
        IkeService service = new IkeService(EngineSettings.DEFAULT, RandomSource.secure(),
                new RecordingIpsecBackend(System.nanoTime()), new UdpIkeTransport(locals, null), e -> {
                    boolean failure = e instanceof IkeSaFailed || e instanceof ChildSaFailed;
                    if (!(e instanceof ChildSaEstablished) && !failure) {
                        return;
                    }
                    if (e.peer().startsWith("w")) {
                        warmCounts[failure ? 1 : 0]++;
                        if (warmCounts[0] + warmCounts[1] >= warmTarget[0]) {
                            warmBatch.get().complete(null);
                        }
                        return;
                    }
                    if (failure) {
                        counts[1]++;
                        System.err.println(e);
                    } else {
                        doneAt[Integer.parseInt(e.peer().substring(1))] = System.nanoTime();
                        counts[0]++;
                    }
                    if (counts[0] + counts[1] >= n) {
                        finished.complete(null);
                    }
                });
        service.start();
        peers.forEach(service::addPeer);
        if (warmRound > 0) {
            long w0 = System.nanoTime();
            for (int done = 0; done < warmRound; ) {
                int last = n + Math.min(warmPool, warmRound - done);
                done += last - n;
                int target = done;
                service.query(x -> warmTarget[0] = target).join();
                warmBatch.set(new CompletableFuture<>());
                for (int i = n + 1; i <= last; i++) {
                    service.initiate("w" + i, null);
                }
                try {
                    warmBatch.get().get(timeoutMillis, TimeUnit.MILLISECONDS);
                } catch (java.util.concurrent.ExecutionException | java.util.concurrent.TimeoutException e) {
                    System.err.println("warm-up batch up to " + done + " not finished in time");
                }
                for (int i = n + 1; i <= last; i++) {
                    service.terminate("w" + i);
                }
                // the responder handles the Deletes before these addresses come back (or the
                // measured round starts); a bench pause, not a test's wait for a condition
                Thread.sleep(1000);
            }
            int[] w = service.query(x -> new int[] {warmCounts[0], warmCounts[1]}).join();
            System.out.printf("warm-up round: %d of %d negotiated over the network in %.1f s, %d failed%n", w[0],
                    warmRound, (System.nanoTime() - w0) / 1e9, w[1]);
            Thread.sleep(settleMillis);
        }
        if (a.containsKey("go-file")) {
            // lets the caller read the responder's CPU time after our JVM start and warm-up
            Path go = Path.of(a.get("go-file"));
            System.out.println("WARM");
            while (!Files.exists(go)) {
                Thread.sleep(5);
            }
        }
        long t0 = System.nanoTime();
        for (int i = 1; i <= n; i++) {
            service.initiate("b" + i, null);
        }
        try {
            finished.get(timeoutMillis, TimeUnit.MILLISECONDS);
        } catch (java.util.concurrent.ExecutionException | java.util.concurrent.TimeoutException e) {
            System.err.println("not all negotiations finished within " + timeoutMillis / 1000 + " s");
        }
        int[] snapshot = service.query(x -> new int[] {counts[0], counts[1]}).join();
        long[] lat = Arrays.stream(doneAt, 1, n + 1).filter(t -> t != 0).map(t -> t - t0).sorted().toArray();
        double seconds = lat.length == 0 ? 0 : lat[lat.length - 1] / 1e9;
        System.out.printf("RESULT done=%d n=%d seconds=%.3f rate=%.1f p50=%.1f p90=%.1f failures=%d%n",
                lat.length, n, seconds, seconds > 0 ? lat.length / seconds : 0,
                lat.length == 0 ? 0 : lat[lat.length / 2] / 1e6, lat.length == 0 ? 0 : lat[(int) (lat.length * 0.9)] / 1e6,
                snapshot[1]);
        // no close(): its Delete payloads would add to the responder CPU being measured;
        // the responder is stopped right after us anyway
        System.exit(0);
    }
}
