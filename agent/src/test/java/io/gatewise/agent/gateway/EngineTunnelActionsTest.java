package io.gatewise.agent.gateway;

import static io.gatewise.agent.ike.EngineFixtures.LEFT;
import static io.gatewise.agent.ike.EngineFixtures.RIGHT;
import static io.gatewise.agent.ike.EngineFixtures.SETTINGS;
import static org.assertj.core.api.Assertions.assertThat;

import io.gatewise.agent.config.TunnelActions.Outcome;
import io.gatewise.agent.events.StatusSnapshot;
import io.gatewise.agent.ike.EngineFixtures;
import io.gatewise.agent.ike.FakeNetwork;
import io.gatewise.agent.ike.event.ChildSaEstablished;
import io.gatewise.agent.ike.event.ChildSaRekeyed;
import io.gatewise.agent.ike.event.IkeSaDeleted;
import io.gatewise.agent.ike.event.IkeSaEstablished;
import io.gatewise.agent.ike.event.IkeSaRekeyed;
import java.time.Instant;
import java.util.HashSet;
import java.util.Set;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The operator's actions against two engines on an in-memory network. */
class EngineTunnelActionsTest {
    private static final String PSK = "actions-test-psk-0123456789";

    private FakeNetwork net;
    private FakeNetwork.Node left;
    private FakeNetwork.Node right;

    @BeforeEach
    void engines() {
        net = new FakeNetwork();
        left = net.add(LEFT, SETTINGS, 11);
        right = net.add(RIGHT, SETTINGS, 12);
        left.engine.addPeer(EngineFixtures.leftPeer("aes128-sha256-modp2048", "aes128-sha256", PSK));
        right.engine.addPeer(EngineFixtures.rightPeer("aes128-sha256-modp2048", "aes128-sha256", PSK));
    }

    private Set<Integer> installedSpis(FakeNetwork.Node node) {
        Set<Integer> spis = new HashSet<>();
        node.backend.sas().forEach(i -> spis.add(i.spec().id().spi()));
        return spis;
    }

    @Test
    void bringUpNegotiatesOnlyWhatIsMissing() {
        Outcome first = EngineTunnelActions.bringUp(left.engine, "right", net.now());
        assertThat(first).isEqualTo(Outcome.done("negotiating Main Mode and 1 Quick Mode(s)"));
        net.run();
        assertThat(left.events(IkeSaEstablished.class)).hasSize(1);
        assertThat(left.events(ChildSaEstablished.class)).hasSize(1);
        assertThat(left.backend.sas()).hasSize(2);

        Outcome again = EngineTunnelActions.bringUp(left.engine, "right", net.now());
        net.run();
        assertThat(again).isEqualTo(Outcome.done("already up: 1 IPsec SA(s) installed; nothing negotiated"));
        assertThat(left.events(IkeSaEstablished.class)).hasSize(1);
        assertThat(left.events(ChildSaEstablished.class)).hasSize(1);

        assertThat(EngineTunnelActions.bringUp(left.engine, "nobody", net.now()))
                .isEqualTo(Outcome.refused("no tunnel named nobody runs on this gateway"));
    }

    @Test
    void clearDeletesBothSidesSasWithDeletePayloads() {
        EngineTunnelActions.bringUp(left.engine, "right", net.now());
        net.run();
        assertThat(right.backend.sas()).hasSize(2);

        Outcome cleared = EngineTunnelActions.clear(left.engine, "right", net.now());
        net.run();
        assertThat(cleared).isEqualTo(Outcome.done(
                "deleted 1 IKE SA(s) and 1 IPsec SA(s), Delete payloads sent to the peer"));
        assertThat(left.backend.sas()).isEmpty();
        assertThat(left.engine.ikeSaCount()).isZero();
        // the peer learnt it from our Delete payloads, not from a timeout
        assertThat(right.backend.sas()).isEmpty();
        assertThat(right.events(IkeSaDeleted.class)).singleElement()
                .satisfies(d -> assertThat(d.reason()).contains("by peer"));
        assertThat(EngineTunnelActions.clear(left.engine, "right", net.now()))
                .isEqualTo(Outcome.done("no SAs to delete"));
    }

