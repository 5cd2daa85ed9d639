package io.gatewise.agent.datapath;

import io.gatewise.agent.ipsec.EncryptionAlgorithm;
import io.gatewise.agent.ipsec.IntegrityAlgorithm;
import io.gatewise.agent.ipsec.IpsecProtocol;
import io.gatewise.agent.ipsec.SaCounters;
import io.gatewise.agent.ipsec.SaId;
import io.gatewise.agent.ipsec.SaSpec;
import io.gatewise.agent.net.NetworkConfigurator;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.CountDownLatch;

/**
 * A datapath with static keys for namespace tests and benchmarks, run inside a network
 * namespace: {@code ip netns exec gwdp-a java -cp ... StaticTunnelMain key=value ...}.
 * Installs the SAs and the policy through {@link io.gatewise.agent.ipsec.IpsecBackend}
 * like IKE would, prints "READY" and writes its counters to {@code status=} every
 * 200 ms until SIGTERM.
 *
 * <p>Keys: local, remote (outer IPv4), out, in (SPIs, hex), lnet, rnet (CIDRs),
 * proto (esp|ah), mode (tunnel|transport), transport (udp|raw), enc, integ (enum names or
 * -), tun, queues, outerMtu, tunMtu, status, fwmark.
 */
public final class StaticTunnelMain {
    private StaticTunnelMain() {
    }

    public static void main(String[] args) throws Exception {
        Map<String, String> a = new HashMap<>();
        for (String arg : args) {
            int eq = arg.indexOf('=');
            a.put(arg.substring(0, eq), arg.substring(eq + 1));
        }
        IpsecProtocol proto = a.getOrDefault("proto", "esp").equals("ah") ? IpsecProtocol.AH : IpsecProtocol.ESP;
        boolean tunnel = a.getOrDefault("mode", "tunnel").equals("tunnel");
        boolean udp = proto == IpsecProtocol.ESP && a.getOrDefault("transport", "udp").equals("udp");
        String enc = a.getOrDefault("enc", "AES_GCM_16_128");
        String integ = a.getOrDefault("integ", "-");
        StaticSas.Side side = new StaticSas.Side(a.get("local"), a.get("remote"),
                (int) Long.parseLong(a.get("out"), 16), (int) Long.parseLong(a.get("in"), 16), a.get("lnet"),
                a.get("rnet"), proto, tunnel ? SaSpec.Mode.TUNNEL : SaSpec.Mode.TRANSPORT, udp,
                enc.equals("-") ? null : EncryptionAlgorithm.valueOf(enc),
                integ.equals("-") ? null : IntegrityAlgorithm.valueOf(integ));
        int queues = Integer.parseInt(a.getOrDefault("queues", "1"));
        int fwmark = Integer.decode(a.getOrDefault("fwmark", "0"));
        int outerMtu = Integer.parseInt(a.getOrDefault("outerMtu", "1500"));
        int tunMtu = Integer.parseInt(a.getOrDefault("tunMtu", "1400"));
        String tunName = a.getOrDefault("tun", "gwtun");

        DatapathConfig config = new DatapathConfig(queues, outerMtu, tunMtu, true, false);
        UserspaceIpsecBackend backend = UserspaceIpsecBackend.openLinux(config, tunName,
                StaticSas.ip(side.localOuter()), proto == IpsecProtocol.ESP && !udp, proto == IpsecProtocol.AH, fwmark);
        NetworkConfigurator net = new NetworkConfigurator();
        if (tunnel) {
            net.addRoute(side.remoteNet(), backend.tunName());
        } else {
            // Transport mode: the peer's own address is routed into the TUN for
            // everything but our marked ESP sockets.
            net.run("route", "replace", side.remoteOuter() + "/32", "dev", backend.tunName(), "src",
                    side.localOuter(), "table", "4757");
            net.addFwmarkBypassRule(fwmark, 4757, 100);
        }
        StaticSas.install(backend, side);
        backend.start();

        CountDownLatch stop = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            stop.countDown();
            backend.close();
            if (!tunnel) {
                try {
                    net.deleteFwmarkBypassRule(fwmark, 4757, 100);
                } catch (IOException e) {
                    // the namespace goes away with the test anyway
                }
            }
        }));
        SaId in = new SaId(side.inSpi(), proto, StaticSas.ip(side.localOuter()));
        SaId out = new SaId(side.outSpi(), proto, StaticSas.ip(side.remoteOuter()));
        Path status = a.containsKey("status") ? Path.of(a.get("status")) : null;
        System.out.println("READY " + backend.tunName());
        System.out.flush();
        while (!stop.await(200, java.util.concurrent.TimeUnit.MILLISECONDS)) {
            if (status != null) {
                SaCounters i = backend.querySa(in).orElseThrow();
                SaCounters o = backend.querySa(out).orElseThrow();
                String s = "in.packets=" + i.packets() + "\nin.replay=" + i.replayDrops() + "\nin.auth="
                        + i.authFailures() + "\nin.other=" + i.otherDrops() + "\nout.packets=" + o.packets()
                        + "\nunknownSpi=" + backend.counters().unknownSpi + "\nmalformed="
                        + backend.counters().malformed + "\n";
                Path tmp = status.resolveSibling(status.getFileName() + ".tmp");
                Files.writeString(tmp, s);
                Files.move(tmp, status, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
            }
        }
    }

    static int ipv4(String s) {
        byte[] b = StaticSas.ip(s).getAddress();
        return ((b[0] & 0xff) << 24) | ((b[1] & 0xff) << 16) | ((b[2] & 0xff) << 8) | (b[3] & 0xff);
    }
}
