package io.gatewise.agent.ike.interop;

import static io.gatewise.agent.ike.interop.InteropRun.field;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.Optional;

import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Two agents, one in each harness namespace, over real UDP sockets: the matrix. */
@Tag("interop")
class AgentVsAgentInteropTest {

    @BeforeAll
    static void requirements() {
        Optional<String> why = InteropHarness.unavailable();
        why.ifPresent(r -> System.out.println("AgentVsAgentInteropTest skipped: " + r));
        Assumptions.assumeTrue(why.isEmpty(), why.orElse(""));
    }

    @ParameterizedTest(name = "IKE {0}, ESP {1}")
    @CsvSource({
            "aes128-sha1-modp2048, aes128-sha1-modp2048",
            "aes256-sha256-modp2048, aes256-sha256-modp2048",
            "aes128-sha256-ecp256, aes128-sha256-ecp256",
            "3des-sha1-modp1024, 3des-sha1"})
    void twoAgentsNegotiate(String ike, String esp) throws Exception {
        try (InteropRun run = new InteropRun("agents-" + ike)) {
            InteropRun.Agent right = InteropRun.Agent.right(ike, esp, false);
            InteropRun.Agent left = InteropRun.Agent.left(ike, esp, true);
            run.startAgent(right);
            run.startAgent(left);
            await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
                assertThat(run.events(left)).as(run.diagnostics()).contains("ChildSaEstablished");
                assertThat(run.events(right)).as(run.diagnostics()).contains("ChildSaEstablished");
            });
            String l = run.events(left).lines().filter(s -> s.startsWith("ChildSaEstablished")).findFirst().orElseThrow();
            String r = run.events(right).lines().filter(s -> s.startsWith("ChildSaEstablished")).findFirst()
                    .orElseThrow();
            assertThat(field(l, "spiIn")).isEqualTo(field(r, "spiOut"));
            assertThat(field(l, "spiOut")).isEqualTo(field(r, "spiIn"));
            assertThat(field(l, "proposal")).isEqualTo(field(r, "proposal"));
            assertThat(field(l, "mode")).isEqualTo("udp-encapsulated tunnel");
            run.assertCaptureDissectsCleanly(false);
        }
    }
}
