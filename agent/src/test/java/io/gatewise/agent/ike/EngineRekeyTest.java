package io.gatewise.agent.ike;

import static io.gatewise.agent.ike.EngineFixtures.LEFT;
import static io.gatewise.agent.ike.EngineFixtures.RIGHT;
import static io.gatewise.agent.ike.EngineFixtures.SETTINGS;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import io.gatewise.agent.ike.codec.NotifyType;
import io.gatewise.agent.ike.config.ChildConfig;
import io.gatewise.agent.ike.config.PeerConfig;
import io.gatewise.agent.ike.event.ChildSaEstablished;
import io.gatewise.agent.ike.event.ChildSaFailed;
import io.gatewise.agent.ike.event.ChildSaRekeyed;
import io.gatewise.agent.ike.event.IkeSaFailed;
import io.gatewise.agent.ike.event.IkeSaRekeyed;
import io.gatewise.agent.ike.sa.DropReason;
import io.gatewise.agent.ipsec.IpsecProtocol;
import io.gatewise.agent.ipsec.PolicySpec;
import io.gatewise.agent.ipsec.SaId;
import io.gatewise.agent.ipsec.SaSpec;

/** Two engines rekey Phase 1 and Phase 2 over an in-memory network. */
class EngineRekeyTest {
    private static final String PSK = "interop-test-psk-0123456789";
    private static final String IKE = "aes128-sha1-modp2048";
    private static final String ESP = "aes128-sha1-modp2048";

    private FakeNetwork net;
    private FakeNetwork.Node left;
    private FakeNetwork.Node right;

    private void up(long leftIke, long leftChild, long leftKb, long rightIke, long rightChild) {
        net = new FakeNetwork();
        left = net.add(LEFT, SETTINGS, 11);
        right = net.add(RIGHT, SETTINGS, 22);
        left.engine.addPeer(withChild(EngineFixtures.leftPeer(IKE, ESP, PSK), leftIke, leftChild, leftKb));
        right.engine.addPeer(withChild(EngineFixtures.rightPeer(IKE, ESP, PSK), rightIke, rightChild, 0));
        left.engine.initiate("right", null, net.now());
        net.run();
        assertThat(left.engine.childSaCount()).isEqualTo(1);
        assertThat(right.engine.childSaCount()).isEqualTo(1);
    }

    private static PeerConfig withChild(PeerConfig p, long ikeSeconds, long childSeconds, long kb) {
        ChildConfig c = p.children().get(0);
        ChildConfig changed = new ChildConfig(c.name(), c.local(), c.remote(), c.proposals(), c.mode(), childSeconds,
                kb);
        return new PeerConfig(p.name(), p.localAddress(), p.remoteAddress(), p.remotePrefixLength(), p.localId(),
                p.remoteId(), p.psk(), p.proposals(), ikeSeconds, p.forceEncapsulation(), p.sendInitialContact(),
                List.of(changed), p.mode(), p.certificates());
    }

    /** Lets the clock run until both ends are back to one IKE SA and one child (bounded). */
    private void settle() {
        for (int i = 0; i < 150 && !steady(); i++) {
            net.advance(100);
        }
    }

    private boolean steady() {
        return List.of(left, right).stream().allMatch(n -> n.engine.ikeSaCount() == 1
                && n.engine.childSaCount() == 1 && n.backend.sas().size() == 2);
    }

    private void assertSteadyAndConsistent() {
        settle();
        for (FakeNetwork.Node n : List.of(left, right)) {
            assertThat(n.engine.ikeSaCount()).as("IKE SAs").isEqualTo(1);
            assertThat(n.engine.childSaCount()).as("child SAs").isEqualTo(1);
            assertThat(n.backend.sas()).as("datapath SAs").hasSize(2);
            assertThat(n.backend.policies()).as("policies").hasSize(1);
            assertThat(n.events(ChildSaFailed.class)).isEmpty();
            assertThat(n.events(IkeSaFailed.class)).isEmpty();
            // a simultaneous phase 1 rekey may cross two Deletes of the old ISAKMP SA; nothing else drops
            long unknown = n.engine.counters().droppedCount(DropReason.UNKNOWN_SA);
            assertThat(n.engine.counters().droppedTotal() - unknown).as("dropped %s", n.engine.counters()).isZero();
            assertThat(unknown).as("crossed Deletes %s", n.engine.counters()).isLessThanOrEqualTo(2);
        }
        PolicySpec l = left.backend.policies().values().iterator().next();
        PolicySpec r = right.backend.policies().values().iterator().next();
        assertThat(l.outboundSa().spi()).as("left sends with what right receives with")
                .isEqualTo(r.inboundSa().spi());
        assertThat(r.outboundSa().spi()).isEqualTo(l.inboundSa().spi());
        assertThat(left.backend.sa(l.outboundSa().spi())).isPresent();
        assertThat(right.backend.sa(r.outboundSa().spi())).isPresent();
        assertThat(left.engine.ikeSas().get(0).ikeSa()).isEqualTo(right.engine.ikeSas().get(0).ikeSa());
    }

