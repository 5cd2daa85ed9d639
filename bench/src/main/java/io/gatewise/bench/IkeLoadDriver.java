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
 *     [--warmup 300] [--timeout 120] [--go-file FILE]
 * </pre>
 * Prints {@code RESULT done=D n=N seconds=S rate=R p50=.. p90=.. failures=F}: the time is
 * from posting the N initiations to the last CHILD SA established, on the driver's clock.
 * With {@code --go-file} it prints {@code WARM} when ready and waits for that file first.
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
        long timeoutMillis = 1000L * Long.parseLong(a.getOrDefault("timeout", "120"));
        String psk = System.getenv().getOrDefault("GATEWISE_PSK", "interop-bench-psk");
        if (warmup > 0) {
            IkeBenchResponder.warmUp(warmup, ike, esp);
        }
        List<InetAddress> locals = new ArrayList<>();
        List<PeerConfig> peers = new ArrayList<>();
        for (int i = 1; i <= n; i++) {
            InetAddress local = InetAddress.getByName(address("198.18", i));
            locals.add(local);
            ChildConfig child = ChildConfig.tunnel("net",
                    TrafficSelectors.host(InetAddress.getByName(address("10.100", i))),
                    TrafficSelectors.subnet(InetAddress.getByName("10.2.0.0"), 24), ProposalParser.parseEsp(esp));
            peers.add(PeerConfig.simple("b" + i, local, remote, PreSharedKey.ofUtf8(psk),
                    ProposalParser.parseIke(ike), List.of(child)));
        }
        long[] doneAt = new long[n + 1];
        int[] counts = new int[2];                     // [0] established, [1] failed; loop thread only
        CompletableFuture<Void> finished = new CompletableFuture<>();
        IkeService service = new IkeService(EngineSettings.DEFAULT, RandomSource.secure(),
                new RecordingIpsecBackend(System.nanoTime()), new UdpIkeTransport(locals, null), e -> {
                    if (e instanceof ChildSaEstablished c) {
                        doneAt[Integer.parseInt(c.peer().substring(1))] = System.nanoTime();
                        counts[0]++;
                    } else if (e instanceof IkeSaFailed || e instanceof ChildSaFailed) {
                        counts[1]++;
                        System.err.println(e);
                    }
                    if (counts[0] + counts[1] >= n) {
                        finished.complete(null);
                    }
                });
        service.start();
        peers.forEach(service::addPeer);
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
