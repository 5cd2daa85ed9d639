package io.gatewise.agent.datapath;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.gatewise.agent.gateway.RouteInterface;
import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Route-based hub and spokes with three real agents ({@code run --config FILE}) in
 * namespaces of their own: the hub runs one route-based tunnel per spoke, each on its own
 * TUN device ({@link RouteInterface}), with 0.0.0.0/0 selectors on every tunnel.
 *
 * <pre>
 *   rb-s1  lan0 10.81.0.1/24          rb-hub  lan0 10.80.0.1/24          rb-s2  lan0 10.82.0.1/24
 *          tunnel hub:                        tunnel spoke1 -> gwr(spoke1)        tunnel hub:
 *            10.80/24, 10.82/24                 route 10.81.0.0/24                  10.80/24, 10.81/24
 *                                             tunnel spoke2 -> gwr(spoke2)
 *                                               route 10.82.0.0/24
 *          wan0 198.51.100.2 ─── veth ─── br0 198.51.100.1 (forwarding) ─── veth ─── wan0 198.51.100.3
 * </pre>
 *
 * Each spoke pings the hub's subnet and the other spoke's (through the hub: in on one
 * tunnel interface, forwarded by the hub's kernel, out on the other); then, while spoke1
 * pings the hub for 30 s, the hub's config drops spoke2 (its interface and route go,
 * spoke2 no longer gets through) and adds it back (a new interface, spoke2 negotiates
 * again on traffic): spoke1 loses no ping and its interface is never touched. Needs root, iproute2, ping and /dev/net/tun, else skipped.
 */
class RouteBasedHubNamespaceTest {
    private static final String HUB = "rb-hub";
    private static final String S1 = "rb-s1";
    private static final String S2 = "rb-s2";
    private static final Pattern CHILD = Pattern.compile("CHILD SA \\S+ with (\\S+) installed");
    private static final Pattern SUMMARY = Pattern.compile("(\\d+) packets transmitted, (\\d+) received");
    private final List<Process> processes = new ArrayList<>();
    private Path work;

    @BeforeEach
    void setUp() throws Exception {
        boolean root = Netns.isRoot();
        boolean tools = Netns.hasTool("ip") && Netns.hasTool("ping");
        boolean tun = new File("/dev/net/tun").exists();
        if (!root || !tools || !tun) {
            System.out.println("RouteBasedHubNamespaceTest skipped: needs root, iproute2, ping and /dev/net/tun");
        }
        assumeTrue(root, "needs root for network namespaces and TUN devices");
        assumeTrue(tools, "needs iproute2 and ping");
        assumeTrue(tun, "needs /dev/net/tun");
        work = Path.of("target", "netns", "route-based-hub").toAbsolutePath();
        Files.createDirectories(work);
        deleteNamespaces();
        for (String ns : new String[] {HUB, S1, S2}) {
            Netns.must("ip", "netns", "add", ns);
            Netns.must(Netns.in(ns, "ip", "link", "set", "lo", "up"));
            Netns.must(Netns.in(ns, "sysctl", "-qw", "net.ipv4.conf.all.rp_filter=0",
                    "net.ipv4.conf.default.rp_filter=0"));
        }
        Netns.must(Netns.in(HUB, "sysctl", "-qw", "net.ipv4.ip_forward=1"));
        Netns.must(Netns.in(HUB, "ip", "link", "add", "br0", "type", "bridge"));
        Netns.must(Netns.in(HUB, "ip", "addr", "add", "198.51.100.1/24", "dev", "br0"));
        Netns.must(Netns.in(HUB, "ip", "link", "set", "br0", "up"));
        spoke(S1, "wan1", "198.51.100.2");
        spoke(S2, "wan2", "198.51.100.3");
        Netns.protectedLan(HUB, "10.80.0.1");
        Netns.protectedLan(S1, "10.81.0.1");
        Netns.protectedLan(S2, "10.82.0.1");
    }

    private static void spoke(String ns, String hubSide, String wan) throws Exception {
        Netns.must("ip", "link", "add", "wan0", "netns", ns, "type", "veth", "peer", "name", hubSide, "netns", HUB);
        Netns.must(Netns.in(HUB, "ip", "link", "set", hubSide, "master", "br0", "up"));
        Netns.must(Netns.in(ns, "ip", "addr", "add", wan + "/24", "dev", "wan0"));
        Netns.must(Netns.in(ns, "ip", "link", "set", "wan0", "up"));
    }

    @AfterEach
    void tearDown() throws Exception {
        Netns.stopAll(processes, 20);
        deleteNamespaces(); // the TUN devices go with the agents and their namespaces
    }

    private static void deleteNamespaces() {
        Netns.delete(HUB);
        Netns.delete(S1);
        Netns.delete(S2);
    }

