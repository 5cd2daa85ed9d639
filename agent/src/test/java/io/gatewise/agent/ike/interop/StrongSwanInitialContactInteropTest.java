package io.gatewise.agent.ike.interop;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * INITIAL-CONTACT (RFC 2407 section 4.6.3.3) against strongSwan: the agent crashes
 * (SIGKILL, no Delete), starts again and initiates; its Main Mode message 5 carries
 * INITIAL-CONTACT, so charon deletes the stale IKE and IPsec SAs and keeps exactly one
 * IKE SA, the new one. (charon's connection has the default {@code unique = no}: without
 * the notification it would keep the stale SA next to the new one until it expires.)
 * In Aggressive Mode, which has no encrypted phase 1 message, the agent sends it in a
 * protected Informational just before message 3; charon queues that Informational until
 * message 3 completed its Aggressive Mode and so acts on it as on Main Mode's, provided its
 * worker threads take the two datagrams up in the order they were sent (not guaranteed:
 * see the Aggressive Mode test).
 */
@Tag("interop")
class StrongSwanInitialContactInteropTest {
    static final String IKE = "aes128-sha1-modp2048";
    static final Pattern IKE_SPI = Pattern.compile("initiator-spi=([0-9a-f]{16})");

    @BeforeAll
    static void requirements() {
        Optional<String> why = InteropHarness.unavailable();
        why.ifPresent(r -> System.out.println("StrongSwanInitialContactInteropTest skipped: " + r));
        Assumptions.assumeTrue(why.isEmpty(), why.orElse(""));
    }

    /** The initiator cookies of every IKE SA charon in left holds. */
    static List<String> charonIkeSas() {
        Matcher m = IKE_SPI.matcher(InteropHarness.swanctl("left", "--list-sas", "--raw"));
        List<String> out = new ArrayList<>();
        while (m.find()) {
            out.add(m.group(1));
        }
        return out;
    }

    @Test
    void aRestartedAgentMakesCharonReplaceItsStaleSas() throws Exception {
        try (InteropRun run = new InteropRun("initial-contact")) {
            run.startCharon(InteropRun.Charon.of(IKE, IKE));
            InteropRun.Agent agent = InteropRun.Agent.right(IKE, IKE, true);
            restartAndExpectStaleSasReplaced(run, agent);
            assertThat(run.charonLog())
                    .containsPattern("parsed ID_PROT request 0 \\[ ID HASH N\\(INITIAL_CONTACT\\) \\]");
        }
    }