    @Test
    void resetReplacesTheSasWithNewSpis() {
        EngineTunnelActions.bringUp(left.engine, "right", net.now());
        net.run();
        Set<Integer> before = installedSpis(left);
        String cookiesBefore = left.events(IkeSaEstablished.class).get(0).ikeSa();

        Outcome reset = EngineTunnelActions.reset(left.engine, "right", net.now());
        net.run();
        assertThat(reset.ok()).isTrue();
        assertThat(reset.detail()).startsWith("deleted 1 IKE SA(s)").endsWith("negotiating Main Mode and 1 Quick Mode(s)");
        assertThat(left.events(IkeSaEstablished.class)).hasSize(2);
        assertThat(left.events(IkeSaEstablished.class).get(1).ikeSa()).isNotEqualTo(cookiesBefore);
        Set<Integer> after = installedSpis(left);
        assertThat(after).hasSize(2).doesNotContainAnyElementsOf(before);
        assertThat(installedSpis(right)).isEqualTo(after);
    }

    @Test
    void rekeyReplacesEveryKeyAndATunnelThatIsDownIsRefused() {
        Outcome down = EngineTunnelActions.rekey(left.engine, "right", net.now());
        assertThat(down.ok()).isFalse();
        assertThat(down.detail()).contains("no established IKE SA to rekey");

        EngineTunnelActions.bringUp(left.engine, "right", net.now());
        net.run();
        Set<Integer> before = installedSpis(left);
        String cookiesBefore = left.events(IkeSaEstablished.class).get(0).ikeSa();
        Outcome rekey = EngineTunnelActions.rekey(left.engine, "right", net.now());
        assertThat(rekey.ok()).as(rekey.detail()).isTrue();
        assertThat(rekey.detail()).contains("a Quick Mode for each of 1 child SA pair(s)");
        // past the grace period in which the old pair still receives
        net.advanceInSteps(10_000, 500);
        assertThat(left.events(IkeSaRekeyed.class)).hasSize(1);
        assertThat(left.events(ChildSaRekeyed.class)).hasSize(1);
        assertThat(left.events(IkeSaEstablished.class).get(1).ikeSa()).isNotEqualTo(cookiesBefore);
        Set<Integer> after = installedSpis(left);
        assertThat(after).hasSize(2).doesNotContainAnyElementsOf(before);
        assertThat(installedSpis(right)).isEqualTo(after);
    }

    @Test
    void statusListsTheSasWithTheirSpisAndCounters() {
        EngineTunnelActions.bringUp(left.engine, "right", net.now());
        net.run();
        StatusSnapshot l = GatewayStatus.snapshot(left.engine, left.backend, net.now() + 3_000, Instant.EPOCH);
        StatusSnapshot r = GatewayStatus.snapshot(right.engine, right.backend, net.now(), Instant.EPOCH);
        assertThat(l.ikeSas()).singleElement().satisfies(i -> {
            assertThat(i.tunnel()).isEqualTo("right");
            assertThat(i.state()).isEqualTo("established");
            assertThat(i.initiatorCookie()).hasSize(16);
            assertThat(i.responderCookie()).hasSize(16);
        });
        StatusSnapshot.ChildSaState lc = l.childSas().get(0);
        StatusSnapshot.ChildSaState rc = r.childSas().get(0);
        assertThat(lc.spiIn()).isEqualTo(rc.spiOut());
        assertThat(lc.spiOut()).isEqualTo(rc.spiIn());
        assertThat(lc.ageSeconds()).isEqualTo(3);
        assertThat(lc.proposal()).isEqualTo("aes_cbc_128/hmac_sha2_256_128");
    }
}
