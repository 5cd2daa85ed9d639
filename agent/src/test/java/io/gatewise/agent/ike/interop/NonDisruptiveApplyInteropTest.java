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
import java.io.File;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * Non-disruptive apply, many peers and many CHILD SAs per peer: the real agent ({@code run
 * --config FILE}, TUN, userspace ESP) in ns {@code right} keeps four tunnels to four charon
 * connections in ns {@code left} (addresses 192.0.2.1, .11, .12, .13; subnets
 * 10.1.0-3.0/24); t0 protects two remote subnets (10.1.0.0/24 and 10.1.4.0/24), so it runs
 * two CHILD SAs, one per subnet pair. While ping runs at 10/s through each of the five
 * CHILD SAs, the config file is rewritten with new ESP proposals for tunnel {@code t3}
 * only: the agent renegotiates t3 and the other four lose nothing. Root and charon required, else skipped with the reason; the harness lock is
 * held throughout and the namespaces are removed at the end, also on failure.
 */
@Tag("interop")
class NonDisruptiveApplyInteropTest {
    private static final String PSK = InteropRun.PSK;
    private static final String[] PEERS = {"192.0.2.1", "192.0.2.11", "192.0.2.12", "192.0.2.13"};
    private static final int PINGS = 150;
    /** One ping target behind each CHILD SA; index 3 is behind t3, the tunnel that changes. */
    private static final String[] TARGETS = {"10.1.0.1", "10.1.1.1", "10.1.2.1", "10.1.3.1", "10.1.4.1"};
    private static final int CHANGED = 3;
    private static final Pattern SUMMARY = Pattern.compile("(\\d+) packets transmitted, (\\d+) received");

    @BeforeAll
    static void requirements() {
        java.util.Optional<String> why = InteropHarness.unavailable();
        why.ifPresent(r -> System.out.println("NonDisruptiveApplyInteropTest skipped: " + r));
        Assumptions.assumeTrue(why.isEmpty(), why.orElse(""));
    }

