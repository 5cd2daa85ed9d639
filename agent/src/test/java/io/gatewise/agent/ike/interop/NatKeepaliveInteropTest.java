package io.gatewise.agent.ike.interop;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * NAT-keepalives (RFC 3948 section 2.3) from the side behind the NAT, measured on the
 * NAT's outside: the whole agent runs in ns {@code left} behind the harness's masquerading
 * NAT (172.16.0.1 seen as 192.0.2.254), charon in ns {@code right} with the harness's
 * natt-psk-main configuration for that side. The agent runs with {@code --nat-keepalive 2}
 * and without DPD, and the NAT forgets idle UDP mappings after 5 s. After a quiet period
 * far longer than that, charon's side can still reach the agent through the tunnel: only
 * the keepalives kept the mapping. The capture on right's wan0 (the NAT's outside link)
 * must show 1-byte 0xFF datagrams from 192.0.2.254:4500 every 2 s.
 */
@Tag("interop")
class NatKeepaliveInteropTest {
    static final int INTERVAL_S = 2;
    static final int NAT_UDP_TIMEOUT_S = 5;

    @BeforeAll
    static void requirements() {
        Optional<String> why = InteropHarness.unavailable();
        why.ifPresent(r -> System.out.println("NatKeepaliveInteropTest skipped: " + r));
        Assumptions.assumeTrue(why.isEmpty(), why.orElse(""));
    }

    record Keepalive(double time, String source, int sourcePort, String destination, int destinationPort,
            String payload) {
    }

    /** NAT-keepalives (UDP to 4500 with exactly one byte) in a capture. */
    static List<Keepalive> keepalives(Path pcap) {
        InteropHarness.Result r = InteropHarness.exec(List.of("tshark", "-r", pcap.toString(), "-Y",
                "udp.port == 4500 && udp.length == 9", "-T", "fields", "-E", "separator=,", "-e", "frame.time_epoch",
                "-e", "ip.src", "-e", "udp.srcport", "-e", "ip.dst", "-e", "udp.dstport", "-e", "udp.payload"), 60);
        List<Keepalive> out = new ArrayList<>();
        for (String line : r.output().lines().toList()) {
            String[] f = line.split(",");
            if (f.length == 6 && f[0].matches("[0-9.]+")) {
                out.add(new Keepalive(Double.parseDouble(f[0]), f[1], Integer.parseInt(f[2]), f[3],
                        Integer.parseInt(f[4]), f[5]));
            }
        }
        return out;
    }

    private static boolean charonChildInstalled() {
        return InteropHarness.swanctl("right", "--list-sas", "--raw").contains("state=INSTALLED");
    }

