package io.gatewise.bench;

import java.io.IOException;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicLong;

import io.gatewise.agent.crypto.RandomSource;
import io.gatewise.agent.ike.FakeNetwork;
import io.gatewise.agent.ike.IkeService;
import io.gatewise.agent.ike.RecordingIpsecBackend;
import io.gatewise.agent.ike.config.ChildConfig;
import io.gatewise.agent.ike.config.EngineSettings;
import io.gatewise.agent.ike.config.Identity;
import io.gatewise.agent.ike.config.PeerConfig;
import io.gatewise.agent.ike.config.PreSharedKey;
import io.gatewise.agent.ike.event.ChildSaEstablished;
import io.gatewise.agent.ike.event.ChildSaFailed;
import io.gatewise.agent.ike.event.IkeSaEstablished;
import io.gatewise.agent.ike.event.IkeSaFailed;
import io.gatewise.agent.ike.proposal.ProposalParser;
import io.gatewise.agent.ike.transport.UdpIkeTransport;
import io.gatewise.agent.ike.v1.TrafficSelectors;
import io.gatewise.agent.ipsec.TrafficSelector;

/**
 * The Gatewise IKE responder of the negotiation-rate benchmark ({@code bench/run-ike.sh}):
 * the real {@link IkeService} on UDP 500/4500 with one peer for a whole network of
 * initiators (any address in {@code --pool}, any identity, one PSK) and one child whose
 * remote side each initiator narrows to its own host. SAs go into a
 * {@link RecordingIpsecBackend} (SPI allocation, key copies, policies): the IKE service is
 * not wired to the userspace datapath yet, which would also bind UDP 4500.
 * With {@code --agent-config FILE} it instead writes a one-tunnel agent config there and
 * runs the real agent ({@code gatewise-agent run --config FILE}) in this JVM: IKE plus
 * the userspace datapath, which installs the SAs (TUN {@code gwbench0}, UDP 4500).
 *
 * <pre>
 * IkeBenchResponder --local 192.0.2.2 --pool 198.18.0.0/16 --ike aes128-sha1-modp2048
 *     --esp aes128-sha1-modp2048 --local-ts 10.2.0.0/24 --remote-ts 10.100.0.0/16
 *     [--warmup 300] [--pidfile FILE] [--agent-config FILE]
 * </pre>
 * The PSK comes from GATEWISE_PSK (default: the harness's "interop-bench-psk").
 * {@code --warmup K} first runs K negotiations between two in-memory engines, so the
 * measurement sees a JIT-compiled agent as a long-running gateway would be, not a cold
 * JVM. Prints one line per second with the counts, and a summary on SIGTERM.
 */
public final class IkeBenchResponder {
    private IkeBenchResponder() {
    }

