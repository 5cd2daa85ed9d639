package io.gatewise.agent.ike.interop;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Rekeying against strongSwan with traffic: the whole agent ({@code run --config}, TUN,
 * userspace ESP in UDP 4500) in ns {@code right}, charon in ns {@code left}, Phase 1 and
 * Phase 2 lifetimes of a few seconds, and a ping at 10/s from 10.1.0.1 to 10.2.0.1 through
 * the agent's datapath for 65 s. Two variants:
 * <ul>
 *   <li>{@code agent}: the agent initiates and its lifetimes (IKE 10 s, IPsec 5 s) are the
 *       short ones; charon's are hours, so every rekey is the agent's.</li>
 *   <li>{@code charon}: charon initiates and its lifetimes are shorter (IKE rekey after 5-6 s,
 *       IPsec after 3-4 s; see {@code src/test/interop/psk-main-rekey/left/swanctl.conf}), so
 *       charon starts the rekeys: new Main Modes (IKEv1 reauthentication) and Quick Modes.</li>
 * </ul>
 * Each variant needs at least 20 rekeys, no lost ping (every echo request answered), SA
 * counts that never grow beyond a rekey's transient, and both ends back at one ISAKMP SA and
 * one CHILD SA pair in the end (no leak): charon's {@code swanctl --list-sas} and the agent's
 * own accounting (established minus deleted, datapath SAs added minus deleted).
 */
@Tag("interop")
class StrongSwanRekeyInteropTest {
    static final Path MODULE = InteropHarness.REPO.resolve("agent");
    static final int PINGS = 650;
    /** "[1795767041.927079] no answer yet for icmp_seq=66" (ping -D -O). */
    static final Pattern NO_ANSWER = Pattern.compile("\\[(\\d+\\.\\d+)\\] no answer yet for icmp_seq=(\\d+)");
    /** Agent log lines that mark a rekey, with their ISO time. */
    static final Pattern REKEY_LINE = Pattern.compile("^(\\S+) INFO  .*(rekeying|rekeyed|deleted \\(in .*rekeyed)",
            Pattern.MULTILINE);
    static final Pattern PING = Pattern.compile("(\\d+) packets transmitted, (\\d+) received");

    @BeforeAll
    static void requirements() {
        java.util.Optional<String> why = InteropHarness.unavailable();
        why.ifPresent(r -> System.out.println("StrongSwanRekeyInteropTest skipped: " + r));
        Assumptions.assumeTrue(why.isEmpty(), why.orElse(""));
    }

