package io.gatewise.agent.ike.v1;

import static io.gatewise.agent.ike.EngineFixtures.LEFT;
import static io.gatewise.agent.ike.EngineFixtures.RIGHT;
import static io.gatewise.agent.ike.EngineFixtures.addr;
import static org.assertj.core.api.Assertions.assertThat;

import java.net.InetAddress;
import java.util.List;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import io.gatewise.agent.ike.EngineFixtures;
import io.gatewise.agent.ike.FakeNetwork;
import io.gatewise.agent.ike.codec.Bytes;
import io.gatewise.agent.ike.codec.DeletePayload;
import io.gatewise.agent.ike.codec.ProtocolId;
import io.gatewise.agent.ike.config.EngineSettings;
import io.gatewise.agent.ike.config.PeerConfig;
import io.gatewise.agent.ike.config.PreSharedKey;
import io.gatewise.agent.ike.event.ChildSaDeleted;
import io.gatewise.agent.ike.event.ChildSaEstablished;
import io.gatewise.agent.ike.event.IkeSaDeleted;
import io.gatewise.agent.ike.proposal.ProposalParser;
import io.gatewise.agent.ike.sa.ChildSa;
import io.gatewise.agent.ike.sa.DropReason;
import io.gatewise.agent.ike.sa.IkeSa;

/**
 * Delete payloads (RFC 2408 section 3.15) both ways, with three gateways: left has SAs with
 * right and with third. A protected Delete naming an SA that does not exist, or one that
 * belongs to the other peer, is refused and counted and changes nothing; genuine ones
 * remove exactly what they name.
 */
class InboundDeleteTest {
    private static final String PSK = "delete-test-psk-0123456789";
    private static final String IKE = "aes128-sha1-modp2048";
    private static final InetAddress THIRD = addr("192.0.2.3");

    private final FakeNetwork net = new FakeNetwork();
    private FakeNetwork.Node left;
    private FakeNetwork.Node right;
    private FakeNetwork.Node third;

    @BeforeEach
    void twoTunnels() {
        left = net.add(LEFT, EngineSettings.DEFAULT, 1);
        right = net.add(RIGHT, EngineSettings.DEFAULT, 2);
        third = net.add(THIRD, EngineSettings.DEFAULT, 3);
        left.engine.addPeer(EngineFixtures.leftPeer(IKE, IKE, PSK));
        left.engine.addPeer(PeerConfig.simple("third", LEFT, THIRD, PreSharedKey.ofUtf8(PSK),
                ProposalParser.parseIke(IKE), List.of(EngineFixtures.child("net", "10.1.0.0/24", "10.3.0.0/24", IKE))));
        right.engine.addPeer(EngineFixtures.rightPeer(IKE, IKE, PSK));
        third.engine.addPeer(PeerConfig.simple("left", THIRD, LEFT, PreSharedKey.ofUtf8(PSK),
                ProposalParser.parseIke(IKE), List.of(EngineFixtures.child("net", "10.3.0.0/24", "10.1.0.0/24", IKE))));
        left.engine.initiate("right", null, net.now());
        left.engine.initiate("third", null, net.now());
        net.run();
        assertThat(left.events(ChildSaEstablished.class)).hasSize(2);
        assertThat(left.backend.sas()).hasSize(4);
    }

    private static TaskManagerV1 tm(FakeNetwork.Node node) {
        return (TaskManagerV1) EngineInternals.sas(node.engine).get(0).taskManager();
    }

    private IkeSa leftSaWith(String peer) {
        return EngineInternals.sas(left.engine).stream().filter(s -> s.peerName().equals(peer)).findFirst()
                .orElseThrow();
    }

    private void assertLeftUntouched() {
        assertThat(left.engine.ikeSaCount()).isEqualTo(2);
        assertThat(left.engine.childSaCount()).isEqualTo(2);
        assertThat(left.backend.sas()).hasSize(4);
        assertThat(left.events(ChildSaDeleted.class)).isEmpty();
        assertThat(left.events(IkeSaDeleted.class)).isEmpty();
    }

    @Test
    void deletesForMissingOrForeignSasAreRefusedAndChangeNothing() {
        ChildSa rightChild = leftSaWith("right").children().get(0);
        IkeSa rightSa = leftSaWith("right");

        // right names an ESP SA that does not exist, and an ISAKMP SA that does not exist
        tm(right).sendInformational(List.of(DeletePayload.of(ProtocolId.IPSEC_ESP,
                List.of(Bytes.ofInt(0xdeadbeefL, 4)))), net.now());
        tm(right).sendInformational(List.of(DeletePayload.of(ProtocolId.ISAKMP,
                List.of(Bytes.fromHex("0102030405060708090a0b0c0d0e0f10")))), net.now());
        // third names right's SAs: its IPsec SA (the SPI left sends to right with) and its ISAKMP SA
        tm(third).sendInformational(List.of(DeletePayload.of(ProtocolId.IPSEC_ESP,
                List.of(Bytes.ofInt(rightChild.spiOut(), 4)))), net.now());
        tm(third).sendInformational(List.of(DeletePayload.of(ProtocolId.ISAKMP,
                List.of(Bytes.of(rightSa.id().toBytes())))), net.now());
        // right names its own SA, but as AH (it is ESP), and with an SPI of the wrong size
        tm(right).sendInformational(List.of(DeletePayload.of(ProtocolId.IPSEC_AH,
                List.of(Bytes.ofInt(rightChild.spiOut(), 4)))), net.now());
        tm(right).sendInformational(List.of(DeletePayload.of(ProtocolId.IPSEC_ESP,
                List.of(Bytes.ofInt(rightChild.spiOut(), 8)))), net.now());
        net.run();

        assertThat(left.engine.counters().droppedCount(DropReason.DELETE_REFUSED)).isEqualTo(6);
        assertLeftUntouched();
        assertThat(right.engine.childSaCount()).isEqualTo(1);
        assertThat(third.engine.childSaCount()).isEqualTo(1);
    }

    @Test
    void genuineDeletesRemoveExactlyWhatTheyNameInBothDirections() {
        // right deletes its child (Delete with its inbound SPI = left's outbound SPI)
        ChildSa atRight = EngineInternals.sas(right.engine).get(0).children().get(0);
        tm(right).deleteChild(atRight, "operator", net.now());
        net.run();
        assertThat(left.events(ChildSaDeleted.class)).singleElement()
                .satisfies(e -> assertThat(e.reason()).isEqualTo("deleted by peer"));
        assertThat(left.engine.childSaCount()).isEqualTo(1);
        assertThat(left.engine.ikeSaCount()).isEqualTo(2);

        // left terminates the tunnel to third: ESP and ISAKMP Deletes, third drops both
        left.engine.terminate("third", net.now());
        net.run();
        assertThat(third.engine.childSaCount()).isZero();
        assertThat(third.engine.ikeSaCount()).isZero();
        assertThat(third.events(IkeSaDeleted.class)).singleElement()
                .satisfies(e -> assertThat(e.reason()).isEqualTo("deleted by peer"));
        // right's ISAKMP SA untouched
        assertThat(left.engine.ikeSaCount()).isEqualTo(1);
        assertThat(right.engine.ikeSaCount()).isEqualTo(1);
        assertThat(left.engine.counters().droppedCount(DropReason.DELETE_REFUSED)).isZero();
        assertThat(third.engine.counters().droppedCount(DropReason.DELETE_REFUSED)).isZero();
    }
}
