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

/**
 * The harness's own {@code cert-main} (Main Mode, RSA signatures, CERT and CR, FQDN ids
 * that are the certificates' subjectAltNames, test CA from {@code pki/make-pki.sh}) and
 * {@code psk-aggr} (Aggressive Mode, PSK, FQDN ids) scenarios, and {@code cert-aggr}
 * (cert-main's config in Aggressive Mode: RSA signatures with CERT in messages 2 and 3),
 * with the agent in ns right as responder and as initiator. charon must show the IKE SA ESTABLISHED and the CHILD SA
 * INSTALLED with our SPIs, and tshark must dissect the capture without error.
 *
 * <p>Root and charon required, else skipped with the reason; holds the harness lock per
 * run and tears down the namespaces (see {@link InteropRun}). Run with
 * {@code INTEROP_WORK=agent/target/interop-auth} to keep its files apart.
 */
@Tag("interop")
class StrongSwanAuthModeInteropTest {

    @BeforeAll
    static void requirements() {
        Optional<String> why = InteropHarness.unavailable();
        why.ifPresent(r -> System.out.println("StrongSwanAuthModeInteropTest skipped: " + r));
        Assumptions.assumeTrue(why.isEmpty(), why.orElse(""));
    }

    @ParameterizedTest(name = "{0}, {1} initiates")
    @CsvSource({"cert-main, strongswan", "cert-main, agent", "psk-aggr, strongswan", "psk-aggr, agent",
            "cert-aggr, strongswan", "cert-aggr, agent"})
    void scenarioWithCharon(String scenario, String initiator) throws Exception {
        boolean agentInitiates = initiator.equals("agent");
        try (InteropRun run = new InteropRun("agent-" + scenario + "-" + initiator)) {
            if (scenario.equals("cert-aggr")) {
                startCertificatesInAggressiveMode(run);
            } else {
                run.startCharonScenario(scenario);
            }
            boolean certificates = scenario.startsWith("cert-");
            InteropRun.Agent base = InteropRun.Agent.right("aes128-sha1-modp2048, aes256-sha256-modp2048",
                    "aes128-sha1-modp2048", agentInitiates)
                    .withPeer("192.0.2.1", "right.interop.test", "left.interop.test");
            String pki = InteropHarness.WORK.resolve("pki").toString();
            InteropRun.Agent credentials = certificates
                    ? base.with("--cert", pki + "/right.crt", "--key", pki + "/right.key", "--ca", pki + "/ca.crt")
                    : base;
            InteropRun.Agent agent = scenario.endsWith("-aggr") ? credentials.with("--mode", "aggressive")
                    : credentials;
            run.startAgent(agent);
            if (!agentInitiates) {
                String out = InteropHarness.swanctl("left", "--initiate", "--ike", scenario, "--child", "net",
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
            assertThat(sa.encap()).as("ESP in UDP 4500").isTrue();
            String ike = run.events(agent).lines().filter(l -> l.startsWith("IkeSaEstablished")).findFirst()
                    .orElseThrow();
            assertThat(field(ike, "remoteId")).isEqualTo("left.interop.test");
            assertThat(field(ike, "initiator")).isEqualTo(String.valueOf(agentInitiates));
            String child = run.events(agent).lines().filter(l -> l.startsWith("ChildSaEstablished")).findFirst()
                    .orElseThrow();
            assertThat(field(child, "spiOut")).isEqualTo(sa.spiIn());
            assertThat(field(child, "spiIn")).isEqualTo(sa.spiOut());
            String charonLog = run.charonLog();
            if (certificates) {
                assertThat(charonLog).as("charon checked our certificate")
                        .contains("CN=right.interop.test");
                assertThat(field(ike, "authMethod")).isEqualTo("rsa-sig");
                assertThat(field(ike, "peerCertificateSha256")).matches("[0-9a-f]{64}");
            }
            if (scenario.equals("cert-main")) {
                if (agentInitiates) {
                    // charon announces FRAGMENTATION too, so our message 5 (ID, CERT, CERTREQ,
                    // SIG, INITIAL-CONTACT: more than a 1280-byte datagram holds) goes out as
                    // fragments that charon joins; our message 6 (1.2 kB) fits unsplit
                    assertThat(charonLog).as("charon reassembled our fragmented certificate message")
                            .contains("reassembled fragmented IKE message");
                }
                if (!agentInitiates) {
                    // we announce the FRAGMENTATION VID, so charon splits its ~1.3 kB
                    // certificate message 5 into payload-132 fragments that we reassemble
                    assertThat(charonLog).as("charon fragmented Main Mode message 5")
                            .contains("splitting IKE message");
                }
            } else {
                assertThat(charonLog).contains("AGGRESSIVE");
                assertThat(field(ike, "mode")).isEqualTo("aggressive");
            }
            run.assertCaptureDissectsCleanly(true);
        }
    }

    /**
     * The harness has no Aggressive Mode certificate scenario: cert-main's own left config
     * with {@code aggressive = yes}, staged like any config folder (start-strongswan.sh
     * adds the test PKI because it uses {@code auth = pubkey}).
     */
    private static void startCertificatesInAggressiveMode(InteropRun run) throws java.io.IOException {
        String certMain = java.nio.file.Files.readString(
                InteropHarness.HARNESS.resolve("conf/cert-main/left/swanctl.conf"));
        String certAggr = certMain.replace("cert-main {", "cert-aggr {").replace("aggressive = no", "aggressive = yes");
        assertThat(certAggr).contains("cert-aggr {", "aggressive = yes");
        java.nio.file.Path dir = run.dir.resolve("left-cert-aggr");
        java.nio.file.Files.createDirectories(dir);
        java.nio.file.Files.writeString(dir.resolve("swanctl.conf"), certAggr);
        InteropHarness.script("start-strongswan.sh", "left", dir.toString());
    }
}