    @Test
    void eachSpokeReachesTheHubAndTheOtherSpokeAndRemovingOneTunnelLeavesTheOtherLossless() throws Exception {
        String both = config("198.51.100.1", "START_ACTION_RESPOND",
                routed("spoke1", "198.51.100.2", "10.81.0.0/24"), routed("spoke2", "198.51.100.3", "10.82.0.0/24"));
        Path hubConfig = write("hub.json", both);
        agent(HUB, "hub", hubConfig);
        agent(S1, "s1", write("s1.json", config("198.51.100.2", "START_ACTION_START",
                routed("hub", "198.51.100.1", "10.80.0.0/24\", \"10.82.0.0/24"))));
        agent(S2, "s2", write("s2.json", config("198.51.100.3", "START_ACTION_START",
                routed("hub", "198.51.100.1", "10.80.0.0/24\", \"10.81.0.0/24"))));
        await("both spokes' CHILD SAs at the hub").atMost(Duration.ofSeconds(90)).pollInterval(Duration.ofMillis(300))
                .untilAsserted(() -> assertThat(installedPeers(log("hub"))).as(diagnostics())
                        .contains("spoke1", "spoke2"));

        RouteInterface if1 = RouteInterface.forTunnel("spoke1");
        RouteInterface if2 = RouteInterface.forTunnel("spoke2");
        String links = Netns.must(Netns.in(HUB, "ip", "-o", "link", "show"));
        assertThat(links).contains(if1.name() + ":", if2.name() + ":", "gw0:");
        assertThat(Netns.must(Netns.in(HUB, "ip", "-o", "link", "show", "dev", if1.name())))
                .contains("mtu " + DatapathConfig.defaults().tunMtu());
        assertThat(Netns.must(Netns.in(HUB, "ip", "route", "show", "dev", if1.name()))).contains("10.81.0.0/24");
        assertThat(Netns.must(Netns.in(HUB, "ip", "route", "show", "dev", if2.name()))).contains("10.82.0.0/24");

        ping(S1, "10.81.0.1", "10.80.0.1");
        ping(S2, "10.82.0.1", "10.80.0.1");
        // spoke to spoke: in on the hub's spoke1 interface, forwarded, out on its spoke2 interface
        ping(S1, "10.81.0.1", "10.82.0.1");
        ping(S2, "10.82.0.1", "10.81.0.1");
        assertThat(tunCounter(HUB, if1.name(), "rx_packets")).isPositive();
        assertThat(tunCounter(HUB, if2.name(), "rx_packets")).isPositive();
        assertThat(tunCounter(HUB, "gw0", "rx_packets")).as("the shared TUN device carries none of it").isZero();

        // spoke1 pings the hub for 30 s; meanwhile the hub's config drops spoke2, then adds it again
        int count = 300;
        Path pingOut = work.resolve("ping-s1.txt");
        Process ping = new ProcessBuilder(Netns.in(S1, "ping", "-n", "-c", Integer.toString(count), "-i", "0.1",
                "-W", "2", "-I", "10.81.0.1", "10.80.0.1")).redirectErrorStream(true)
                .redirectOutput(pingOut.toFile()).start();
        processes.add(ping);
        await().atMost(Duration.ofSeconds(20)).until(() -> read(pingOut).contains("icmp_seq=10 "));
        write("hub.json", config("198.51.100.1", "START_ACTION_RESPOND",
                routed("spoke1", "198.51.100.2", "10.81.0.0/24")));
        await("spoke2's interface removed").atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(200))
                .untilAsserted(() -> assertThat(log("hub")).contains("tunnel interface " + if2.name() + " removed"));
        assertThat(Netns.run(10, Netns.in(HUB, "ip", "link", "show", "dev", if2.name())).exit()).isNotZero();
        assertThat(Netns.must(Netns.in(HUB, "ip", "route", "show"))).doesNotContain("10.82.0.0/24")
                .contains("10.81.0.0/24 dev " + if1.name());
        // spoke2 no longer reaches the hub
        assertThat(Netns.run(15, Netns.in(S2, "ping", "-n", "-c", "2", "-W", "1", "-I", "10.82.0.1", "10.80.0.1"))
                .exit()).isNotZero();

