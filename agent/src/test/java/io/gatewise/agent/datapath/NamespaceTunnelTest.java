package io.gatewise.agent.datapath;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.BufferedReader;
import java.io.File;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInfo;

/**
 * Two datapath processes with static keys in network namespaces of their own
 * ({@code gwdp-a}, {@code gwdp-b}), real TUN devices, UDP 4500 or raw sockets; ping and a
 * short iperf3 TCP transfer between the protected subnets.
 *
 * <pre>
 *  gwdp-a                                             gwdp-b
 *  lan0 10.91.1.1/24                                  lan0 10.91.2.1/24
 *  gwtun (route 10.91.2.0/24)                         gwtun (route 10.91.1.0/24)
 *  wan0 198.51.100.1/24 <----------- veth ----------> wan0 198.51.100.2/24
 * </pre>
 */
class NamespaceTunnelTest {
    private static final String A = "gwdp-a";
    private static final String B = "gwdp-b";
    private final List<Process> processes = new ArrayList<>();
    private Path work;

    @BeforeEach
    void setUp(TestInfo info) throws Exception {
        assumeTrue(Netns.isRoot(), "needs root for network namespaces and TUN devices");
        assumeTrue(Netns.hasTool("ip") && Netns.hasTool("iperf3") && Netns.hasTool("ping"),
                "needs iproute2, iperf3 and ping");
        assumeTrue(new File("/dev/net/tun").exists(), "needs /dev/net/tun");
        work = Path.of("target", "netns", info.getTestMethod().orElseThrow().getName()).toAbsolutePath();
        Files.createDirectories(work);
        Netns.delete(A);
        Netns.delete(B);
        for (String ns : new String[] {A, B}) {
            Netns.must("ip", "netns", "add", ns);
            Netns.must(Netns.in(ns, "ip", "link", "set", "lo", "up"));
            Netns.must(Netns.in(ns, "sysctl", "-qw", "net.ipv4.conf.all.rp_filter=0",
                    "net.ipv4.conf.default.rp_filter=0"));
        }
        Netns.must("ip", "link", "add", "wan0", "netns", A, "type", "veth", "peer", "name", "wan0", "netns", B);
        lan(A, "198.51.100.1", "10.91.1.1");
        lan(B, "198.51.100.2", "10.91.2.1");
    }

    private static void lan(String ns, String wan, String lan) throws Exception {
        Netns.must(Netns.in(ns, "ip", "addr", "add", wan + "/24", "dev", "wan0"));
        Netns.must(Netns.in(ns, "ip", "link", "set", "wan0", "up"));
        Netns.protectedLan(ns, lan);
    }

    @AfterEach
    void tearDown() throws Exception {
        Netns.stopAll(processes, 5);
        Netns.delete(A);
        Netns.delete(B);
    }

    private void startPair(String... common) throws Exception {
        start(A, "a", "local=198.51.100.1", "remote=198.51.100.2", "out=1001", "in=2001", "lnet=10.91.1.0/24",
                "rnet=10.91.2.0/24", common);
        start(B, "b", "local=198.51.100.2", "remote=198.51.100.1", "out=2001", "in=1001", "lnet=10.91.2.0/24",
                "rnet=10.91.1.0/24", common);
    }

