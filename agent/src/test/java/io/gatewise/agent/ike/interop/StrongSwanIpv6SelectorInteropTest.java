package io.gatewise.agent.ike.interop;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.gatewise.agent.control.StandaloneConfig;
import io.gatewise.proto.v1.AuthMethod;
import io.gatewise.proto.v1.Authentication;
import io.gatewise.proto.v1.ChildSa;
import io.gatewise.proto.v1.EncapsulationMode;
import io.gatewise.proto.v1.GatewayConfig;
import io.gatewise.proto.v1.Identity;
import io.gatewise.proto.v1.IdentityType;
import io.gatewise.proto.v1.IkeMode;
import io.gatewise.proto.v1.IkeSettings;
import io.gatewise.proto.v1.IpsecProtocol;
import io.gatewise.proto.v1.IpsecSettings;
import io.gatewise.proto.v1.StartAction;
import io.gatewise.proto.v1.Tunnel;
import io.gatewise.proto.v1.VpnType;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * IPv6 traffic selectors against strongSwan, over the harness's IPv4 outer path (192.0.2.1
 * ↔ 192.0.2.2): the protected subnets are the documentation prefixes 2001:db8:1::/64 (left,
 * charon) and 2001:db8:2::/64 (right, the whole agent: {@code run --config}, TUN gw0,
 * userspace ESP). The test adds 2001:db8:1::1 and 2001:db8:2::1 to the namespaces'
 * {@code lan0}, next to the IPv4 protected subnets, and the namespaces go away at the end,
 * also on failure. Quick Mode carries ID_IPV6_ADDR_SUBNET client IDs (RFC 2407 section
 * 4.6.2.6); ESP in UDP 4500 carries the inner IPv6 packets with Next Header 41.
 *
 * <p>Each case shows charon's CHILD SA INSTALLED with the IPv6 selectors and the agent's
 * SPIs, and ping6 between the protected hosts through the tunnel; one mixed case runs an
 * IPv4 and an IPv6 child under one ISAKMP SA; one mismatch case has charon propose an IPv6
 * subnet the agent does not protect, refused with INVALID-ID-INFORMATION.
 */
@Tag("interop")
class StrongSwanIpv6SelectorInteropTest {
    static final String LEFT_V6 = "2001:db8:1::1";
    static final String RIGHT_V6 = "2001:db8:2::1";
    static final String LEFT_NET = "2001:db8:1::/64";
    static final String RIGHT_NET = "2001:db8:2::/64";
    static final String IKE = "aes128-sha1-modp2048";
    static final String ESP = "aes128-sha1-modp2048";
    static final Pattern CHILD = Pattern.compile(
            "CHILD SA (\\S+) with v6 installed: in ([0-9a-f]{8}), out ([0-9a-f]{8}), [^,]+, [^,]+, (\\S+) <-> (\\S+),");

    @BeforeAll
    static void requirements() {
        Optional<String> why = InteropHarness.unavailable().or(() -> java.nio.file.Files.isDirectory(
                java.nio.file.Path.of("/proc/sys/net/ipv6")) ? Optional.empty()
                        : Optional.of("the kernel runs without IPv6 (ipv6.disable=1)"));
        why.ifPresent(r -> System.out.println("StrongSwanIpv6SelectorInteropTest skipped: " + r));
        Assumptions.assumeTrue(why.isEmpty(), why.orElse(""));
    }