        write("hub.json", both);
        await("spoke2's interface added again").atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(200))
                .untilAsserted(() -> assertThat(occurrences(log("hub"), "tunnel interface " + if2.name() + " added"))
                        .isEqualTo(2));
        // the claim is about the two changes; spoke2's renegotiation below may outlast the ping
        assertThat(ping.isAlive()).as("both changes happened while spoke1 was pinging").isTrue();
        // spoke2's traffic finds no SA and negotiates again (its trap policy)
        ping(S2, "10.82.0.1", "10.80.0.1");

        await().atMost(Duration.ofSeconds(60)).until(() -> !ping.isAlive());
        Matcher m = SUMMARY.matcher(read(pingOut));
        assertThat(m.find()).as(read(pingOut)).isTrue();
        assertThat(Integer.parseInt(m.group(1))).isEqualTo(count);
        assertThat(Integer.parseInt(m.group(2))).as("replies through the untouched tunnel\n%s", read(pingOut))
                .isEqualTo(count);
        assertThat(log("hub")).doesNotContain("tunnel spoke1 changed", "tunnel spoke1 removed");
        assertThat(occurrences(log("hub"), "tunnel interface " + if1.name() + " added")).isEqualTo(1);
    }

    private static int occurrences(String text, String what) {
        int n = 0;
        for (int i = text.indexOf(what); i >= 0; i = text.indexOf(what, i + 1)) {
            n++;
        }
        return n;
    }

    private void ping(String ns, String from, String to) {
        await(from + " -> " + to).atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(500))
                .untilAsserted(() -> {
                    Netns.Result r = Netns.run(20, Netns.in(ns, "ping", "-n", "-c", "3", "-i", "0.2", "-W", "2", "-I",
                            from, to));
                    assertThat(r.exit()).as("ping %s -> %s\n%s\n%s", from, to, r.output(), diagnostics()).isZero();
                });
    }

    private static long tunCounter(String ns, String dev, String name) throws Exception {
        String out = Netns.must(Netns.in(ns, "cat", "/sys/class/net/" + dev + "/statistics/" + name)).strip();
        return Long.parseLong(out);
    }

    private static List<String> installedPeers(String log) {
        List<String> out = new ArrayList<>();
        Matcher m = CHILD.matcher(log);
        while (m.find()) {
            out.add(m.group(1));
        }
        return out;
    }

    private static String config(String local, String start, String... tunnels) {
        return ("{\"gatewayName\": \"rb\", \"localAddress\": \"%s\", \"tunnels\": [" + String.join(",", tunnels)
                + "]}").formatted(local).replace("START_ACTION", start);
    }

    /** A route-based tunnel (0/0 selectors); its start action is filled in by {@link #config}. */
    private static String routed(String name, String remote, String routes) {
        return """
                {"name": "%s", "remoteAddress": "%s", "ike": {"proposals": ["aes128-sha256-modp2048"]},
                 "ipsec": {"proposals": ["aes128gcm16-modp2048"]}, "vpnType": "VPN_TYPE_ROUTE_BASED",
                 "routes": ["%s"], "startAction": "START_ACTION",
                 "children": [{"name": "any", "localSelectors": ["0.0.0.0/0"], "remoteSelectors": ["0.0.0.0/0"]}],
                 "auth": {"method": "AUTH_METHOD_PSK", "preSharedKey": "route-based-hub-test"}}
                """.formatted(name, remote, routes);
    }

    private Path write(String name, String text) throws IOException {
        Path p = work.resolve(name);
        Path tmp = work.resolve(name + ".tmp");
        Files.writeString(tmp, text, StandardCharsets.UTF_8);
        Files.move(tmp, p, java.nio.file.StandardCopyOption.REPLACE_EXISTING,
                java.nio.file.StandardCopyOption.ATOMIC_MOVE);
        return p;
    }

    private void agent(String ns, String name, Path config) throws Exception {
        String cp = System.getProperty("surefire.test.class.path", System.getProperty("java.class.path"));
        Process p = new ProcessBuilder(Netns.in(ns, Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp", cp, "-Djava.io.tmpdir=" + work, "-Djna.tmpdir=" + work, "io.gatewise.agent.cli.AgentMain",
                "run", "--config", config.toString(), "--tun", "gw0")).redirectErrorStream(true)
                .redirectOutput(work.resolve(name + ".log").toFile()).redirectInput(new File("/dev/null")).start();
        processes.add(p);
        await(name + " listens on UDP 500").atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(200))
                .untilAsserted(() -> {
                    assertThat(p.isAlive()).as("agent %s died:\n%s", name, log(name)).isTrue();
                    assertThat(Netns.run(10, Netns.in(ns, "ss", "-Hlun", "sport = :500")).output()).isNotBlank();
                });
    }

    private String log(String name) throws IOException {
        return read(work.resolve(name + ".log"));
    }

    private static String read(Path f) throws IOException {
        return Files.exists(f) ? Files.readString(f) : "";
    }

    private String diagnostics() throws IOException {
        return "--- hub:\n" + log("hub") + "\n--- s1:\n" + log("s1") + "\n--- s2:\n" + log("s2");
    }
}
