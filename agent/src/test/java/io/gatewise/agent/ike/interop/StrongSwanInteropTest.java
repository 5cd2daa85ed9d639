package io.gatewise.agent.ike.interop;

import static io.gatewise.agent.ike.interop.InteropRun.field;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
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
 * machine-wide harness lock for each run (see {@link InteropRun}) and always tears the
 * namespaces down.
 */
@Tag("interop")
class StrongSwanInteropTest {

    @BeforeAll
    static void requirements() {
        Optional<String> why = InteropHarness.unavailable();
        why.ifPresent(r -> System.out.println("StrongSwanInteropTest skipped: " + r));
        Assumptions.assumeTrue(why.isEmpty(), why.orElse(""));
    }

    @ParameterizedTest(name = "{0} initiates: IKE {1}, ESP {2}")
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
        boolean agentInitiates = initiator.equals("agent");
        try (InteropRun run = new InteropRun("agent-" + initiator + "-" + ike)) {
            run.startCharon(InteropRun.Charon.of(ike, esp));
            InteropRun.Agent agent = InteropRun.Agent.right(ike, esp, agentInitiates);
            run.startAgent(agent);
            if (!agentInitiates) {
                String out = InteropHarness.swanctl("left", "--initiate", "--ike", "gw", "--child", "net",
                        "--timeout", "30");
                assertThat(out).as("swanctl --initiate\n%s\n%s", out, run.diagnostics())
                        .contains("initiate completed successfully");
            }
            await().atMost(Duration.ofSeconds(40)).pollInterval(Duration.ofMillis(500))
                    .untilAsserted(() -> assertThat(InteropHarness.leftSa()).as("charon's SAs\n%s", run.diagnostics())
                            .hasValueSatisfying(sa -> assertThat(sa.childState()).isEqualTo("INSTALLED")));
            await().atMost(Duration.ofSeconds(10))
                    .untilAsserted(() -> assertThat(run.events(agent)).contains("ChildSaEstablished"));

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
            String child = run.events(agent).lines().filter(l -> l.startsWith("ChildSaEstablished")).findFirst()
                    .orElseThrow();
            assertThat(field(child, "spiOut")).isEqualTo(sa.spiIn());
            assertThat(field(child, "spiIn")).isEqualTo(sa.spiOut());
            run.assertCaptureDissectsCleanly(true);
        }
    }

    /**
     * Phase 1 RESPONDER-LIFETIME (RFC 2407 section 4.6.3.1) towards charon: charon initiates
     * Main Mode proposing 15840 s, the agent is configured for 600 s, echoes the proposal and
     * tells charon its 600 s in a protected Informational right after phase 1 (as Cisco IOS
     * does). charon does not know the type and logs it as "(24576)" (it rekeys by its own
     * configuration, and ignores unknown status notifications); the point is that
     * nothing breaks: the ISAKMP SA stays up and a further Quick Mode on it still works.
     */
    @Test
    void responderLifetimeOfTheIsakmpSaLeavesCharonUndisturbed() throws Exception {
        String ike = "aes128-sha1-modp2048";
        try (InteropRun run = new InteropRun("responder-lifetime-ike")) {
            run.startCharon(InteropRun.Charon.of(ike, ike));
            InteropRun.Agent agent = InteropRun.Agent.right(ike, ike, false).with("--ike-lifetime", "600");
            run.startAgent(agent);
            String out = InteropHarness.swanctl("left", "--initiate", "--ike", "gw", "--child", "net", "--timeout", "30");
            assertThat(out).as("swanctl --initiate\n%s\n%s", out, run.diagnostics())
                    .contains("initiate completed successfully");
            await().atMost(Duration.ofSeconds(20)).pollInterval(Duration.ofMillis(300)).untilAsserted(() ->
                    assertThat(run.charonLog()).containsPattern("parsed INFORMATIONAL_V1 request \\d+ \\[ HASH N\\(\\(24576\\)\\) \\]")
                            .contains("received (24576) notify"));
            assertThat(InteropRun.read(run.log("right")))
                    .contains("telling left that our ISAKMP SA lifetime is 600 s, shorter than proposed");
            InteropHarness.CharonSa before = InteropHarness.leftSa().orElseThrow();
            String ikeSpi = ikeSpi();

            // a Quick Mode on the same ISAKMP SA after the notification: still fine
            String rekey = InteropHarness.swanctl("left", "--rekey", "--child", "net");
            assertThat(rekey).as("swanctl --rekey\n%s", rekey).doesNotContain("failed");
            await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(500)).untilAsserted(() ->
                    assertThat(InteropHarness.leftSa()).as("charon's SAs\n%s", run.diagnostics()).hasValueSatisfying(sa -> {
                        assertThat(sa.ikeState()).isEqualTo("ESTABLISHED");
                        assertThat(sa.childState()).isEqualTo("INSTALLED");
                        assertThat(sa.spiIn()).isNotEqualTo(before.spiIn());
                    }));
            assertThat(ikeSpi()).as("the same ISAKMP SA").isEqualTo(ikeSpi);
            assertThat(run.events(agent).lines().filter(l -> l.startsWith("ChildSaEstablished")).count())
                    .isGreaterThanOrEqualTo(2);
            run.assertCaptureDissectsCleanly(true);
        }
    }

    private static String ikeSpi() {
        Matcher m = Pattern.compile("initiator-spi=([0-9a-f]{16})")
                .matcher(InteropHarness.swanctl("left", "--list-sas", "--raw"));
        assertThat(m.find()).isTrue();
        return m.group(1);
    }

    /**
     * The harness's natt-psk-main scenario: charon behind a masquerading NAT (172.16.0.1
     * seen as 192.0.2.254), FQDN identities. Both sides detect the NAT for real.
     */
    @Test
    void behindRealNatWithFqdnIdentities() throws Exception {
        try (InteropRun run = new InteropRun("agent-natt-psk-main", "nat")) {
            run.startCharonScenario("natt-psk-main");
            InteropRun.Agent agent = InteropRun.Agent.right("aes128-sha1-modp2048, aes256-sha256-modp2048",
                    "aes128-sha1-modp2048", false).withPeer("192.0.2.254", "right.interop.test", "left.interop.test");
            run.startAgent(agent);
            String out = InteropHarness.swanctl("left", "--initiate", "--ike", "natt-psk-main", "--child", "net",
                    "--timeout", "30");
            assertThat(out).as("swanctl --initiate\n%s\n%s", out, run.diagnostics())
                    .contains("initiate completed successfully");
            await().atMost(Duration.ofSeconds(10))
                    .untilAsserted(() -> assertThat(run.events(agent)).contains("ChildSaEstablished"));
            InteropHarness.CharonSa sa = InteropHarness.leftSa().orElseThrow();
            assertThat(sa.childState()).isEqualTo("INSTALLED");
            String ike = run.events(agent).lines().filter(l -> l.startsWith("IkeSaEstablished")).findFirst()
                    .orElseThrow();
            assertThat(field(ike, "remote")).isEqualTo("/192.0.2.254:4500");
            assertThat(field(ike, "remoteId")).isEqualTo("left.interop.test");
            String child = run.events(agent).lines().filter(l -> l.startsWith("ChildSaEstablished")).findFirst()
                    .orElseThrow();
            assertThat(field(child, "spiOut")).isEqualTo(sa.spiIn());
            assertThat(field(child, "spiIn")).isEqualTo(sa.spiOut());
            run.assertCaptureDissectsCleanly(true);
        }
    }
}
