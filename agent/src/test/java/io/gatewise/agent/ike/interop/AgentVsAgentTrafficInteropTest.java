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
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Two real agents ({@code run --config FILE}, each with its own TUN device) in the
 * harness's namespaces {@code left} and {@code right}: left initiates (START), right
 * responds; ping and {@code iperf3 -t 2} between 10.1.0.1 and 10.2.0.1 go through the
 * tunnel (without it, neither namespace has a route to the other's subnet), and both TUN
 * devices count the packets. ESP in UDP 4500 with AES-GCM and with AES-CBC+HMAC-SHA2-256.
 */
@Tag("interop")
class AgentVsAgentTrafficInteropTest {
    private static final Pattern CHILD = Pattern.compile(
            "CHILD SA \\S+ with \\S+ installed: in ([0-9a-f]{8}), out ([0-9a-f]{8}), ESP ([^,]+)");

    @BeforeAll
    static void requirements() {
        Optional<String> why = InteropHarness.unavailable();
        if (why.isEmpty() && InteropHarness.exec(List.of("which", "iperf3"), 5).rc() != 0) {
            why = Optional.of("iperf3 is not installed (.ci/install-deps.sh)");
        }
        why.ifPresent(r -> System.out.println("AgentVsAgentTrafficInteropTest skipped: " + r));
        Assumptions.assumeTrue(why.isEmpty(), why.orElse(""));
    }

    static String config(String name, String local, String remote, String localTs, String remoteTs, String esp,
            String start) {
        return """
                {"gatewayName": "%s", "localAddress": "%s", "tunnels": [{
                  "name": "a2a", "remoteAddress": "%s",
                  "ike": {"proposals": ["aes256-sha256-modp2048"]},
                  "ipsec": {"proposals": ["%s"]},
                  "children": [{"name": "net", "localSelectors": ["%s"], "remoteSelectors": ["%s"]}],
                  "auth": {"method": "AUTH_METHOD_PSK", "preSharedKey": "%s"},
                  "startAction": "%s"}]}
                """.formatted(name, local, remote, esp, localTs, remoteTs, InteropRun.PSK, start);
    }

    @ParameterizedTest(name = "ESP {0}")
    @CsvSource({"aes128gcm16-modp2048, AES-GCM-128/MODP-2048", "aes128-sha256-modp2048, AES-128/SHA2-256/MODP-2048"})
    void pingAndIperfBetweenTwoAgents(String esp, String expected) throws Exception {
        String tag = esp.startsWith("aes128gcm") ? "gcm" : "cbc";
        List<Process> started = new ArrayList<>();
        try (InteropRun run = new InteropRun("a2a-traffic-" + tag)) {
            try {
                Path right = write(run.dir.resolve("right.json"), config("right", "192.0.2.2", "192.0.2.1",
                        "10.2.0.0/24", "10.1.0.0/24", esp, "START_ACTION_RESPOND"));
                Path left = write(run.dir.resolve("left.json"), config("left", "192.0.2.1", "192.0.2.2",
                        "10.1.0.0/24", "10.2.0.0/24", esp, "START_ACTION_START"));
                started.add(agent(run, "right", right));
                started.add(agent(run, "left", left));
                // each agent logs its own child SA line; wait until BOTH have (one log may be written first)
                await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(300)).untilAsserted(() -> {
                    assertThat(CHILD.matcher(InteropRun.read(run.log("left"))).find())
                            .as("left child SA\n%s", run.diagnostics()).isTrue();
                    assertThat(CHILD.matcher(InteropRun.read(run.log("right"))).find())
                            .as("right child SA\n%s", run.diagnostics()).isTrue();
                });
                Matcher l = CHILD.matcher(InteropRun.read(run.log("left")));
                Matcher r = CHILD.matcher(InteropRun.read(run.log("right")));
                assertThat(l.find() && r.find()).isTrue();
                assertThat(l.group(1)).isEqualTo(r.group(2));
                assertThat(l.group(2)).isEqualTo(r.group(1));
                assertThat(l.group(3)).isEqualTo(expected);

                InteropHarness.Result ping = InteropHarness.exec(List.of("ip", "netns", "exec", "left", "ping", "-n",
                        "-c", "5", "-i", "0.2", "-W", "2", "-I", "10.1.0.1", "10.2.0.1"), 30);
                assertThat(ping.rc()).as("ping\n%s\n%s", ping.output(), run.diagnostics()).isZero();

                Process server = new ProcessBuilder("ip", "netns", "exec", "right", "iperf3", "-s", "-1", "-B",
                        "10.2.0.1").redirectErrorStream(true).redirectOutput(run.dir.resolve("iperf3-s.txt").toFile())
                        .start();
                started.add(server);
                await().atMost(Duration.ofSeconds(15)).until(() -> !InteropHarness.exec(List.of("ip", "netns",
                        "exec", "right", "ss", "-Hltn", "sport = :5201"), 10).output().isBlank());
                InteropHarness.Result iperf = InteropHarness.exec(List.of("ip", "netns", "exec", "left", "iperf3",
                        "-c", "10.2.0.1", "-B", "10.1.0.1", "-t", "2", "-J"), 60);
                assertThat(iperf.rc()).as("iperf3\n%s\n%s", iperf.output(), run.diagnostics()).isZero();
                Matcher bps = Pattern.compile("\"sum_received\":\\s*\\{[^}]*?\"bits_per_second\":\\s*([0-9.e+]+)")
                        .matcher(iperf.output());
                assertThat(bps.find()).as(iperf.output()).isTrue();
                double mbit = Double.parseDouble(bps.group(1)) / 1e6;
                System.out.printf("agent-agent %s: iperf3 -t 2 %.0f Mbit/s%n", esp, mbit);
                assertThat(mbit).isPositive();
                for (String ns : List.of("left", "right")) {
                    assertThat(tunCounter(ns, "rx_packets")).as("%s gw0 rx (decrypted in)", ns).isGreaterThan(100);
                    assertThat(tunCounter(ns, "tx_packets")).as("%s gw0 tx (to encrypt)", ns).isGreaterThan(100);
                }
            } finally {
                for (Process p : started) {
                    p.destroy();
                    if (!p.waitFor(20, TimeUnit.SECONDS)) {
                        p.destroyForcibly();
                    }
                }
            }
        }
    }

    private static long tunCounter(String ns, String name) {
        String out = InteropHarness.exec(List.of("ip", "netns", "exec", ns, "cat",
                "/sys/class/net/gw0/statistics/" + name), 10).output().strip();
        return out.matches("\\d+") ? Long.parseLong(out) : -1;
    }

    private static Path write(Path p, String text) throws IOException {
        Files.writeString(p, text, StandardCharsets.UTF_8);
        return p;
    }

    private static Process agent(InteropRun run, String ns, Path config) throws IOException {
        String java = ProcessHandle.current().info().command().orElse("java");
        String cp = System.getProperty("surefire.test.class.path", System.getProperty("java.class.path"));
        Process p = new ProcessBuilder("ip", "netns", "exec", ns, java, "-cp", cp, "io.gatewise.agent.cli.AgentMain",
                "run", "--config", config.toString(), "--tun", "gw0").redirectErrorStream(true)
                .redirectOutput(run.log(ns).toFile()).start();
        // teardown.sh stops whatever is named in state/*.pid, should this JVM die
        Files.writeString(InteropHarness.WORK.resolve("state/gatewise-agent-" + ns + ".pid"), Long.toString(p.pid()));
        await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(200)).until(() ->
                !InteropHarness.exec(List.of("ip", "netns", "exec", ns, "ss", "-Hlun", "sport = :500"), 10)
                        .output().isBlank());
        return p;
    }
}
