package io.gatewise.agent.ike.interop;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The whole agent against strongSwan with real traffic: the agent's own {@code run
 * --config FILE} (AgentMain, TUN, IKE on UDP 500, ESP in UDP 4500 through the userspace
 * datapath) in ns {@code right} of the shared harness, started by the harness's
 * {@code RIGHT_HOOK}; {@code run-scenario.sh} must pass its ping test (ping 10.1.0.1 →
 * 10.2.0.1 with charon's CHILD_SA counters growing both ways). Then charon's SPIs must be
 * the agent's, and SIGTERM must delete the SAs at charon (Delete payloads) and remove the
 * TUN device.
 */
@Tag("interop")
class StrongSwanTrafficInteropTest {
    static final Path MODULE = InteropHarness.REPO.resolve("agent");
    static final Pattern CHILD = Pattern.compile("CHILD SA \\S+ with \\S+ installed: in ([0-9a-f]{8}), out ([0-9a-f]{8}), ESP (\\S+)");

    @BeforeAll
    static void requirements() {
        Optional<String> why = InteropHarness.unavailable();
        why.ifPresent(r -> System.out.println("StrongSwanTrafficInteropTest skipped: " + r));
        Assumptions.assumeTrue(why.isEmpty(), why.orElse(""));
    }

    @SuppressWarnings("try") // the lock is held for the scope of the try, never referenced in it
    @ParameterizedTest(name = "{0}, {2} initiates")
    @CsvSource({
            "psk-main, psk-main.json, left, AES_CBC, AES-128/SHA1/MODP-2048",
            "psk-main, psk-main-initiator.json, right, AES_CBC, AES-128/SHA1/MODP-2048",
            "psk-main-gcm, psk-main-gcm.json, left, AES_GCM_16, AES-GCM-128/MODP-2048",
            "psk-main-gcm, psk-main-gcm.json, right, AES_GCM_16, AES-GCM-128/MODP-2048"})
    void pingThroughTheAgentsOwnTunnel(String scenario, String configFile, String initiator, String charonEncr,
            String agentProposal) throws Exception {
        Path gen = InteropHarness.WORK.resolve("gen-traffic/" + scenario + "-" + initiator);
        Files.createDirectories(gen);
        Path config = MODULE.resolve("examples/" + configFile);
        if (initiator.equals("right") && !configFile.contains("initiator")) {
            String json = Files.readString(config).replace("START_ACTION_RESPOND", "START_ACTION_START");
            config = gen.resolve("agent.json");
            Files.writeString(config, json);
        }
        Path log = gen.resolve("agent.log");
        Path hook = gen.resolve("start-agent.sh");
        Files.writeString(hook, """
                #!/bin/bash
                # started by run-scenario.sh once charon runs in ns left
                ip netns exec right "$GW_JAVA" -cp "$GW_CP" io.gatewise.agent.cli.AgentMain run \\
                    --config "$GW_CONFIG" --tun gw0 < /dev/null > "$GW_LOG" 2>&1 &
                echo $! > "$INTEROP_WORK/state/gatewise-agent.pid"
                """, StandardCharsets.UTF_8);
        Path scenarioEnv = scenario.equals("psk-main") ? Path.of(scenario)
                : MODULE.resolve("src/test/interop/scenarios/" + scenario + ".env");
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

        try (InteropHarness.Lock lock = new InteropHarness.Lock()) {
            try {
                InteropHarness.Result r = InteropHarness.exec(List.of("bash",
                        InteropHarness.HARNESS.resolve("run-scenario.sh").toString(), scenarioEnv.toString()), env, 240);
                assertThat(r.rc()).as("run-scenario.sh\n%s\n--- agent:\n%s", r.output(), InteropRun.read(log))
                        .isZero();
                assertThat(r.output()).contains("PASS: ping 10.1.0.1 -> 10.2.0.1 through the tunnel");

                InteropHarness.CharonSa sa = InteropHarness.leftSa().orElseThrow();
                assertThat(sa.childState()).isEqualTo("INSTALLED");
                assertThat(sa.encrAlg()).isEqualTo(charonEncr);
                assertThat(sa.encap()).as("ESP in UDP 4500").isTrue();
                Matcher m = CHILD.matcher(InteropRun.read(log));
                assertThat(m.find()).as("agent log\n%s", InteropRun.read(log)).isTrue();
                assertThat(m.group(1)).as("our inbound SPI is charon's outbound").isEqualTo(sa.spiOut());
                assertThat(m.group(2)).as("our outbound SPI is charon's inbound").isEqualTo(sa.spiIn());
                assertThat(m.group(3).replaceAll(",$", "")).isEqualTo(agentProposal);

                // SIGTERM: Delete payloads reach charon, and the TUN device goes away
                long pid = Long.parseLong(Files.readString(InteropHarness.WORK.resolve(
                        "state/gatewise-agent.pid")).strip());
                InteropHarness.exec(List.of("kill", "-TERM", Long.toString(pid)), 10);
                await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(300))
                        .until(() -> ProcessHandle.of(pid).map(p -> !p.isAlive()).orElse(true));
                assertThat(InteropRun.read(log)).contains("gateway down: SAs deleted, TUN gw0 removed");
                await().atMost(Duration.ofSeconds(15)).pollInterval(Duration.ofMillis(300))
                        .untilAsserted(() -> assertThat(InteropHarness.leftSa()).as("charon got the Delete").isEmpty());
                assertThat(InteropHarness.exec(List.of("ip", "netns", "exec", "right", "ip", "link", "show", "gw0"), 10)
                        .rc()).as("gw0 removed").isNotZero();
                assertThat(InteropRun.read(InteropHarness.WORK.resolve("state/left/charon.log")))
                        .containsPattern("received DELETE for (IKE_SA|ESP CHILD_SA)");
            } finally {
                InteropHarness.teardownQuietly();
            }
        }
    }
}