    @SuppressWarnings("try") // the lock is held for the scope of the try, never referenced in it
    @ParameterizedTest(name = "{0} rekeys")
    @CsvSource({
            "agent, psk-main-rekey-long, right, 10, 5",
            "charon, psk-main-rekey, left, 15840, 3960"})
    void pingSurvivesTwentyRekeys(String rekeyer, String scenario, String initiator, int ikeLifetime,
            int ipsecLifetime) throws Exception {
        Path gen = InteropHarness.WORK.resolve("gen-rekey/" + rekeyer);
        Files.createDirectories(gen);
        String json = Files.readString(MODULE.resolve("examples/psk-main.json"))
                .replace("\"lifetimeSeconds\": 15840", "\"lifetimeSeconds\": " + ikeLifetime)
                .replace("\"lifetimeSeconds\": 3960", "\"lifetimeSeconds\": " + ipsecLifetime);
        if (initiator.equals("right")) {
            json = json.replace("START_ACTION_RESPOND", "START_ACTION_START");
        }
        Path config = gen.resolve("agent.json");
        Files.writeString(config, json);
        Path log = gen.resolve("agent.log");
        Path hook = gen.resolve("start-agent.sh");
        Files.writeString(hook, """
                #!/bin/bash
                # started by run-scenario.sh once charon runs in ns left
                ip netns exec right "$GW_JAVA" -cp "$GW_CP" io.gatewise.agent.cli.AgentMain run \\
                    --config "$GW_CONFIG" --tun gw0 < /dev/null > "$GW_LOG" 2>&1 &
                echo $! > "$INTEROP_WORK/state/gatewise-agent.pid"
                """, StandardCharsets.UTF_8);
        Map<String, String> env = InteropHarness.env();
        env.put("RIGHT_EXTERNAL", "1");
        env.put("RIGHT_HOOK", hook.toString());
        env.put("INITIATOR", initiator);
        env.put("WAIT_SA", "40");
        env.put("RIGHT_WAIT", "60");
        env.put("GW_JAVA", ProcessHandle.current().info().command().orElse("java"));
        env.put("GW_CP", System.getProperty("surefire.test.class.path", System.getProperty("java.class.path")));
        env.put("GW_CONFIG", config.toString());
        env.put("GW_LOG", log.toString());
        env.put("IKE_LOGLEVEL", "1");       // charon logs every rekey; level 4 would be megabytes
        Path scenarioEnv = MODULE.resolve("src/test/interop/scenarios/" + scenario + ".env");

        try (InteropHarness.Lock lock = new InteropHarness.Lock()) {
            try {
                InteropHarness.Result r = InteropHarness.exec(List.of("bash",
                        InteropHarness.HARNESS.resolve("run-scenario.sh").toString(), scenarioEnv.toString()), env, 240);
                assertThat(r.rc()).as("run-scenario.sh\n%s\n--- agent:\n%s", r.output(), InteropRun.read(log))
                        .isZero();

                // SA counts at charon, sampled while the ping runs: never more than a rekey's transient
                AtomicInteger maxIke = new AtomicInteger();
                AtomicInteger maxChild = new AtomicInteger();
                Thread sampler = new Thread(() -> {
                    while (!Thread.currentThread().isInterrupted()) {
                        int[] c = charonCounts();
                        maxIke.accumulateAndGet(c[0], Math::max);
                        maxChild.accumulateAndGet(c[1], Math::max);
                        try {
                            Thread.sleep(1000);
                        } catch (InterruptedException e) {
                            return;
                        }
                    }
                });
                sampler.setDaemon(true);
                sampler.start();
                InteropHarness.Result ping;
                try {
                    ping = InteropHarness.exec(List.of("ip", "netns", "exec", "left", "ping", "-n", "-D", "-O", "-i",
                            "0.1", "-W", "1", "-c", Integer.toString(PINGS), "-I", "10.1.0.1", "10.2.0.1"), 120);
                } finally {
                    sampler.interrupt();
                    sampler.join(5000);
                }
                String agentLog = InteropRun.read(log);
                Matcher m = PING.matcher(ping.output());
                assertThat(m.find()).as("ping output\n%s", ping.output()).isTrue();
                int sent = Integer.parseInt(m.group(1));
                int received = Integer.parseInt(m.group(2));
                int childRekeys = count(agentLog, "CHILD SA net with psk-main rekeyed");
                int ikeRekeys = count(agentLog, "IKE SA with psk-main rekeyed");
                int byPeer = count(agentLog, "rekeyed by the peer");
                System.out.printf("StrongSwanRekeyInteropTest[%s]: %d child rekeys, %d phase 1 rekeys (%d by charon), "
                        + "pings %d sent, %d received; charon max %d IKE SAs, %d CHILD SAs%n", rekeyer, childRekeys,
                        ikeRekeys, byPeer, sent, received, maxIke.get(), maxChild.get());

                assertThat(sent).isEqualTo(PINGS);
                assertThat(received).as("no ping lost; lost pings and the nearest rekey log line:\n%s",
                        lostPings(ping.output(), agentLog)).isEqualTo(sent);
                assertThat(childRekeys + ikeRekeys).as("rekeys in 65 s").isGreaterThanOrEqualTo(20);
                assertThat(childRekeys).isGreaterThanOrEqualTo(10);
                assertThat(ikeRekeys).isGreaterThanOrEqualTo(5);
                if (rekeyer.equals("charon")) {
                    assertThat(byPeer).as("charon started the rekeys").isGreaterThanOrEqualTo(20);
                } else {
                    assertThat(byPeer).as("the agent started every rekey").isZero();
                }
                assertThat(agentLog).doesNotContain("CHILD SA net with psk-main failed")
                        .doesNotContainPattern("IKE SA \\S+ with psk-main failed");
                assertThat(maxIke.get()).as("charon's IKE SAs during the run").isLessThanOrEqualTo(3);
                assertThat(maxChild.get()).as("charon's CHILD SAs during the run").isLessThanOrEqualTo(3);

                // no leak: each count comes back to one ISAKMP SA and one CHILD SA pair. The
                // rekeys go on (every ~2 s with charon's lifetimes), so the moments with no
                // replaced SA in its grace period are short: each count's lowest value is
                // tracked on its own; a leaked SA would keep that count above one for good.
                int[] lowest = {Integer.MAX_VALUE, Integer.MAX_VALUE, Integer.MAX_VALUE, Integer.MAX_VALUE,
                        Integer.MAX_VALUE};
                await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(100)).untilAsserted(() -> {
                    String l = InteropRun.read(log);
                    int[] c = charonCounts();
                    int[] now = {c[0], c[1],
                            count(l, Pattern.compile("IKE SA \\S+ with psk-main established"))
                                    - count(l, Pattern.compile("IKE SA \\S+ with psk-main deleted")),
                            count(l, "CHILD SA net with psk-main installed")
                                    - count(l, "CHILD SA net with psk-main deleted"),
                            count(l, "SA added: ") - count(l, "SA deleted: ")};
                    for (int i = 0; i < now.length; i++) {
                        lowest[i] = Math.min(lowest[i], now[i]);
                    }
                    assertThat(lowest).as("lowest seen: charon IKE SAs, charon CHILD SAs, agent IKE SAs, agent CHILD"
                            + " SAs, agent datapath SAs").containsExactly(1, 1, 1, 1, 2);
                });
            } finally {
                InteropHarness.teardownQuietly();
            }
        }
    }

    /** Each unanswered ping with the agent's rekey line closest in time, for the failure message. */
    static String lostPings(String pingOutput, String agentLog) {
        List<double[]> rekeys = new java.util.ArrayList<>();
        List<String> lines = new java.util.ArrayList<>();
        Matcher r = REKEY_LINE.matcher(agentLog);
        while (r.find()) {
            java.time.Instant at = java.time.OffsetDateTime.parse(r.group(1)).toInstant();
            rekeys.add(new double[] {at.toEpochMilli() / 1000.0});
            lines.add(agentLog.substring(r.start(), agentLog.indexOf('\n', r.start())));
        }
        StringBuilder out = new StringBuilder();
        Matcher m = NO_ANSWER.matcher(pingOutput);
        while (m.find()) {
            double t = Double.parseDouble(m.group(1));
            int best = -1;
            for (int i = 0; i < rekeys.size(); i++) {
                if (best < 0 || Math.abs(rekeys.get(i)[0] - t) < Math.abs(rekeys.get(best)[0] - t)) {
                    best = i;
                }
            }
            out.append(String.format("icmp_seq=%s at %.3f: %s%n", m.group(2), t, best < 0 ? "no rekey"
                    : String.format("%+.3f s %s", rekeys.get(best)[0] - t, lines.get(best))));
        }
        return out.toString();
    }

    /** {IKE SAs, CHILD SAs} at charon in ns left. */
    static int[] charonCounts() {
        String raw = InteropHarness.swanctl("left", "--list-sas", "--raw");
        return new int[] {count(raw, "list-sa event"), count(raw, "spi-in=")};
    }

    static int count(String text, String literal) {
        return count(text, Pattern.compile(Pattern.quote(literal)));
    }

    static int count(String text, Pattern p) {
        Matcher m = p.matcher(text);
        int n = 0;
        while (m.find()) {
            n++;
        }
        return n;
    }
}