    /** NAT with a short UDP timeout, charon in right, the agent in left behind the NAT; tunnel up, ping out. */
    private static void tunnelFromBehindNat(InteropRun run, int keepaliveSeconds) throws Exception {
        for (String sysctl : List.of("net.netfilter.nf_conntrack_udp_timeout",
                "net.netfilter.nf_conntrack_udp_timeout_stream")) {
            InteropHarness.Result r = InteropHarness.exec(List.of("ip", "netns", "exec", "nat", "sysctl", "-w",
                    sysctl + "=" + NAT_UDP_TIMEOUT_S), 10);
            assertThat(r.rc()).as("NAT forgets idle UDP mappings quickly: %s", r.output()).isZero();
        }
        InteropHarness.script("start-strongswan.sh", "right",
                InteropHarness.HARNESS.resolve("conf/natt-psk-main/right").toString());
        Path config = run.dir.resolve("agent-left.json");
        Files.writeString(config, StrongSwanDpdInteropTest.config("172.16.0.1", "192.0.2.2",
                "left.interop.test", "right.interop.test", "IDENTITY_TYPE_FQDN", "10.1.0.0/24", "10.2.0.0/24",
                0, 0, "DPD_ACTION_CLEAR"), StandardCharsets.UTF_8);
        run.startGateway("left", "172.16.0.1", config, "--nat-keepalive", Integer.toString(keepaliveSeconds));
        await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(500))
                .until(NatKeepaliveInteropTest::charonChildInstalled);
        InteropHarness.Result out = InteropHarness.exec(List.of("ip", "netns", "exec", "left", "ping", "-n", "-c",
                "3", "-i", "0.2", "-W", "2", "-I", "10.1.0.1", "10.2.0.1"), 30);
        assertThat(out.rc()).as("ping from behind the NAT\n%s\n%s", out.output(), run.diagnostics()).isZero();
    }

    private static InteropHarness.Result pingIntoTheNat() {
        return InteropHarness.exec(List.of("ip", "netns", "exec", "right", "ping", "-n", "-c", "3", "-i", "0.2", "-W",
                "2", "-I", "10.2.0.1", "10.1.0.1"), 30);
    }

    @Test
    void theAgentBehindNatKeepsTheMappingAliveWithKeepalives() throws Exception {
        try (InteropRun run = new InteropRun("natt-keepalive", "nat")) {
            tunnelFromBehindNat(run, INTERVAL_S);
            double quietSince = System.currentTimeMillis() / 1000.0;

            // quiet: no traffic, no DPD; wait until keepalives covered well over the NAT's timeout
            Path pcap = InteropHarness.WORK.resolve("captures/natt-keepalive.pcapng");
            await().atMost(Duration.ofSeconds(40)).pollInterval(Duration.ofSeconds(1)).until(() ->
                    keepalives(pcap).stream().filter(k -> k.time() > quietSince).count()
                            >= 2L * NAT_UDP_TIMEOUT_S / INTERVAL_S + 2);
            // from charon's side, through the NAT: works only if the mapping is still there
            InteropHarness.Result in = pingIntoTheNat();
            assertThat(in.rc()).as("ping into the NAT after %s s quiet\n%s\n%s",
                    System.currentTimeMillis() / 1000.0 - quietSince, in.output(), run.diagnostics()).isZero();

            List<Keepalive> seen = keepalives(run.stopCapture());
            assertThat(seen).isNotEmpty().allSatisfy(k -> {
                assertThat(k.source()).as("from the agent, as the NAT translated it").isEqualTo("192.0.2.254");
                assertThat(k.sourcePort()).isEqualTo(4500);
                assertThat(k.destination()).isEqualTo("192.0.2.2");
                assertThat(k.destinationPort()).isEqualTo(4500);
                assertThat(k.payload()).as("RFC 3948 2.3: one octet 0xFF").isEqualTo("ff");
            });
            List<Double> gaps = new ArrayList<>();
            for (int i = 1; i < seen.size(); i++) {
                gaps.add(seen.get(i).time() - seen.get(i - 1).time());
            }
            System.out.println("NatKeepaliveInteropTest: " + seen.size() + " keepalives, gaps (s) " + gaps);
            assertThat(gaps).isNotEmpty().allSatisfy(g -> assertThat(g).isBetween(INTERVAL_S - 0.3, INTERVAL_S + 1.0));
        }
    }

    /** The control: without keepalives the same quiet period loses the mapping, and charon's side is cut off. */
    @Test
    void withoutKeepalivesTheNatForgetsTheMapping() throws Exception {
        try (InteropRun run = new InteropRun("natt-no-keepalive", "nat")) {
            tunnelFromBehindNat(run, 3600);
            double quietSince = System.currentTimeMillis() / 1000.0;
            Path pcap = InteropHarness.WORK.resolve("captures/natt-no-keepalive.pcapng");
            await().during(Duration.ofSeconds(3L * NAT_UDP_TIMEOUT_S)).atMost(Duration.ofSeconds(40))
                    .pollInterval(Duration.ofSeconds(1))
                    .until(() -> keepalives(pcap).stream().noneMatch(k -> k.time() > quietSince));
            assertThat(pingIntoTheNat().rc()).as("the NAT dropped the mapping: ping from outside fails").isNotZero();
        }
    }
}