    @ParameterizedTest(name = "{0} initiates")
    @ValueSource(strings = {"charon", "agent"})
    void ipv6SubnetsThroughTheTunnel(String initiator) throws Exception {
        boolean agentStarts = initiator.equals("agent");
        try (InteropRun run = new InteropRun("ipv6ts-" + initiator)) {
            try {
                addProtectedV6Hosts();
                startCharon(run, charonConfig(false, RIGHT_NET));
                Path config = writeAgentConfig(run, agentStarts, false);
                run.startGateway("right", "192.0.2.2", config);
                if (!agentStarts) {
                    // UDP 500 is bound before the config is applied: wait for the tunnel to exist
                    await("the agent applied its config").atMost(Duration.ofSeconds(30))
                            .pollInterval(Duration.ofMillis(200)).until(() -> InteropRun.read(run.log("right"))
                                    .contains("tunnel v6 added"));
                    assertThat(InteropHarness.swanctl("left", "--initiate", "--ike", "gw", "--child", "net6",
                            "--timeout", "30")).as(diagnostics(run)).contains("initiate completed successfully");
                }
                Map<String, ChildView> children = awaitInstalled(run, 1);
                ChildView child = children.get("net6");
                assertThat(child).as(diagnostics(run)).isNotNull();
                assertThat(child.localTs()).isEqualTo(LEFT_NET);
                assertThat(child.remoteTs()).isEqualTo(RIGHT_NET);
                assertAgentReportsTheSameSpis(run, "net6", child, RIGHT_NET, LEFT_NET);

                assertPing6Works(run);
                ChildView after = charonChildren().get("net6");
                assertThat(after.bytesIn()).as("charon's CHILD SA received ESP").isPositive();
                assertThat(after.bytesOut()).as("charon's CHILD SA sent ESP").isPositive();
                run.assertCaptureDissectsCleanly(true);
                assertDecryptedEspCarriesIpv6(run, child);
            } finally {
                removeProtectedV6Hosts();
            }
        }
    }

    /** One IPv4 and one IPv6 child under one ISAKMP SA; both carry traffic. */
    @Test
    void ipv4AndIpv6ChildrenUnderOneIsakmpSa() throws Exception {
        try (InteropRun run = new InteropRun("ipv6ts-mixed")) {
            try {
                addProtectedV6Hosts();
                startCharon(run, charonConfig(true, RIGHT_NET));
                Path config = writeAgentConfig(run, true, true);
                run.startGateway("right", "192.0.2.2", config);
                Map<String, ChildView> children = awaitInstalled(run, 2);
                assertThat(children.get("net4").localTs()).isEqualTo("10.1.0.0/24");
                assertThat(children.get("net6").localTs()).isEqualTo(LEFT_NET);
                assertThat(children.get("net4").ikeSpi()).as("one ISAKMP SA")
                        .isEqualTo(children.get("net6").ikeSpi());
                assertThat(InteropHarness.swanctl("left", "--list-sas").lines()
                        .filter(l -> l.contains("ESTABLISHED")).count()).as("one ISAKMP SA").isEqualTo(1);
                assertAgentReportsTheSameSpis(run, "net6", children.get("net6"), RIGHT_NET, LEFT_NET);
                assertAgentReportsTheSameSpis(run, "net4", children.get("net4"), "10.2.0.0/24", "10.1.0.0/24");
                assertPing6Works(run);
                await("ping 10.1.0.1 -> 10.2.0.1").atMost(Duration.ofSeconds(30)).untilAsserted(() ->
                        assertThat(InteropHarness.exec(List.of("ip", "netns", "exec", "left", "ping", "-n", "-c", "1",
                                "-W", "2", "-I", "10.1.0.1", "10.2.0.1"), 10).rc()).isZero());
                run.assertCaptureDissectsCleanly(true);
                assertDecryptedEspCarriesIpv6(run, children.get("net6"));
                // the IPv4 child's ESP from the agent carries IPv4 (Next Header 4)
                assertThat(decryptedEsp(run)).anySatisfy(l -> assertThat(l)
                        .startsWith("0x" + children.get("net4").spiIn() + "\t0x04\t"));
            } finally {
                removeProtectedV6Hosts();
            }
        }
    }