    private void start(String ns, String name, String local, String remote, String out, String in, String lnet,
            String rnet, String... common) throws Exception {
        List<String> cmd = new ArrayList<>(List.of("ip", "netns", "exec", ns,
                Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-cp",
                System.getProperty("java.class.path"), "-Djava.io.tmpdir=" + work, "-Djna.tmpdir=" + work,
                StaticTunnelMain.class.getName(), local, remote, out, in, lnet, rnet,
                "status=" + work.resolve(name + ".status")));
        cmd.addAll(List.of(common));
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true)
                .redirectOutput(work.resolve(name + ".log").toFile()).start();
        processes.add(p);
        await().atMost(Duration.ofSeconds(20)).pollInterval(Duration.ofMillis(100)).until(() -> {
            assertThat(p.isAlive()).as("datapath %s died: %s", name, log(name)).isTrue();
            return log(name).contains("READY");
        });
    }

    private String log(String name) throws IOException {
        Path f = work.resolve(name + ".log");
        return Files.exists(f) ? Files.readString(f) : "";
    }

    private Map<String, Long> status(String name) throws IOException {
        Map<String, Long> m = new HashMap<>();
        Path f = work.resolve(name + ".status");
        if (Files.exists(f)) {
            for (String line : Files.readAllLines(f)) {
                String[] kv = line.split("=");
                m.put(kv[0], Long.parseLong(kv[1]));
            }
        }
        return m;
    }

    private void ping(String from, String src, String dst) throws Exception {
        Netns.Result r = Netns.run(20, Netns.in(A.equals(from) ? A : B, "ping", "-c", "3", "-i", "0.2", "-W", "2",
                "-I", src, dst));
        assertThat(r.exit()).as("ping %s -> %s: %s", src, dst, r.output()).isZero();
    }

    private long iperf(String serverNs, String serverIp, String clientNs, String clientIp) throws Exception {
        Process server = new ProcessBuilder(Netns.in(serverNs, "iperf3", "-s", "-1", "-B", serverIp))
                .redirectErrorStream(true).redirectOutput(work.resolve("iperf-server.log").toFile()).start();
        processes.add(server);
        await().atMost(Duration.ofSeconds(10)).pollInterval(Duration.ofMillis(100)).until(() -> Netns
                .run(5, Netns.in(serverNs, "ss", "-Htln", "sport = :5201")).output().contains("5201"));
        Netns.Result r = Netns.run(30, Netns.in(clientNs, "iperf3", "-c", serverIp, "-B", clientIp, "-t", "2", "-J"));
        assertThat(r.exit()).as("iperf3: %s", r.output()).isZero();
        Files.writeString(work.resolve("iperf.json"), r.output());
        String key = "\"sum_received\":";
        int i = r.output().indexOf(key);
        String tail = r.output().substring(i);
        String bytes = tail.substring(tail.indexOf("\"bytes\":") + 8).split("[,}]")[0].trim();
        String bps = tail.substring(tail.indexOf("\"bits_per_second\":") + 18).split("[,}]")[0].trim();
        System.out.printf("iperf3 %s: %.0f Mbit/s%n", work.getFileName(), Double.parseDouble(bps) / 1e6);
        return Long.parseLong(bytes);
    }

    private void tunnelTraffic() throws Exception {
        ping(A, "10.91.1.1", "10.91.2.1");
        ping(B, "10.91.2.1", "10.91.1.1");
        assertThat(iperf(B, "10.91.2.1", A, "10.91.1.1")).isGreaterThan(1_000_000);
        await().atMost(Duration.ofSeconds(30)).until(() -> status("b").getOrDefault("in.packets", 0L) > 1000);
        assertThat(status("b").get("in.auth")).isZero();
    }

    @Test
    void aesGcmOverUdp() throws Exception {
        startPair("enc=AES_GCM_16_128", "transport=udp");
        tunnelTraffic();
        // clean teardown: SIGTERM stops the datapath and the TUN device disappears
        Process a = processes.get(0);
        a.destroy();
        assertThat(a.waitFor(10, TimeUnit.SECONDS)).isTrue();
        assertThat(Netns.run(5, Netns.in(A, "ip", "link", "show", "gwtun")).exit()).isNotZero();
    }

    @Test
    void twoPipelinesPerDatapath() throws Exception {
        // multi-queue TUN, two SO_REUSEPORT sockets, per-SA ordering lock on send
        startPair("enc=AES_GCM_16_128", "transport=udp", "queues=2");
        tunnelTraffic();
        assertThat(status("b").get("in.replay")).as("sequence numbers left in order").isZero();
    }

    @Test
    void aesCbcHmacSha256OverUdp() throws Exception {
        startPair("enc=AES_CBC_128", "integ=HMAC_SHA2_256_128", "transport=udp");
        tunnelTraffic();
    }

    @Test
    void aesGcmOverRawEsp() throws Exception {
        startPair("enc=AES_GCM_16_256", "transport=raw");
        tunnelTraffic();
    }

    @Test
    void aesCbcHmacSha256OverRawEsp() throws Exception {
        startPair("enc=AES_CBC_256", "integ=HMAC_SHA2_256_128", "transport=raw");
        tunnelTraffic();
    }

    @Test
    void ahTunnel() throws Exception {
        startPair("proto=ah", "enc=-", "integ=HMAC_SHA2_256_128");
        tunnelTraffic();
    }

    @Test
    void transportModeHostToHost() throws Exception {
        start(A, "a", "local=198.51.100.1", "remote=198.51.100.2", "out=1001", "in=2001", "lnet=198.51.100.1/32",
                "rnet=198.51.100.2/32", "mode=transport", "transport=udp", "enc=AES_GCM_16_128", "fwmark=0x4757");
        start(B, "b", "local=198.51.100.2", "remote=198.51.100.1", "out=2001", "in=1001", "lnet=198.51.100.2/32",
                "rnet=198.51.100.1/32", "mode=transport", "transport=udp", "enc=AES_GCM_16_128", "fwmark=0x4757");
        ping(A, "198.51.100.1", "198.51.100.2");
        assertThat(iperf(B, "198.51.100.2", A, "198.51.100.1")).isGreaterThan(1_000_000);
        await().atMost(Duration.ofSeconds(30)).until(() -> status("b").getOrDefault("in.packets", 0L) > 1000);
    }

    @Test
    void forgedReplayedAndUnknownPacketsAreDroppedAndCountedWhileTrafficFlows() throws Exception {
        startPair("enc=AES_CBC_128", "integ=HMAC_SHA2_256_128", "transport=udp");
        tunnelTraffic();
        Netns.Result r = Netns.run(30, Netns.in(A, Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp", System.getProperty("java.class.path"), EspInjectorMain.class.getName(), "198.51.100.2", "1001",
                "AES_CBC_128", "HMAC_SHA2_256_128", "10.91.1.0/24", "10.91.2.0/24"));
        assertThat(r.output()).contains("INJECTED 4");
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
            Map<String, Long> s = status("b");
            assertThat(s.get("in.replay")).as("replayed and out-of-window").isEqualTo(2);
            assertThat(s.get("in.auth")).as("tampered").isEqualTo(1);
            assertThat(s.get("unknownSpi")).as("wrong SPI").isEqualTo(1);
        });
        ping(A, "10.91.1.1", "10.91.2.1");
    }


    // ---- an independent decoder: Wireshark's ESP dissector decrypts and checks our ICVs ----

    private void wiresharkCheck(String enc, String integ, String wsEnc, String wsAuth, int encKeyLength,
            int integKeyLength) throws Exception {
        assumeTrue(Netns.hasTool("tshark"), "needs tshark");
        startPair("enc=" + enc, "integ=" + integ, "transport=udp");
        ping(A, "10.91.1.1", "10.91.2.1"); // warm up
        Path pcap = work.resolve("esp.pcapng");
        Process capture = new ProcessBuilder(Netns.in(B, "tshark", "-q", "-i", "wan0", "-f", "udp port 4500", "-c",
                "10", "-a", "duration:20", "-w", pcap.toString())).redirectErrorStream(true)
                .redirectOutput(work.resolve("tshark.log").toFile()).start();
        processes.add(capture);
        await().atMost(Duration.ofSeconds(15)).pollInterval(Duration.ofMillis(100))
                .until(() -> Files.exists(work.resolve("tshark.log"))
                        && Files.readString(work.resolve("tshark.log")).contains("Capturing on"));
        ping(A, "10.91.1.1", "10.91.2.1");
        ping(A, "10.91.1.1", "10.91.2.1");
        assertThat(capture.waitFor(25, TimeUnit.SECONDS)).isTrue();
        List<String> sas = new ArrayList<>();
        for (int spi : new int[] {0x1001, 0x2001}) {
            String encKey = hex(StaticSas.key(encKeyLength, spi, 1));
            String authKey = integKeyLength == 0 ? "" : hex(StaticSas.key(integKeyLength, spi, 2));
            sas.add(String.format("uat:esp_sa:\"IPv4\",\"*\",\"*\",\"0x%08x\",\"%s\",\"0x%s\",\"%s\",\"%s\"",
                    spi, wsEnc, encKey, wsAuth, authKey.isEmpty() ? "" : "0x" + authKey));
        }
        List<String> cmd = new ArrayList<>(List.of("tshark", "-r", pcap.toString(), "-o",
                "esp.enable_encryption_decode:TRUE", "-o", "esp.enable_authentication_check:TRUE"));
        for (String sa : sas) {
            cmd.add("-o");
            cmd.add(sa);
        }
        cmd.addAll(List.of("-T", "fields", "-E", "separator=,", "-e", "esp.spi", "-e", "esp.icv_good", "-e",
                "icmp.type", "-e", "ip.src"));
        String out = Netns.must(cmd.toArray(new String[0]));
        Files.writeString(work.resolve("decoded.txt"), out);
        List<String> lines = out.lines().filter(l -> l.startsWith("0x")).toList();
        assertThat(lines).hasSize(10);
        for (String line : lines) {
            // every packet decrypts to ICMP echo (8) or reply (0) between the protected subnets
            assertThat(line).as("decoded: %s", out).matches("0x0000[12]001,(True|1)?,(8|0),198\\.51\\.100\\.[12],10\\.91\\.[12]\\.1");
        }
    }

    private static String hex(byte[] b) {
        return java.util.HexFormat.of().formatHex(b);
    }

    @Test
    void wiresharkDecryptsAesCbcHmacSha256() throws Exception {
        wiresharkCheck("AES_CBC_128", "HMAC_SHA2_256_128", "AES-CBC [RFC3602]", "HMAC-SHA-256-128 [RFC4868]", 16, 32);
    }

    @Test
    void wiresharkDecryptsAes256CbcHmacSha1() throws Exception {
        wiresharkCheck("AES_CBC_256", "HMAC_SHA1_96", "AES-CBC [RFC3602]", "HMAC-SHA-1-96 [RFC2404]", 32, 20);
    }

    @Test
    void wiresharkDecryptsAesGcm() throws Exception {
        wiresharkCheck("AES_GCM_16_128", "-", "AES-GCM with 16 octet ICV [RFC4106]", "NULL", 20, 0);
    }

    @SuppressWarnings("unused")
    private static String read(Process p) throws IOException {
        try (BufferedReader r = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8))) {
            return r.lines().reduce("", (x, y) -> x + y + "\n");
        }
    }
}
