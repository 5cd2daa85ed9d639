package io.gatewise.agent.ike;

import static io.gatewise.agent.ike.EngineFixtures.RIGHT;
import static io.gatewise.agent.ike.EngineFixtures.SETTINGS;
import static io.gatewise.agent.ike.EngineFixtures.addr;
import static org.assertj.core.api.Assertions.assertThat;

import java.net.InetAddress;
import java.util.List;

import org.junit.jupiter.api.Test;

import io.gatewise.agent.ike.config.Identity;
import io.gatewise.agent.ike.config.PeerConfig;
import io.gatewise.agent.ike.config.PreSharedKey;
import io.gatewise.agent.ike.event.ChildSaEstablished;
import io.gatewise.agent.ike.event.ChildSaFailed;
import io.gatewise.agent.ike.event.IkeSaDeleted;
import io.gatewise.agent.ike.event.IkeSaEstablished;
import io.gatewise.agent.ike.event.IkeSaRekeyed;
import io.gatewise.agent.ike.proposal.ProposalParser;
import io.gatewise.agent.ike.v1.TrafficSelectors;
import io.gatewise.agent.ipsec.TrafficSelector;

/**
 * A responder peer for a whole network of initiators (as in the negotiation-rate
 * benchmark): any address in 198.18.0.0/16, any identity, one child 10.2.0.0/24 &lt;-&gt;
 * 10.100.0.0/16 of which each initiator asks for its own host.
 */
class EngineResponderPoolTest {
    private static final String PSK = "interop-bench-psk";
    private static final String IKE = "aes128-sha1-modp2048";
    private static final String ESP = "aes128-sha1-modp2048";

    private final FakeNetwork net = new FakeNetwork();
    private final FakeNetwork.Node right = net.add(RIGHT, SETTINGS, 21);

    private void respondToPool() {
        PeerConfig pool = new PeerConfig("bench", RIGHT, addr("198.18.0.0"), 16, Identity.address(RIGHT),
                Identity.ANY, PreSharedKey.ofUtf8(PSK), ProposalParser.parseIke(IKE),
                PeerConfig.DEFAULT_LIFETIME_SECONDS, true, false,
                List.of(EngineFixtures.child("net", "10.2.0.0/24", "10.100.0.0/16", ESP)));
        right.engine.addPeer(pool);
    }

    private FakeNetwork.Node initiator(String address, String localNet, long seed) {
        InetAddress a = addr(address);
        FakeNetwork.Node n = net.add(a, SETTINGS, seed);
        n.engine.addPeer(PeerConfig.simple("right", a, RIGHT, PreSharedKey.ofUtf8(PSK), ProposalParser.parseIke(IKE),
                List.of(EngineFixtures.child("net", localNet, "10.2.0.0/24", ESP))));
        return n;
    }

    @Test
    void eachInitiatorGetsTheHostItAskedForInsideTheConfiguredChild() {
        respondToPool();
        FakeNetwork.Node a = initiator("198.18.0.1", "10.100.0.1/32", 22);
        FakeNetwork.Node b = initiator("198.18.0.2", "10.100.0.2/32", 23);
        a.engine.initiate("right", null, net.now());
        b.engine.initiate("right", null, net.now());
        net.run();

        assertThat(a.events(ChildSaEstablished.class)).hasSize(1);
        assertThat(b.events(ChildSaEstablished.class)).hasSize(1);
        assertThat(right.events(ChildSaEstablished.class)).hasSize(2);
        assertThat(right.engine.ikeSaCount()).isEqualTo(2);
        // the responder installed exactly the proposed host selectors, not its whole /16
        assertThat(right.backend.policies().values()).extracting(p -> p.remoteSelectors().get(0))
                .containsExactlyInAnyOrder(TrafficSelectors.host(addr("10.100.0.1")),
                        TrafficSelectors.host(addr("10.100.0.2")));
        assertThat(right.backend.sas()).hasSize(4);
    }

