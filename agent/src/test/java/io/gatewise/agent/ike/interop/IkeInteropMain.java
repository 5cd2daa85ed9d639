package io.gatewise.agent.ike.interop;

import io.gatewise.agent.ike.auth.CredentialException;
import io.gatewise.agent.ike.auth.LocalCredentials;
import io.gatewise.agent.ike.auth.PeerCertificateValidator;
import io.gatewise.agent.ike.config.CertificateAuth;
import io.gatewise.agent.ike.config.Phase1Mode;

import java.io.IOException;
import java.io.PrintWriter;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;

import io.gatewise.agent.crypto.RandomSource;
import io.gatewise.agent.ike.IkeService;
import io.gatewise.agent.ike.RecordingIpsecBackend;
import io.gatewise.agent.ike.config.ChildConfig;
import io.gatewise.agent.ike.config.EngineSettings;
import io.gatewise.agent.ike.config.Identity;
import io.gatewise.agent.ike.config.PeerConfig;
import io.gatewise.agent.ike.config.PreSharedKey;
import io.gatewise.agent.ike.proposal.ProposalParser;
import io.gatewise.agent.ike.transport.UdpIkeTransport;
import io.gatewise.agent.ike.v1.TrafficSelectors;

/**
 * A minimal agent for the strongSwan interop tests: the IKE engine with a static peer, a
 * real UDP 500/4500 transport and a recording datapath. Started inside network namespace
 * {@code right} by {@link StrongSwanInteropTest}; each engine event becomes one line of
 * the events file, so the test can compare SPIs with charon's.
 *
 * <pre>
 * IkeInteropMain --local 192.0.2.2 --remote 192.0.2.1 --psk SECRET --ike aes128-sha1-modp2048
 *     --esp aes128-sha1-modp2048 --local-ts 10.2.0.0/24 --remote-ts 10.1.0.0/24
 *     [--local-id ID] [--remote-id ID] [--initiate] [--mode aggressive] [--ike-lifetime SECONDS]
 *     [--cert CERT.pem --key KEY.pem --ca CA.pem] --events FILE
 * </pre>
 * The PSK may also come from the environment variable GATEWISE_PSK (kept off the command line).
 */
public final class IkeInteropMain {
    private IkeInteropMain() {
    }

    public static void main(String[] args) throws IOException, InterruptedException, CredentialException {
        Map<String, String> a = parse(args);
        InetAddress local = InetAddress.getByName(a.get("local"));
        InetAddress remote = InetAddress.getByName(a.get("remote"));
        String psk = a.getOrDefault("psk", System.getenv("GATEWISE_PSK"));
        ChildConfig child = ChildConfig.tunnel("net", subnet(a.get("local-ts")), subnet(a.get("remote-ts")),
                ProposalParser.parseEsp(a.get("esp")));
        PeerConfig peer = PeerConfig.simple("left", local, remote, PreSharedKey.ofUtf8(psk),
                ProposalParser.parseIke(a.get("ike")), List.of(child));
        if (a.containsKey("local-id") || a.containsKey("remote-id")) {
            peer = peer.withIdentities(Identity.parse(a.getOrDefault("local-id", local.getHostAddress())),
                    Identity.parse(a.getOrDefault("remote-id", remote.getHostAddress())));
        }
        if ("aggressive".equals(a.get("mode"))) {
            peer = peer.withMode(Phase1Mode.AGGRESSIVE);
        }
        if (a.containsKey("ike-lifetime")) {
            PeerConfig p = peer;
            peer = new PeerConfig(p.name(), p.localAddress(), p.remoteAddress(), p.remotePrefixLength(), p.localId(),
                    p.remoteId(), p.psk(), p.proposals(), Long.parseLong(a.get("ike-lifetime")),
                    p.forceEncapsulation(), p.sendInitialContact(), p.children(), p.mode(), p.certificates());
        }
        if (a.containsKey("cert")) {
            LocalCredentials own = LocalCredentials.load(Path.of(a.get("cert")), Path.of(a.get("key")), null);
            PeerCertificateValidator validator = PeerCertificateValidator.builder()
                    .trustAnchorsPem(Files.readString(Path.of(a.get("ca")), StandardCharsets.US_ASCII)).build();
            peer = peer.withCertificates(CertificateAuth.of(own, validator));
        }
        Path events = Path.of(a.get("events"));
        PrintWriter out = new PrintWriter(Files.newBufferedWriter(events, StandardCharsets.UTF_8,
                StandardOpenOption.CREATE, StandardOpenOption.TRUNCATE_EXISTING, StandardOpenOption.WRITE), true);
        EngineSettings settings = EngineSettings.DEFAULT.withRetransmits(
                Long.parseLong(a.getOrDefault("retransmit-ms", "2000")), 1.8, 4);
        UdpIkeTransport transport = new UdpIkeTransport(List.of(local), null);
        IkeService service = new IkeService(settings, RandomSource.secure(), new RecordingIpsecBackend(System.nanoTime()),
                transport, e -> {
                    synchronized (out) {
                        out.println(e);
                    }
                });
        service.addPeer(peer);
        service.start();
        if (a.containsKey("initiate")) {
            service.initiate("left", null);
        }
        CountDownLatch stop = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            service.close();
            out.close();
            stop.countDown();
        }));
        stop.await();
    }

    private static io.gatewise.agent.ipsec.TrafficSelector subnet(String cidr) throws IOException {
        String[] p = cidr.split("/");
        return TrafficSelectors.subnet(InetAddress.getByName(p[0]), Integer.parseInt(p[1]));
    }

    private static Map<String, String> parse(String[] args) {
        Map<String, String> m = new HashMap<>();
        for (int i = 0; i < args.length; i++) {
            if (!args[i].startsWith("--")) {
                throw new IllegalArgumentException("unexpected argument " + args[i]);
            }
            String key = args[i].substring(2);
            if (i + 1 < args.length && !args[i + 1].startsWith("--")) {
                m.put(key, args[++i]);
            } else {
                m.put(key, "");
            }
        }
        return m;
    }
}