    /**
     * Aggressive Mode. Our Informational leaves just before message 3, but charon hands the
     * two datagrams to two worker threads, and whichever checks the IKE SA out first is
     * processed first: on a loaded machine message 3 now and then wins. charon then
     * completes the SA without the notification and accepts the late Informational without
     * effect (its ike_sa_manager looks for INITIAL-CONTACT only when the SA is first checked
     * in as established), so the stale SA stays. No order of ours can prevent that, the
     * peer does not acknowledge an Informational. The agent must send it first every time
     * (its log says so); when charon's log shows that message 3 overtook it, the crash
     * and restart are repeated (at most three times), and the run where charon queued our
     * Informational must leave exactly one IKE SA: the stale ones of every earlier round
     * go too.
     */
    @Test
    void aRestartedAgentInAggressiveModeMakesCharonReplaceItsStaleSas() throws Exception {
        try (InteropRun run = new InteropRun("initial-contact-aggr")) {
            run.startCharonAggressive(InteropRun.Charon.of(IKE, IKE));
            InteropRun.Agent agent = InteropRun.Agent.right(IKE, IKE, true).with("--mode", "aggressive");
            startAndAwaitChild(run, agent);
            assertThat(charonIkeSas()).hasSize(1);
            for (int round = 1; ; round++) {
                List<String> stale = charonIkeSas();
                String staleChildSpi = InteropHarness.leftSa().orElseThrow().spiIn();
                int mark = run.charonLog().length();
                crashAndRestart(run, agent, stale);
                // both of the new agent's datagrams processed: the Informational and message 3
                await().atMost(Duration.ofSeconds(40)).pollInterval(Duration.ofMillis(500)).untilAsserted(() -> {
                    assertThat(run.charonLog().substring(mark))
                            .containsPattern("parsed AGGRESSIVE request 0 \\[ HASH( NAT-D)* \\]")
                            .containsPattern("parsed INFORMATIONAL_V1 request \\d+ \\[ HASH N\\(INITIAL_CONTACT\\) \\]");
                    assertThat(charonIkeSas()).as("a new IKE SA\n%s", run.diagnostics())
                            .anySatisfy(spi -> assertThat(stale).doesNotContain(spi));
                });
                assertThat(InteropRun.read(run.log("right"))).as("the agent sent it before message 3")
                        .contains("INITIAL-CONTACT in an Informational before Aggressive Mode message 3");
                if (run.charonLog().substring(mark).contains("queueing INFORMATIONAL_V1 request as tasks still active")) {
                    // our Informational came first and waited for message 3
                    expectStaleSasReplaced(run, stale, staleChildSpi);
                    return;
                }
                System.out.println("StrongSwanInitialContactInteropTest: round " + round + ": charon processed "
                        + "Aggressive Mode message 3 before our Informational (worker thread order), INITIAL-CONTACT "
                        + "came too late to act on; crashing and restarting again");
                assertThat(round).as("charon took message 3 first in every round").isLessThan(3);
                // the new SA's Quick Mode done (charon lists the stale SA's child as REKEYED by it)
                await().atMost(Duration.ofSeconds(40)).pollInterval(Duration.ofMillis(500))
                        .untilAsserted(() -> assertThat(run.events(agent)).as(run.diagnostics())
                                .contains("ChildSaEstablished"));
            }
        }
    }

    /** Agent up, killed, started again: charon ends with one IKE SA and one CHILD SA, both new. */
    private static void restartAndExpectStaleSasReplaced(InteropRun run, InteropRun.Agent agent) throws Exception {
        startAndAwaitChild(run, agent);
        List<String> before = charonIkeSas();
        assertThat(before).hasSize(1);
        String staleChildSpi = InteropHarness.leftSa().orElseThrow().spiIn();
        crashAndRestart(run, agent, before);
        expectStaleSasReplaced(run, before, staleChildSpi);
    }

    private static void startAndAwaitChild(InteropRun run, InteropRun.Agent agent) throws Exception {
        run.startAgent(agent);
        await().atMost(Duration.ofSeconds(40)).pollInterval(Duration.ofMillis(500))
                .untilAsserted(() -> assertThat(InteropHarness.leftSa()).as("charon's SAs\n%s", run.diagnostics())
                        .hasValueSatisfying(sa -> assertThat(sa.childState()).isEqualTo("INSTALLED")));
    }

    private static void crashAndRestart(InteropRun run, InteropRun.Agent agent, List<String> stale) throws Exception {
        run.killAgents();                               // crash: charon is not told
        assertThat(charonIkeSas()).as("charon still holds the stale SA").isEqualTo(stale);
        run.startAgent(agent);
    }

    /** charon ends with one IKE SA and one CHILD SA, both new. */
    private static void expectStaleSasReplaced(InteropRun run, List<String> stale, String staleChildSpi)
            throws Exception {
        await().atMost(Duration.ofSeconds(40)).pollInterval(Duration.ofMillis(500)).untilAsserted(() -> {
            List<String> now = charonIkeSas();
            assertThat(now).as("exactly one IKE SA, the new one\n%s", run.diagnostics()).hasSize(1)
                    .doesNotContainAnyElementsOf(stale);
            assertThat(InteropHarness.leftSa()).hasValueSatisfying(sa -> {
                assertThat(sa.childState()).isEqualTo("INSTALLED");
                assertThat(sa.spiIn()).isNotEqualTo(staleChildSpi);
            });
        });
        assertThat(run.charonLog())
                .contains("destroying duplicate IKE_SA for peer '192.0.2.2', received INITIAL_CONTACT");
        String raw = InteropHarness.swanctl("left", "--list-sas", "--raw");
        assertThat(raw.split("spi-in=", -1)).as("one CHILD SA left at charon").hasSize(2);
    }
}