    @Test
    void initiatorsFromDifferentAddressesOfThePoolAreDifferentPeersNotRekeysOfEachOther() {
        respondToPool();
        FakeNetwork.Node a = initiator("198.18.0.1", "10.100.0.1/32", 22);
        FakeNetwork.Node b = initiator("198.18.0.2", "10.100.0.2/32", 23);
        a.engine.initiate("right", null, net.now());
        net.run();
        b.engine.initiate("right", null, net.now());
        net.run();
        // long past the waits after which a replaced phase 1 SA would be deleted
        net.advanceInSteps(10 * Phase1Rekey.PEER_DELETE_WAIT_MILLIS, 100);

        assertThat(right.events(IkeSaRekeyed.class)).isEmpty();
        assertThat(right.events(IkeSaDeleted.class)).isEmpty();
        assertThat(right.engine.ikeSaCount()).isEqualTo(2);
        assertThat(a.events(IkeSaDeleted.class)).isEmpty();
        assertThat(b.events(IkeSaDeleted.class)).isEmpty();
    }

    @Test
    void aNewPhase1FromTheSameAddressOfThePoolStillReplacesTheOldOne() {
        respondToPool();
        FakeNetwork.Node a = initiator("198.18.0.1", "10.100.0.1/32", 22);
        a.engine.initiate("right", null, net.now());
        net.run();
        String first = right.events(IkeSaEstablished.class).get(0).ikeSa();
        // a second Main Mode from the same host: its phase 1 rekey (the initiator deletes the old SA)
        assertThat(a.engine.rekeyTunnel("right", net.now())).isTrue();
        net.run();
        net.advanceInSteps(10 * Phase1Rekey.PEER_DELETE_WAIT_MILLIS, 100);

        assertThat(right.events(IkeSaRekeyed.class)).singleElement()
                .satisfies(e -> assertThat(e.oldIkeSa()).isEqualTo(first));
        assertThat(right.engine.ikeSaCount()).isEqualTo(1);
    }

    @Test
    void aWiderOrOutsideProposalIsStillRefused() {
        respondToPool();
        FakeNetwork.Node wide = initiator("198.18.0.3", "10.100.0.0/15", 24);
        FakeNetwork.Node outside = initiator("198.18.0.4", "10.101.0.4/32", 25);
        wide.engine.initiate("right", null, net.now());
        outside.engine.initiate("right", null, net.now());
        net.run();

        assertThat(right.events(ChildSaFailed.class)).extracting(ChildSaFailed::notifyType)
                .containsExactly("INVALID-ID-INFORMATION", "INVALID-ID-INFORMATION");
        assertThat(right.backend.sas()).isEmpty();
        assertThat(wide.events(ChildSaFailed.class)).hasSize(1);
        assertThat(outside.events(ChildSaFailed.class)).hasSize(1);
    }

    @Test
    void containmentLooksAtAddressesProtocolAndPorts() {
        TrafficSelector net16 = TrafficSelectors.subnet(addr("10.100.0.0"), 16);
        assertThat(TrafficSelectors.contains(net16, TrafficSelectors.host(addr("10.100.255.255")))).isTrue();
        assertThat(TrafficSelectors.contains(net16, net16)).isTrue();
        assertThat(TrafficSelectors.contains(net16, TrafficSelectors.host(addr("10.101.0.0")))).isFalse();
        assertThat(TrafficSelectors.contains(net16, TrafficSelectors.subnet(addr("10.100.0.0"), 15))).isFalse();
        TrafficSelector tcp443 = new TrafficSelector(addr("10.100.0.1"), addr("10.100.0.1"), 6, 443, 443);
        assertThat(TrafficSelectors.contains(net16, tcp443)).isTrue();
        assertThat(TrafficSelectors.contains(tcp443, TrafficSelectors.host(addr("10.100.0.1")))).isFalse();
        assertThat(TrafficSelectors.contains(net16, TrafficSelectors.host(addr("::1")))).isFalse();
    }
}
