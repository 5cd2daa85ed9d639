package io.gatewise.agent.ike.interop;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The real proof: the agent's IKE engine against strongSwan 5.9.8 (charon with its
 * userspace datapath, which forces NAT-T) in the shared harness's namespaces, PSK Main
 * Mode + Quick Mode, as responder and as initiator. charon must report the IKE SA
 * ESTABLISHED and the CHILD SA INSTALLED with the SPIs and algorithms our engine reports,
 * and tshark must dissect every captured message without an error.
 *
 * <p>Runs as root with charon installed; otherwise skipped with the reason. Holds the
 * machine-wide harness lock for its whole duration and always tears the namespaces down.
 */
@Tag("interop")
class StrongSwanInteropTest {
    private static final String PSK = "interop-test-psk-0123456789";

    @BeforeAll
    static void requirements() {
        Optional<String> why = InteropHarness.unavailable();
        why.ifPresent(r -> System.out.println("StrongSwanInteropTest skipped: " + r));
        Assumptions.assumeTrue(why.isEmpty(), why.orElse(""));
    }

    @ParameterizedTest(name = "{0}: IKE {1}, ESP {2}")
    @CsvSource({
            "strongswan, aes128-sha1-modp2048, aes128-sha1-modp2048, AES_CBC-128, AES_CBC, 128, HMAC_SHA1_96, MODP_2048",
            "agent, aes128-sha1-modp2048, aes128-sha1-modp2048, AES_CBC-128, AES_CBC, 128, HMAC_SHA1_96, MODP_2048",
            "strongswan, aes256-sha256-modp2048, aes256-sha256-modp2048, AES_CBC-256, AES_CBC, 256, HMAC_SHA2_256_128, MODP_2048",
            "agent, aes256-sha256-modp2048, aes256-sha256-modp2048, AES_CBC-256, AES_CBC, 256, HMAC_SHA2_256_128, MODP_2048",
            "strongswan, aes128-sha256-ecp256, aes128-sha256-ecp256, AES_CBC-128, AES_CBC, 128, HMAC_SHA2_256_128, ECP_256",
            "agent, aes128-sha256-ecp256, aes128-sha256-ecp256, AES_CBC-128, AES_CBC, 128, HMAC_SHA2_256_128, ECP_256",
            "strongswan, 3des-sha1-modp1024, 3des-sha1, 3DES_CBC-null, 3DES_CBC, null, HMAC_SHA1_96, null",
            "agent, 3des-sha1-modp1024, 3des-sha1, 3DES_CBC-null, 3DES_CBC, null, HMAC_SHA1_96, null"})
    void mainModeAndQuickModeWithCharon(String initiator, String ike, String esp, String ikeEncr, String espEncr,
            String espKeysize, String espInteg, String espDh) throws Exception {
        String name = "agent-" + initiator + "-" + ike.replace(',', '_');
        Path dir = InteropHarness.WORK.resolve("gen-agent/" + name);
        Path leftConf = dir.resolve("left");
        Files.createDirectories(leftConf);
        Files.writeString(leftConf.resolve("swanctl.conf"), leftConfig(ike, esp), StandardCharsets.UTF_8);
        Path events = dir.resolve("agent-events.txt");
        Path agentLog = dir.resolve("agent.log");
        Files.deleteIfExists(events);
        Process agent = null;
        try (InteropHarness.Lock lock = new InteropHarness.Lock()) {
            InteropHarness.teardownQuietly();
            try {
                InteropHarness.script("setup-netns.sh", "direct");
                InteropHarness.script("start-strongswan.sh", "left", leftConf.toString());
                InteropHarness.script("capture.sh", "start", "right", "wan0", name);
                agent = startAgent(ike, esp, events, agentLog, initiator.equals("agent"));
                awaitAgentListening();
                if (initiator.equals("strongswan")) {
                    String out = InteropHarness.swanctl("left", "--initiate", "--ike", "gw", "--child", "net",
                            "--timeout", "30");
                    assertThat(out).as("swanctl --initiate output\n%s\nagent log:\n%s", out, read(agentLog))
                            .contains("initiate completed successfully");
                }
                await().atMost(Duration.ofSeconds(40)).pollInterval(Duration.ofMillis(500))
                        .untilAsserted(() -> assertThat(InteropHarness.leftSa())
                                .as("charon's SAs; agent log:\n%s", read(agentLog))
                                .hasValueSatisfying(sa -> assertThat(sa.childState()).isEqualTo("INSTALLED")));
                await().atMost(Duration.ofSeconds(10))
                        .untilAsserted(() -> assertThat(read(events)).contains("ChildSaEstablished"));

                InteropHarness.CharonSa sa = InteropHarness.leftSa().orElseThrow();
                assertThat(sa.ikeState()).isEqualTo("ESTABLISHED");
                assertThat(sa.ikeEncr()).isEqualTo(ikeEncr);
                assertThat(sa.encrAlg()).isEqualTo(espEncr);
                assertThat(String.valueOf(sa.encrKeysize())).isEqualTo(espKeysize);
                assertThat(sa.integAlg()).isEqualTo(espInteg);
                assertThat(String.valueOf(sa.dhGroup())).isEqualTo(espDh);
                assertThat(sa.mode()).isEqualTo("TUNNEL");
                assertThat(sa.encap()).as("ESP in UDP 4500").isTrue();
                // the same SPIs: what charon receives with, we send with, and vice versa
                String child = read(events).lines().filter(l -> l.startsWith("ChildSaEstablished")).findFirst()
                        .orElseThrow();
                assertThat(field(child, "spiOut")).isEqualTo(sa.spiIn());
                assertThat(field(child, "spiIn")).isEqualTo(sa.spiOut());

                InteropHarness.script("capture.sh", "stop", name);
                assertDissectsCleanly(InteropHarness.WORK.resolve("captures/" + name + ".pcapng"));
            } finally {
                if (agent != null) {
                    agent.destroy();
                    agent.waitFor();
                }
                InteropHarness.teardownQuietly();
            }
        }
    }