    @Test
    void childIsRekeyedMakeBeforeBreakAndTheOldPairDeleted() {
        up(3600, 20, 0, 3600, 600);
        PolicySpec before = left.backend.policies().values().iterator().next();
        // rekey window of a 20 s SA: 16..18 s
        net.advanceInSteps(15_900, 100);
        assertThat(left.events(ChildSaRekeyed.class)).isEmpty();
        net.advanceInSteps(2_200, 100);
        assertThat(left.events(ChildSaRekeyed.class)).hasSize(1);
        ChildSaRekeyed ev = left.events(ChildSaRekeyed.class).get(0);
        assertThat(ev.byPeer()).isFalse();
        assertThat(right.events(ChildSaRekeyed.class)).singleElement()
                .satisfies(e -> assertThat(e.byPeer()).isTrue());
        // the policy kept its id and points at the new pair; the old inbound SA is still there
        PolicySpec after = left.backend.policies().get(before.id());
        assertThat(after).isNotNull();
        assertThat(after.outboundSa()).isNotEqualTo(before.outboundSa());
        assertThat(left.backend.sa(before.inboundSa().spi())).as("old inbound kept for in-flight packets")
                .isPresent();
        // grace and linger: the old pair goes, with one Delete from the rekey's initiator
        net.advanceInSteps(3_000, 100);
        assertThat(left.backend.sa(before.inboundSa().spi())).isEmpty();
        assertThat(right.backend.sa(before.outboundSa().spi())).isEmpty();
        assertSteadyAndConsistent();
        // make-before-break in the datapath's order of calls: the policy moves to the new
        // pair before the old inbound SA goes, and the policy is never removed
        List<String> log = left.backend.log();
        int repointed = log.lastIndexOf("policy " + before.id());
        int oldInboundGone = log.indexOf("delete " + before.inboundSa());
        assertThat(repointed).isPositive().isLessThan(oldInboundGone);
        assertThat(log).noneMatch(l -> l.startsWith("unpolicy"));
    }

    @Test
    void manyRekeysOfBothPhasesKeepOneSteadyTunnel() {
        up(30, 10, 0, 30, 10);
        net.advanceInSteps(300_000, 100);
        int childRekeys = left.events(ChildSaRekeyed.class).size();
        int ikeRekeys = left.events(IkeSaRekeyed.class).size();
        assertThat(childRekeys).as("child rekeys in 300 s of 10 s SAs").isGreaterThanOrEqualTo(30);
        assertThat(ikeRekeys).as("phase 1 rekeys in 300 s of 30 s SAs").isGreaterThanOrEqualTo(9);
        assertThat(right.events(IkeSaRekeyed.class)).hasSize(ikeRekeys);
        assertSteadyAndConsistent();
    }

    @Test
    void simultaneousChildRekeysKeepOnePairOnBothEnds() {
        up(3600, 600, 0, 3600, 600);
        int leftIn = left.backend.policies().values().iterator().next().inboundSa().spi();
        int rightIn = right.backend.policies().values().iterator().next().inboundSa().spi();
        // both ends reach the soft limit at the same moment; both Quick Modes cross
        left.engine.onLifetimeExpired(new SaId(leftIn, IpsecProtocol.ESP, LEFT), false, net.now());
        right.engine.onLifetimeExpired(new SaId(rightIn, IpsecProtocol.ESP, RIGHT), false, net.now());
        net.run();
        assertThat(left.events(ChildSaEstablished.class)).hasSize(3);
        assertThat(right.events(ChildSaEstablished.class)).hasSize(3);
        net.advanceInSteps(5_000, 100);
        assertSteadyAndConsistent();
    }

    @Test
    void simultaneousPhase1RekeysKeepOneIsakmpSa() {
        up(3600, 600, 0, 3600, 600);
        left.engine.rekeyTunnel("right", net.now());
        right.engine.rekeyTunnel("left", net.now());
        net.run();
        net.advanceInSteps(6_000, 100);
        assertSteadyAndConsistent();
        assertThat(left.events(ChildSaRekeyed.class)).isNotEmpty();
    }