    @SuppressWarnings("try") // the lock is held for the scope of the try, never referenced in it
    @Test
    void changingOneTunnelLosesNoPingOnTheOthers() throws Exception {
        Path dir = InteropHarness.WORK.resolve("gen-apply");
        Files.createDirectories(dir);
        Path config = dir.resolve("agent.json");
        Path log = dir.resolve("agent.log");
        List<Process> processes = new ArrayList<>();
        try (InteropHarness.Lock lock = new InteropHarness.Lock()) {
            try {
                InteropHarness.teardownQuietly();
                InteropHarness.script("setup-netns.sh", "direct");
                for (int k = 1; k < PEERS.length; k++) {
                    run("ip", "-n", "left", "addr", "add", PEERS[k] + "/24", "dev", "wan0");
                    run("ip", "-n", "left", "addr", "add", "10.1." + k + ".1/24", "dev", "lan0");
                }
                run("ip", "-n", "left", "addr", "add", "10.1.4.1/24", "dev", "lan0");
                Path charonDir = dir.resolve("left");
                Files.createDirectories(charonDir);
                Files.writeString(charonDir.resolve("swanctl.conf"), charonConfig(), StandardCharsets.UTF_8);
                InteropHarness.script("start-strongswan.sh", "left", charonDir.toString());

                Files.writeString(config, StandaloneConfig.toJson(agentConfig("aes128-sha1-modp2048")));
                processes.add(startAgent(config, log));
                await("five CHILD SAs at charon").atMost(Duration.ofSeconds(90)).pollInterval(Duration.ofMillis(500))
                        .untilAsserted(() -> assertThat(installedChildren()).as(diagnostics(log)).hasSize(5));
                assertThat(InteropRun.read(log)).contains("CHILD SA net#1 with t0 installed",
                        "CHILD SA net#2 with t0 installed");

                List<Path> pingOutputs = new ArrayList<>();
                for (String target : TARGETS) {
                    Path out = dir.resolve("ping-" + target + ".txt");
                    pingOutputs.add(out);
                    processes.add(new ProcessBuilder("ip", "netns", "exec", "right", "ping", "-n", "-c",
                            Integer.toString(PINGS), "-i", "0.1", "-W", "2", "-I", "10.2.0.1", target)
                            .redirectErrorStream(true).redirectOutput(out.toFile()).start());
                }
                // traffic flows through all four before the change
                await("replies through every tunnel").atMost(Duration.ofSeconds(20)).untilAsserted(() -> {
                    for (Path out : pingOutputs) {
                        assertThat(InteropRun.read(out)).contains("icmp_seq=5 ");
                    }
                });

                Files.writeString(config, StandaloneConfig.toJson(agentConfig("aes256-sha256-modp2048")));
                await("t3 renegotiated with the new proposal").atMost(Duration.ofSeconds(60))
                        .pollInterval(Duration.ofMillis(300)).untilAsserted(() -> {
                            assertThat(InteropRun.read(log)).contains("tunnel t3 changed: renegotiating");
                            assertThat(InteropRun.read(log))
                                    .containsPattern("CHILD SA \\S+ with t3 installed: .*ESP AES-256/SHA2-256");
                        });

                for (int k = 0; k < TARGETS.length; k++) {
                    Process ping = processes.get(k + 1);
                    await().atMost(Duration.ofSeconds(60)).until(() -> !ping.isAlive());
                }
                for (int k = 0; k < TARGETS.length; k++) {
                    if (k == CHANGED) {
                        continue;
                    }
                    String out = InteropRun.read(pingOutputs.get(k));
                    Matcher m = SUMMARY.matcher(out);
                    assertThat(m.find()).as("ping %s\n%s", TARGETS[k], out).isTrue();
                    assertThat(Integer.parseInt(m.group(1))).isEqualTo(PINGS);
                    assertThat(Integer.parseInt(m.group(2))).as("replies from %s through an untouched CHILD SA\n%s",
                            TARGETS[k], out).isEqualTo(PINGS);
                }
                assertThat(InteropRun.read(log)).doesNotContain("tunnel t0 changed", "tunnel t1 changed",
                        "tunnel t2 changed");
                // t3 carries traffic again after its renegotiation
                await("ping through the renegotiated t3").atMost(Duration.ofSeconds(30)).untilAsserted(() ->
                        assertThat(InteropHarness.exec(List.of("ip", "netns", "exec", "right", "ping", "-n", "-c", "1",
                                "-W", "1", "-I", "10.2.0.1", "10.1.3.1"), 10).rc()).isZero());
                assertThat(installedChildren()).hasSize(5);
            } finally {
                for (Process p : processes) {
                    p.destroy();
                }
                for (Process p : processes) {
                    p.waitFor(30, java.util.concurrent.TimeUnit.SECONDS);
                }
                InteropHarness.teardownQuietly();
            }
        }
    }

    /** One line per INSTALLED CHILD SA in charon's {@code swanctl --list-sas}. */
    private static List<String> installedChildren() {
        return InteropHarness.swanctl("left", "--list-sas").lines().filter(l -> l.contains("INSTALLED")).toList();
    }

    private static String diagnostics(Path log) throws java.io.IOException {
        return "--- charon:\n" + InteropHarness.swanctl("left", "--list-sas") + "\n--- agent:\n" + InteropRun.read(log);
    }

    private static void run(String... cmd) {
        InteropHarness.Result r = InteropHarness.exec(List.of(cmd), 10);
        assertThat(r.rc()).as("%s\n%s", String.join(" ", cmd), r.output()).isZero();
    }

    private static Process startAgent(Path config, Path log) throws Exception {
        String java = ProcessHandle.current().info().command().orElse("java");
        String cp = System.getProperty("surefire.test.class.path", System.getProperty("java.class.path"));
        Process p = new ProcessBuilder("ip", "netns", "exec", "right", java, "-cp", cp,
                "io.gatewise.agent.cli.AgentMain", "run", "--config", config.toString(), "--tun", "gw0")
                .redirectErrorStream(true).redirectOutput(log.toFile()).redirectInput(new File("/dev/null")).start();
        // teardown.sh stops whatever is named in state/*.pid, should this JVM die
        Files.writeString(InteropHarness.WORK.resolve("state/gatewise-agent-right.pid"), Long.toString(p.pid()));
        return p;
    }