    /** charon proposes 2001:db8:3::/64 as the agent's side; the agent protects 2001:db8:2::/64 only. */
    @Test
    void anIpv6SubnetTheAgentDoesNotProtectIsRefusedWithInvalidIdInformation() throws Exception {
        try (InteropRun run = new InteropRun("ipv6ts-mismatch")) {
            try {
                addProtectedV6Hosts();
                startCharon(run, charonConfig(false, "2001:db8:3::/64"));
                InteropRun.Agent agent = new InteropRun.Agent("right", "192.0.2.2", "192.0.2.1", RIGHT_NET, LEFT_NET,
                        IKE, ESP, false, null, null);
                run.startAgent(agent);
                String out = InteropHarness.swanctl("left", "--initiate", "--ike", "gw", "--child", "net6",
                        "--timeout", "20");
                assertThat(out).doesNotContain("initiate completed successfully");
                await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> assertThat(run.events(agent))
                        .contains("ChildSaFailed").contains("notifyType=INVALID-ID-INFORMATION")
                        .contains("reason=peer proposed 2001:db8:1::/64 <-> 2001:db8:3::/64; configured: "
                                + "2001:db8:1::/64 <-> 2001:db8:2::/64 (narrowing is not supported)"));
                assertThat(run.charonLog()).contains("received INVALID_ID_INFORMATION error notify");
                assertThat(InteropHarness.swanctl("left", "--list-sas")).contains("ESTABLISHED");
                run.assertCaptureDissectsCleanly(true);
            } finally {
                removeProtectedV6Hosts();
            }
        }
    }

    // --- namespaces -----------------------------------------------------------------

    /**
     * The IPv6 protected hosts, on lan0 where the IPv4 protected subnets live. nodad: the
     * address is usable at once instead of after duplicate address detection.
     */
    private static void addProtectedV6Hosts() {
        for (String ns : List.of("left", "right")) {
            run("ip", "netns", "exec", ns, "sysctl", "-qw", "net.ipv6.conf.all.disable_ipv6=0",
                    "net.ipv6.conf.default.disable_ipv6=0", "net.ipv6.conf.lan0.disable_ipv6=0");
        }
        run("ip", "-n", "left", "addr", "add", LEFT_V6 + "/64", "dev", "lan0", "nodad");
        run("ip", "-n", "right", "addr", "add", RIGHT_V6 + "/64", "dev", "lan0", "nodad");
    }

    /** Removes them again (the namespaces are deleted afterwards anyway). */
    private static void removeProtectedV6Hosts() {
        InteropHarness.exec(List.of("ip", "-n", "left", "addr", "del", LEFT_V6 + "/64", "dev", "lan0"), 10);
        InteropHarness.exec(List.of("ip", "-n", "right", "addr", "del", RIGHT_V6 + "/64", "dev", "lan0"), 10);
    }

    private static void run(String... cmd) {
        InteropHarness.Result r = InteropHarness.exec(List.of(cmd), 10);
        assertThat(r.rc()).as("%s\n%s", String.join(" ", cmd), r.output()).isZero();
    }

    private static void assertPing6Works(InteropRun run) {
        // the first echo may be lost while routes settle; then every one of three must return
        await("ping6 " + LEFT_V6 + " -> " + RIGHT_V6).atMost(Duration.ofSeconds(30))
                .pollInterval(Duration.ofMillis(500)).untilAsserted(() -> {
                    InteropHarness.Result r = InteropHarness.exec(List.of("ip", "netns", "exec", "left", "ping", "-6",
                            "-n", "-c", "3", "-i", "0.2", "-W", "2", "-I", LEFT_V6, RIGHT_V6), 15);
                    assertThat(r.output()).as("%s\n%s", r.output(), diagnostics(run))
                            .contains("3 packets transmitted, 3 received");
                });
    }

    /**
     * tshark decrypts the capture on right's wan0 with charon's logged ESP keys: the agent's
     * ESP (to charon's inbound SPI) carries the IPv6 echo replies with Next Header 41
     * (RFC 4303 section 2.6) and a good ICV, charon's ESP the echo requests.
     */
    private static void assertDecryptedEspCarriesIpv6(InteropRun run, ChildView child) {
        List<String> esp = decryptedEsp(run);
        assertThat(esp).as("decrypted ESP").contains(
                "0x" + child.spiOut() + "\t0x29\t" + LEFT_V6 + "\t" + RIGHT_V6 + "\t128\t1",
                "0x" + child.spiIn() + "\t0x29\t" + RIGHT_V6 + "\t" + LEFT_V6 + "\t129\t1");
    }

    /** One line per ESP packet: SPI, Next Header, inner IPv6 source and destination, ICMPv6 type, ICV good. */
    private static List<String> decryptedEsp(InteropRun run) {
        Path pcap = InteropHarness.WORK.resolve("captures/" + run.name + ".pcapng");
        List<String> cmd = new java.util.ArrayList<>(List.of("tshark", "-r", pcap.toString(),
                "-o", "esp.enable_encryption_decode:TRUE", "-o", "esp.enable_authentication_check:TRUE"));
        String keys = InteropHarness.exec(List.of("python3", InteropHarness.HARNESS.resolve("extract-keys.py")
                .toString(), InteropHarness.WORK.resolve("state/left/charon.log").toString()), 30).output();
        for (String line : keys.lines().toList()) {
            String opt = line.strip();
            if (opt.startsWith("-o ")) {
                cmd.add("-o");
                cmd.add(opt.substring(3).strip().replaceAll("^'|'$", ""));
            }
        }
        cmd.addAll(List.of("-Y", "esp", "-T", "fields", "-e", "esp.spi", "-e", "esp.protocol", "-e", "ipv6.src",
                "-e", "ipv6.dst", "-e", "icmpv6.type", "-e", "esp.icv_good"));
        return InteropHarness.exec(cmd, 60).output().lines().filter(l -> l.startsWith("0x")).toList();
    }

    // --- charon ---------------------------------------------------------------------

    private static void startCharon(InteropRun run, String config) throws IOException {
        Path conf = run.dir.resolve("left");
        Files.createDirectories(conf);
        Files.writeString(conf.resolve("swanctl.conf"), config, StandardCharsets.UTF_8);
        InteropHarness.script("start-strongswan.sh", "left", conf.toString());
    }

    private static String charonConfig(boolean withV4Child, String agentSide) {
        String v4 = withV4Child ? """
                                net4 {
                                    local_ts  = 10.1.0.0/24
                                    remote_ts = 10.2.0.0/24
                                    mode = tunnel
                                    esp_proposals = %s
                                    start_action = none
                                }
                """.formatted(ESP) : "";
        return """
                # generated by StrongSwanIpv6SelectorInteropTest: left = charon, right = the Gatewise agent
                connections {
                    gw {
                        version = 1
                        local_addrs  = 192.0.2.1
                        remote_addrs = 192.0.2.2
                        proposals = %s
                        encap = no
                        local {
                            auth = psk
                            id = 192.0.2.1
                        }
                        remote {
                            auth = psk
                            id = 192.0.2.2
                        }
                        children {
                            net6 {
                                local_ts  = %s
                                remote_ts = %s
                                mode = tunnel
                                esp_proposals = %s
                                start_action = none
                            }
                %s        }
                    }
                }
                secrets {
                    ike-psk {
                        id-left  = 192.0.2.1
                        id-right = 192.0.2.2
                        secret = "%s"
                    }
                }
                """.formatted(IKE, LEFT_NET, agentSide, ESP, v4, InteropRun.PSK);
    }

    /** One CHILD SA as charon lists it ({@code swanctl --list-sas --raw}). */
    record ChildView(String ikeSpi, String state, String spiIn, String spiOut, String localTs, String remoteTs,
            long bytesIn, long bytesOut) {
    }

    private static final Pattern IKE_SA = Pattern.compile("initiator-spi=(\\S+) ");
    private static final Pattern CHILD_SA = Pattern.compile(
            "(net[46])-\\d+ \\{([^{}]*?)local-ts=\\[([^\\]]*)\\] remote-ts=\\[([^\\]]*)\\]");

    /** charon's CHILD SAs by child name. */
    static Map<String, ChildView> charonChildren() {
        String raw = InteropHarness.swanctl("left", "--list-sas", "--raw");
        Map<String, ChildView> out = new HashMap<>();
        Matcher ike = IKE_SA.matcher(raw);
        String ikeSpi = ike.find() ? ike.group(1) : "";
        Matcher m = CHILD_SA.matcher(raw);
        while (m.find()) {
            String f = m.group(2);
            out.put(m.group(1), new ChildView(ikeSpi, field(f, "state"), field(f, "spi-in"), field(f, "spi-out"),
                    m.group(3).strip(), m.group(4).strip(), Long.parseLong(field(f, "bytes-in")),
                    Long.parseLong(field(f, "bytes-out"))));
        }
        return out;
    }

    private static String field(String fields, String name) {
        Matcher m = Pattern.compile("(?:^|\\s)" + name + "=(\\S+)").matcher(fields);
        return m.find() ? m.group(1) : "";
    }

    private static Map<String, ChildView> awaitInstalled(InteropRun run, int count) {
        await("CHILD SAs installed at charon").atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(500))
                .untilAsserted(() -> assertThat(charonChildren().values().stream()
                        .filter(c -> c.state().equals("INSTALLED")).count()).as(diagnostics(run)).isEqualTo(count));
        return charonChildren();
    }

    private static void assertAgentReportsTheSameSpis(InteropRun run, String name, ChildView charon, String localTs,
            String remoteTs) throws IOException {
        await("the agent logs CHILD SA " + name).atMost(Duration.ofSeconds(20)).untilAsserted(() -> {
            Matcher m = CHILD.matcher(InteropRun.read(run.log("right")));
            boolean found = false;
            while (m.find()) {
                if (m.group(1).equals(name)) {
                    found = true;
                    assertThat(m.group(2)).as("our inbound SPI is charon's outbound").isEqualTo(charon.spiOut());
                    assertThat(m.group(3)).as("our outbound SPI is charon's inbound").isEqualTo(charon.spiIn());
                    assertThat(m.group(4)).isEqualTo(localTs);
                    assertThat(m.group(5)).isEqualTo(remoteTs);
                }
            }
            assertThat(found).as(diagnostics(run)).isTrue();
        });
    }

    // --- the agent ------------------------------------------------------------------

    private static Path writeAgentConfig(InteropRun run, boolean start, boolean withV4Child) throws IOException {
        Tunnel.Builder t = Tunnel.newBuilder().setName("v6").setRemoteAddress("192.0.2.1")
                .setLocalIdentity(ipv4("192.0.2.2")).setRemoteIdentity(ipv4("192.0.2.1"))
                .setIke(IkeSettings.newBuilder().setMode(IkeMode.IKE_MODE_MAIN).addProposals(IKE)
                        .setLifetimeSeconds(15840).setNatTraversal(true))
                .setIpsec(IpsecSettings.newBuilder().setProtocol(IpsecProtocol.IPSEC_PROTOCOL_ESP).addProposals(ESP)
                        .setMode(EncapsulationMode.ENCAPSULATION_MODE_TUNNEL).setLifetimeSeconds(3960))
                .addChildren(ChildSa.newBuilder().setName("net6").addLocalSelectors(RIGHT_NET)
                        .addRemoteSelectors(LEFT_NET))
                .setAuth(Authentication.newBuilder().setMethod(AuthMethod.AUTH_METHOD_PSK)
                        .setPreSharedKey(InteropRun.PSK))
                .setStartAction(start ? StartAction.START_ACTION_START : StartAction.START_ACTION_RESPOND)
                .setVpnType(VpnType.VPN_TYPE_POLICY_BASED);
        if (withV4Child) {
            t.addChildren(ChildSa.newBuilder().setName("net4").addLocalSelectors("10.2.0.0/24")
                    .addRemoteSelectors("10.1.0.0/24"));
        }
        GatewayConfig c = GatewayConfig.newBuilder().setGatewayName("right").setLocalAddress("192.0.2.2")
                .addTunnels(t).build();
        Path file = run.dir.resolve("agent.json");
        Files.writeString(file, StandaloneConfig.toJson(c), StandardCharsets.UTF_8);
        return file;
    }

    private static Identity ipv4(String address) {
        return Identity.newBuilder().setType(IdentityType.IDENTITY_TYPE_IPV4_ADDR).setValue(address).build();
    }

    private static String diagnostics(InteropRun run) {
        try {
            return "--- charon:\n" + InteropHarness.swanctl("left", "--list-sas") + "\n--- routes right:\n"
                    + InteropHarness.exec(List.of("ip", "-n", "right", "-6", "route"), 10).output()
                    + "\n--- routes left (all tables):\n"
                    + InteropHarness.exec(List.of("ip", "-n", "left", "-6", "route", "show", "table", "all"), 10)
                    .output()
                    + "\n" + run.diagnostics();
        } catch (IOException e) {
            return "(no diagnostics: " + e + ")";
        }
    }
}