    @Test
    void operatorRekeyReplacesBothPhases() {
        up(3600, 600, 0, 3600, 600);
        net.advanceInSteps(1_000, 100);
        String oldIke = left.engine.ikeSas().get(0).ikeSa();
        assertThat(left.engine.rekeyTunnel("right", net.now())).isTrue();
        net.run();
        net.advanceInSteps(4_000, 100);
        assertThat(left.events(IkeSaRekeyed.class)).singleElement()
                .satisfies(e -> assertThat(e.oldIkeSa()).isEqualTo(oldIke));
        assertThat(left.events(ChildSaRekeyed.class)).hasSize(1);
        assertThat(left.engine.ikeSas().get(0).ikeSa()).isNotEqualTo(oldIke);
        assertSteadyAndConsistent();
        assertThat(left.engine.rekeyTunnel("nobody", net.now())).isFalse();
    }

    @Test
    void softByteLimitStartsTheRekey() {
        up(3600, 600, 1000, 3600, 600);
        SaSpec in = left.backend.sas().stream().map(RecordingIpsecBackend.Installed::spec)
                .filter(s -> s.direction() == SaSpec.Direction.INBOUND).findFirst().orElseThrow();
        long hard = 1000 * 1024;
        assertThat(in.lifetime().hardBytes()).isEqualTo(hard);
        assertThat(in.lifetime().softBytes()).isBetween((long) (hard * 0.8), (long) (hard * 0.9));
        assertThat(in.lifetime().softSeconds()).as("time rekeys are the engine's").isZero();
        left.engine.onLifetimeExpired(in.id(), false, net.now());
        net.run();
        assertThat(left.events(ChildSaRekeyed.class)).hasSize(1);
        net.advanceInSteps(3_000, 100);
        assertSteadyAndConsistent();
    }

    @Test
    void responderLifetimeLowersTheInitiatorsLifetimeAndItsRekeyTime() {
        up(3600, 600, 0, 3600, 20);
        assertThat(left.events(ChildSaEstablished.class).get(0).lifetimeSeconds())
                .as("RESPONDER-LIFETIME applied").isEqualTo(20);
        assertThat(net.wire()).isNotEmpty();
        // right announced it: the initiator now rekeys within 16..18 s, not at 480 s
        net.advanceInSteps(18_100, 100);
        assertThat(left.events(ChildSaRekeyed.class).size() + right.events(ChildSaRekeyed.class).size())
                .isGreaterThanOrEqualTo(2);
        net.advanceInSteps(3_000, 100);
        assertSteadyAndConsistent();
        assertThat(NotifyType.RESPONDER_LIFETIME.value()).isEqualTo(24576);
    }

    @Test
    void peerDeleteOfTheIsakmpSaMovesChildrenToItsSuccessor() {
        up(3600, 600, 0, 3600, 600);
        Map<String, PolicySpec> before = left.backend.policies();
        left.engine.rekeyTunnel("right", net.now());
        net.run();
        net.advanceInSteps(4_000, 100);
        assertThat(left.engine.childSaCount()).isEqualTo(1);
        assertThat(left.backend.policies().keySet()).isEqualTo(before.keySet());
    }

    @Test
    void phase1RekeyByTheOriginalResponderMovesTheChildrenOnBothEnds() {
        // right (the responder) is configured with 20 s and uses it; left proposed 3600 s and learns
        // the 20 s from right's RESPONDER-LIFETIME, but with these seeds right's rekey time comes first
        up(3600, 600, 0, 20, 600);
        int leftIn = left.backend.policies().values().iterator().next().inboundSa().spi();
        net.advanceInSteps(15_900, 100);
        assertThat(right.events(IkeSaRekeyed.class)).isEmpty();
        net.advanceInSteps(2_200, 100);
        assertThat(left.events(IkeSaRekeyed.class)).singleElement()
                .satisfies(e -> assertThat(e.byPeer()).isTrue())
                .satisfies(e -> assertThat(e.children()).isEqualTo(1));
        assertThat(right.events(IkeSaRekeyed.class)).singleElement()
                .satisfies(e -> assertThat(e.byPeer()).isFalse());
        // the old ISAKMP SA goes with the rekey initiator's Delete, 1 s later
        net.advanceInSteps(1_200, 100);
        assertThat(left.engine.ikeSaCount()).isEqualTo(1);
        assertThat(right.engine.ikeSaCount()).isEqualTo(1);
        assertSteadyAndConsistent();
        // left's first child pair is still the one in use: phase 1 rekeys leave children alone
        assertThat(left.backend.policies().values().iterator().next().inboundSa().spi()).isEqualTo(leftIn);
        // and the next Quick Mode runs on the new ISAKMP SA
        left.engine.onLifetimeExpired(new SaId(leftIn, IpsecProtocol.ESP, LEFT), false, net.now());
        net.run();
        assertThat(left.events(ChildSaRekeyed.class)).singleElement()
                .satisfies(e -> assertThat(e.ikeSa()).isEqualTo(left.engine.ikeSas().get(0).ikeSa()));
        assertSteadyAndConsistent();
    }
}