    /** Four tunnels; only t3's ESP proposal is {@code t3Esp}, the others never change. */
    private static GatewayConfig agentConfig(String t3Esp) {
        GatewayConfig.Builder c = GatewayConfig.newBuilder().setGatewayName("right").setLocalAddress("192.0.2.2");
        for (int k = 0; k < PEERS.length; k++) {
            c.addTunnels(Tunnel.newBuilder().setName("t" + k).setRemoteAddress(PEERS[k])
                    .setLocalIdentity(ipv4("192.0.2.2")).setRemoteIdentity(ipv4(PEERS[k]))
                    .setIke(IkeSettings.newBuilder().setMode(IkeMode.IKE_MODE_MAIN)
                            .addProposals("aes128-sha1-modp2048").setLifetimeSeconds(15840).setNatTraversal(true))
                    .setIpsec(IpsecSettings.newBuilder().setProtocol(IpsecProtocol.IPSEC_PROTOCOL_ESP)
                            .addProposals(k == 3 ? t3Esp : "aes128-sha1-modp2048")
                            .setMode(EncapsulationMode.ENCAPSULATION_MODE_TUNNEL).setLifetimeSeconds(3960))
                    .addChildren(k == 0
                            // two remote subnets: one Quick Mode, one CHILD SA pair per subnet pair
                            ? ChildSa.newBuilder().setName("net").addLocalSelectors("10.2.0.0/24")
                                    .addRemoteSelectors("10.1.0.0/24").addRemoteSelectors("10.1.4.0/24")
                            : ChildSa.newBuilder().setName("net").addLocalSelectors("10.2.0.0/24")
                                    .addRemoteSelectors("10.1." + k + ".0/24"))
                    .setAuth(Authentication.newBuilder().setMethod(AuthMethod.AUTH_METHOD_PSK).setPreSharedKey(PSK))
                    .setStartAction(StartAction.START_ACTION_START)
                    .setVpnType(VpnType.VPN_TYPE_POLICY_BASED));
        }
        return c.build();
    }

    private static Identity ipv4(String address) {
        return Identity.newBuilder().setType(IdentityType.IDENTITY_TYPE_IPV4_ADDR).setValue(address).build();
    }

    /** Four connections, one per local address; t3's accepts the old and the new ESP proposal. */
    private static String charonConfig() {
        StringBuilder conns = new StringBuilder();
        StringBuilder ids = new StringBuilder("            id-0 = 192.0.2.2\n");
        for (int k = 0; k < PEERS.length; k++) {
            conns.append("""
                        t%d {
                            version = 1
                            local_addrs  = %s
                            remote_addrs = 192.0.2.2
                            proposals = aes128-sha1-modp2048
                            local {
                                auth = psk
                                id = %s
                            }
                            remote {
                                auth = psk
                                id = 192.0.2.2
                            }
                            children {
                                net {
                                    local_ts  = 10.1.%d.0/24
                                    remote_ts = 10.2.0.0/24
                                    mode = tunnel
                                    esp_proposals = aes128-sha1-modp2048, aes256-sha256-modp2048
                                    start_action = none
                                }%s
                            }
                        }
                    """.formatted(k, PEERS[k], PEERS[k], k, k == 0 ? """

                                net4 {
                                    local_ts  = 10.1.4.0/24
                                    remote_ts = 10.2.0.0/24
                                    mode = tunnel
                                    esp_proposals = aes128-sha1-modp2048
                                    start_action = none
                                }""" : ""));
            ids.append("            id-").append(k + 1).append(" = ").append(PEERS[k]).append('\n');
        }
        return "# generated by NonDisruptiveApplyInteropTest: left = charon, right = the Gatewise agent\n"
                + "connections {\n" + conns + "}\nsecrets {\n    ike-all {\n" + ids
                + "            secret = \"" + PSK + "\"\n    }\n}\n";
    }
}
