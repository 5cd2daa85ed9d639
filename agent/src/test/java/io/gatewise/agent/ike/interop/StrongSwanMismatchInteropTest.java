package io.gatewise.agent.ike.interop;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.Optional;

import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * What goes wrong against strongSwan must fail with the right notification, seen by
 * charon, and a plain-words reason in the agent's events; DPD R-U-THERE is answered.
 */
@Tag("interop")
class StrongSwanMismatchInteropTest {
    private static final String IKE = "aes128-sha1-modp2048";
    private static final String ESP = "aes128-sha1-modp2048";

    @BeforeAll
    static void requirements() {
        Optional<String> why = InteropHarness.unavailable();
        why.ifPresent(r -> System.out.println("StrongSwanMismatchInteropTest skipped: " + r));
        Assumptions.assumeTrue(why.isEmpty(), why.orElse(""));
    }

    @Test
    void noCommonProposalWhenCharonInitiates() throws Exception {
        try (InteropRun run = new InteropRun("agent-mismatch-proposal")) {
            run.startCharon(InteropRun.Charon.of("aes128-sha1-modp1024", ESP));
            InteropRun.Agent agent = InteropRun.Agent.right(IKE, ESP, false);
            run.startAgent(agent);
            String out = InteropHarness.swanctl("left", "--initiate", "--ike", "gw", "--child", "net", "--timeout", "20");
            assertThat(out).doesNotContain("initiate completed successfully");
            await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> assertThat(run.events(agent))
                    .contains("IkeSaFailed").contains("notifyType=NO-PROPOSAL-CHOSEN")
                    .contains("reason=peer offered AES-128/SHA1/MODP-1024; local policy accepts only MODP-2048"));
            assertThat(run.charonLog()).contains("received NO_PROPOSAL_CHOSEN error notify");
            run.assertCaptureDissectsCleanly(false);
        }
    }

    @Test
    void noCommonProposalWhenTheAgentInitiates() throws Exception {
        try (InteropRun run = new InteropRun("agent-mismatch-proposal-i")) {
            run.startCharon(InteropRun.Charon.of(IKE, ESP));
            InteropRun.Agent agent = InteropRun.Agent.right("aes256-sha512-ecp384", ESP, true);
            run.startAgent(agent);
            await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> assertThat(run.events(agent))
                    .contains("IkeSaFailed").contains("notifyType=NO-PROPOSAL-CHOSEN").contains("byPeer=true"));
            assertThat(run.charonLog()).contains("no proposal found");
        }
    }

    @Test
    void wrongPreSharedKeyFailsAuthenticationOnBothSides() throws Exception {
        try (InteropRun run = new InteropRun("agent-mismatch-psk")) {
            run.startCharon(InteropRun.Charon.of(IKE, ESP).withPsk("not-the-agents-key-0123456789"));
            InteropRun.Agent agent = InteropRun.Agent.right(IKE, ESP, false);
            run.startAgent(agent);
            String out = InteropHarness.swanctl("left", "--initiate", "--ike", "gw", "--child", "net", "--timeout", "8");
            assertThat(out).doesNotContain("initiate completed successfully");
            await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> assertThat(run.events(agent))
                    .contains("IkeSaFailed").contains("notifyType=AUTHENTICATION-FAILED")
                    .contains("the pre-shared keys of the two sides probably differ"));
            // charon receives our notification; it ignores it because, holding (other) keys,
            // it accepts only protected informationals, and it cannot decrypt ours
            await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> assertThat(run.charonLog())
                    .containsPattern("parsed INFORMATIONAL_V1 request \\d+ \\[ N\\(AUTH_FAILED\\) \\]"));
        }
    }

    @Test
    void trafficSelectorsThatDoNotMatchAreRefusedWithInvalidIdInformation() throws Exception {
        try (InteropRun run = new InteropRun("agent-mismatch-ts")) {
            run.startCharon(InteropRun.Charon.of(IKE, ESP).withRemoteTs("10.3.0.0/24"));
            InteropRun.Agent agent = InteropRun.Agent.right(IKE, ESP, false);
            run.startAgent(agent);
            String out = InteropHarness.swanctl("left", "--initiate", "--ike", "gw", "--child", "net", "--timeout", "20");
            assertThat(out).doesNotContain("initiate completed successfully");
            await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> assertThat(run.events(agent))
                    .contains("ChildSaFailed").contains("notifyType=INVALID-ID-INFORMATION")
                    .contains("reason=peer proposed 10.1.0.0/24 <-> 10.3.0.0/24; configured: "
                            + "10.1.0.0/24 <-> 10.2.0.0/24 (narrowing is not supported)"));
            assertThat(run.charonLog()).contains("received INVALID_ID_INFORMATION error notify");
            // the IKE SA survives a refused Quick Mode
            assertThat(InteropHarness.swanctl("left", "--list-sas")).contains("ESTABLISHED");
        }
    }

    @Test
    void deadPeerDetectionRequestsAreAnswered() throws Exception {
        try (InteropRun run = new InteropRun("agent-dpd")) {
            run.startCharon(InteropRun.Charon.of(IKE, ESP).withDpd(1));
            InteropRun.Agent agent = InteropRun.Agent.right(IKE, ESP, false);
            run.startAgent(agent);
            String out = InteropHarness.swanctl("left", "--initiate", "--ike", "gw", "--child", "net", "--timeout", "20");
            assertThat(out).contains("initiate completed successfully");
            await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> assertThat(run.charonLog())
                    .containsPattern("parsed INFORMATIONAL_V1 request \\d+ \\[ HASH N\\(DPD_ACK\\) \\]"));
            assertThat(InteropHarness.leftSa()).hasValueSatisfying(sa -> assertThat(sa.ikeState())
                    .isEqualTo("ESTABLISHED"));
            run.assertCaptureDissectsCleanly(true);
        }
    }
}