    public static void main(String[] args) throws IOException, InterruptedException {
        Map<String, String> a = parse(args);
        InetAddress local = InetAddress.getByName(a.get("local"));
        String[] pool = a.getOrDefault("pool", "198.18.0.0/16").split("/");
        String psk = System.getenv().getOrDefault("GATEWISE_PSK", "interop-bench-psk");
        String ike = a.getOrDefault("ike", "aes128-sha1-modp2048");
        String esp = a.getOrDefault("esp", "aes128-sha1-modp2048");
        int warmup = Integer.parseInt(a.getOrDefault("warmup", "0"));
        if (warmup > 0) {
            long t0 = System.nanoTime();
            warmUp(warmup, ike, esp);
            System.out.printf("warm-up: %d in-memory negotiations in %.1f s%n", warmup,
                    (System.nanoTime() - t0) / 1e9);
        }
        if (a.containsKey("agent-config")) {
            runAgent(a, local, String.join("/", pool), psk, ike, esp);
            return;
        }
        ChildConfig child = ChildConfig.tunnel("net", subnet(a.getOrDefault("local-ts", "10.2.0.0/24")),
                subnet(a.getOrDefault("remote-ts", "10.100.0.0/16")), ProposalParser.parseEsp(esp));
        PeerConfig peer = new PeerConfig("bench", local, InetAddress.getByName(pool[0]), Integer.parseInt(pool[1]),
                Identity.address(local), Identity.ANY, PreSharedKey.ofUtf8(psk), ProposalParser.parseIke(ike),
                PeerConfig.DEFAULT_LIFETIME_SECONDS, true, false, List.of(child));
        AtomicLong ikeUp = new AtomicLong();
        AtomicLong childUp = new AtomicLong();
        AtomicLong failed = new AtomicLong();
        RecordingIpsecBackend backend = new RecordingIpsecBackend(System.nanoTime());
        IkeService service = new IkeService(EngineSettings.DEFAULT.withMaxHalfOpen(4096), RandomSource.secure(),
                backend, new UdpIkeTransport(List.of(local), null), e -> {
                    if (e instanceof IkeSaEstablished) {
                        ikeUp.incrementAndGet();
                    } else if (e instanceof ChildSaEstablished) {
                        childUp.incrementAndGet();
                    } else if (e instanceof IkeSaFailed || e instanceof ChildSaFailed) {
                        failed.incrementAndGet();
                    }
                });
        service.addPeer(peer);
        service.start();
        if (a.containsKey("pidfile")) {
            Files.writeString(Path.of(a.get("pidfile")), Long.toString(ProcessHandle.current().pid()),
                    StandardCharsets.US_ASCII);
        }
        System.out.println("READY responder " + local.getHostAddress() + " for " + String.join("/", pool) + ", IKE "
                + ike + ", ESP " + esp + ", backend: recording (SPIs, keys, policies in memory)");
        CountDownLatch stop = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            System.out.printf("summary: IKE SAs %d, CHILD SAs %d, failures %d, SAs in backend %d%n", ikeUp.get(),
                    childUp.get(), failed.get(), backend.sas().size());
            stop.countDown();
        }));
        long last = -1;
        while (!stop.await(1, java.util.concurrent.TimeUnit.SECONDS)) {
            if (childUp.get() != last) {
                last = childUp.get();
                System.out.printf("IKE SAs %d, CHILD SAs %d, failures %d%n", ikeUp.get(), last, failed.get());
            }
        }
    }

    /**
     * The real agent: {@code gatewise-agent run --config FILE --tun gwbench0} in this JVM
     * (after the warm-up), with one RESPOND tunnel for the pool. IKE on UDP 500, the
     * userspace datapath (TUN, UDP 4500) installs every SA and policy.
     */
    private static void runAgent(Map<String, String> a, InetAddress local, String pool, String psk, String ike,
            String esp) throws IOException {
        Path config = Path.of(a.get("agent-config"));
        Files.writeString(config, """
                {
                  "gatewayName": "bench-responder",
                  "localAddress": "%s",
                  "tunnels": [
                    {
                      "name": "bench",
                      "remoteAddress": "%s",
                      "localIdentity": { "type": "IDENTITY_TYPE_IPV4_ADDR", "value": "%s" },
                      "ike": { "mode": "IKE_MODE_MAIN", "proposals": ["%s"], "natTraversal": true },
                      "ipsec": { "protocol": "IPSEC_PROTOCOL_ESP", "proposals": ["%s"],
                                 "mode": "ENCAPSULATION_MODE_TUNNEL" },
                      "children": [ { "name": "net", "localSelectors": ["%s"], "remoteSelectors": ["%s"] } ],
                      "auth": { "method": "AUTH_METHOD_PSK", "preSharedKey": "%s" },
                      "startAction": "START_ACTION_RESPOND",
                      "vpnType": "VPN_TYPE_POLICY_BASED"
                    }
                  ]
                }
                """.formatted(local.getHostAddress(), pool, local.getHostAddress(), ike, esp,
                a.getOrDefault("local-ts", "10.2.0.0/24"), a.getOrDefault("remote-ts", "10.100.0.0/16"), psk),
                StandardCharsets.UTF_8);
        if (a.containsKey("pidfile")) {
            Files.writeString(Path.of(a.get("pidfile")), Long.toString(ProcessHandle.current().pid()),
                    StandardCharsets.US_ASCII);
        }
        System.out.println("READY starting the agent (run --config " + config + "), IKE " + ike + ", ESP " + esp
                + ", backend: userspace datapath");
        io.gatewise.agent.cli.AgentMain.main(new String[] {"run", "--config", config.toString(), "--tun",
            a.getOrDefault("tun", "gwbench0")});
    }

    /** K Main Mode + Quick Mode negotiations between two in-memory engines (JIT warm-up). */
    static void warmUp(int k, String ike, String esp) {
        InetAddress l = addr("192.0.2.101");
        InetAddress r = addr("192.0.2.102");
        TrafficSelector ln = subnet("10.1.0.0/24");
        TrafficSelector rn = subnet("10.2.0.0/24");
        for (int i = 0; i < k; i++) {
            FakeNetwork net = new FakeNetwork();
            FakeNetwork.Node left = net.add(l, EngineSettings.DEFAULT, 2L * i + 1);
            FakeNetwork.Node right = net.add(r, EngineSettings.DEFAULT, 2L * i + 2);
            left.engine.addPeer(PeerConfig.simple("r", l, r, PreSharedKey.ofUtf8("warm-up"),
                    ProposalParser.parseIke(ike), List.of(ChildConfig.tunnel("net", ln, rn,
                            ProposalParser.parseEsp(esp)))));
            right.engine.addPeer(PeerConfig.simple("l", r, l, PreSharedKey.ofUtf8("warm-up"),
                    ProposalParser.parseIke(ike), List.of(ChildConfig.tunnel("net", rn, ln,
                            ProposalParser.parseEsp(esp)))));
            left.engine.initiate("r", null, net.now());
            net.run();
            if (right.engine.childSaCount() != 1) {
                throw new IllegalStateException("warm-up negotiation " + i + " failed: " + right.events);
            }
        }
    }

    private static InetAddress addr(String s) {
        try {
            return InetAddress.getByName(s);
        } catch (IOException e) {
            throw new IllegalArgumentException(s, e);
        }
    }

    private static TrafficSelector subnet(String cidr) {
        String[] p = cidr.split("/");
        return TrafficSelectors.subnet(addr(p[0]), Integer.parseInt(p[1]));
    }

    private static Map<String, String> parse(String[] args) {
        Map<String, String> m = new HashMap<>();
        for (int i = 0; i < args.length; i++) {
            if (!args[i].startsWith("--") || i + 1 >= args.length) {
                throw new IllegalArgumentException("usage: --name value ...; got " + args[i]);
            }
            m.put(args[i].substring(2), args[++i]);
        }
        return m;
    }
}