    private static String leftConfig(String ike, String esp) {
        return """
                # generated by StrongSwanInteropTest: left = charon, right = the Gatewise agent
                connections {
                    gw {
                        version = 1
                        aggressive = no
                        local_addrs  = 192.0.2.1
                        remote_addrs = 192.0.2.2
                        proposals = %s
                        encap = no
                        dpd_delay = 0
                        local {
                            auth = psk
                            id = 192.0.2.1
                        }
                        remote {
                            auth = psk
                            id = 192.0.2.2
                        }
                        children {
                            net {
                                local_ts  = 10.1.0.0/24
                                remote_ts = 10.2.0.0/24
                                mode = tunnel
                                esp_proposals = %s
                                start_action = none
                            }
                        }
                    }
                }
                secrets {
                    ike-psk {
                        id-left  = 192.0.2.1
                        id-right = 192.0.2.2
                        secret = "%s"
                    }
                }
                """.formatted(ike, esp, PSK);
    }

    private static Process startAgent(String ike, String esp, Path events, Path log, boolean initiate)
            throws IOException {
        String java = ProcessHandle.current().info().command().orElse("java");
        String cp = System.getProperty("surefire.test.class.path", System.getProperty("java.class.path"));
        List<String> cmd = new ArrayList<>(List.of("ip", "netns", "exec", "right", java, "-cp", cp,
                IkeInteropMain.class.getName(), "--local", "192.0.2.2", "--remote", "192.0.2.1",
                "--ike", ike, "--esp", esp, "--local-ts", "10.2.0.0/24", "--remote-ts", "10.1.0.0/24",
                "--events", events.toString()));
        if (initiate) {
            cmd.add("--initiate");
        }
        ProcessBuilder pb = new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(log.toFile());
        pb.environment().put("GATEWISE_PSK", PSK);
        Process p = pb.start();
        // teardown.sh stops whatever is named in state/*.pid, should this JVM die
        Files.writeString(InteropHarness.WORK.resolve("state/gatewise-agent.pid"), Long.toString(p.pid()));
        return p;
    }

    private static void awaitAgentListening() {
        await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(200)).until(() ->
                !InteropHarness.exec(List.of("ip", "netns", "exec", "right", "ss", "-Hlun", "sport = :500"), 10)
                        .output().isBlank());
    }

    /** tshark -V over the capture, decrypted with charon's logged keys: no malformed packet, no error. */
    private static void assertDissectsCleanly(Path pcap) {
        Path charonLog = InteropHarness.WORK.resolve("state/left/charon.log");
        String keys = InteropHarness.exec(List.of("python3", InteropHarness.HARNESS.resolve("extract-keys.py")
                .toString(), charonLog.toString()), 30).output();
        List<String> cmd = new ArrayList<>(List.of("tshark", "-r", pcap.toString(), "-V", "-Y", "isakmp"));
        for (String line : keys.lines().toList()) {
            String opt = line.strip();
            if (!opt.startsWith("-o ")) {
                continue;
            }
            cmd.add("-o");
            cmd.add(opt.substring(3).strip().replaceAll("^'|'$", ""));
        }
        InteropHarness.Result r = InteropHarness.exec(cmd, 60);
        assertThat(r.output()).contains("Internet Security Association and Key Management Protocol")
                .doesNotContain("Malformed Packet").doesNotContain("[Severity level: Error]");
        assertThat(r.output()).as("tshark decrypted our encrypted messages").contains("Payload: Hash");
    }

    private static String field(String recordText, String name) {
        Matcher m = Pattern.compile(name + "=([^,\\]]+)").matcher(recordText);
        assertThat(m.find()).as("%s in %s", name, recordText).isTrue();
        return m.group(1);
    }

    private static String read(Path p) throws IOException {
        return Files.exists(p) ? Files.readString(p, StandardCharsets.UTF_8) : "";
    }
}
