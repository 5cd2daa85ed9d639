package io.gatewise.agent.ike;

import static io.gatewise.agent.ike.EngineFixtures.LEFT;
import static io.gatewise.agent.ike.EngineFixtures.RIGHT;
import static io.gatewise.agent.ike.EngineFixtures.SETTINGS;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import io.gatewise.agent.ike.codec.ExchangeType;
import io.gatewise.agent.ike.config.ChildConfig;
import io.gatewise.agent.ike.config.PeerConfig;
import io.gatewise.agent.ike.event.ChildSaRekeyed;
import io.gatewise.agent.ipsec.PolicySpec;
import io.gatewise.agent.ipsec.SaSpec;

/**
 * When the Quick Mode responder sends on a new pair. The initiator installs its SAs on
 * message 2 and sends at once, so its first packets may arrive before message 3: for a
 * child nothing carries yet the responder's policy points at the new pair from message 2
 * on (else its answers to those packets were dropped); a rekey waits for HASH(3), the old
 * pair carrying the traffic meanwhile. Here message 3 is lost on the way to see both.
 */
class QuickModeResponderPolicyTest {
    private static final String IKE = "aes128-sha1-modp2048";
    private static final String PSK = "interop-test-psk-0123456789";
    private static final int EXCHANGE_TYPE_OFFSET = 18;
    /** Quick Mode message 3 carries only HASH(3): far below message 1's SA, nonce, KE and IDs. */
    private static final int MESSAGE_3_MAX_BYTES = 100;

    private FakeNetwork net;
    private FakeNetwork.Node left;
    private FakeNetwork.Node right;
    private boolean loseMessage3;

    @BeforeEach
    void setUp() {
        net = new FakeNetwork();
        left = net.add(LEFT, SETTINGS, 11);
        right = net.add(RIGHT, SETTINGS, 22);
        left.engine.addPeer(withChildLifetime(EngineFixtures.leftPeer(IKE, IKE, PSK), 20));
        right.engine.addPeer(withChildLifetime(EngineFixtures.rightPeer(IKE, IKE, PSK), 600));
        net.setFilter(d -> loseMessage3 && d.local().getAddress().equals(LEFT)
                && d.data().length > EXCHANGE_TYPE_OFFSET && d.data().length < MESSAGE_3_MAX_BYTES
                && (d.data()[EXCHANGE_TYPE_OFFSET] & 0xff) == ExchangeType.QUICK_MODE.value() ? null : d);
    }

    private static PeerConfig withChildLifetime(PeerConfig p, long childSeconds) {
        ChildConfig c = p.children().get(0);
        ChildConfig changed = new ChildConfig(c.name(), c.local(), c.remote(), c.proposals(), c.mode(), childSeconds,
                0);
        return new PeerConfig(p.name(), p.localAddress(), p.remoteAddress(), p.remotePrefixLength(), p.localId(),
                p.remoteId(), p.psk(), p.proposals(), p.lifetimeSeconds(), p.forceEncapsulation(),
                p.sendInitialContact(), List.of(changed), p.mode(), p.certificates());
    }

    private SaSpec rightOutbound() {
        List<SaSpec> out = right.backend.sas().stream().map(RecordingIpsecBackend.Installed::spec)
                .filter(s -> s.direction() == SaSpec.Direction.OUTBOUND).toList();
        return out.get(out.size() - 1);
    }

    @Test
    void aNewChildIsUsedFromMessage2On() {
        loseMessage3 = true;
        left.engine.initiate("right", null, net.now());
        net.run();
        assertThat(left.engine.childSaCount()).as("the initiator installed on message 2").isEqualTo(1);
        assertThat(right.engine.childSaCount()).as("message 3 never arrived").isZero();
        PolicySpec policy = right.backend.policies().values().stream().findFirst().orElseThrow(
                () -> new AssertionError("no policy at the responder before message 3"));
        assertThat(policy.outboundSa()).isEqualTo(rightOutbound().id());

        // message 3 after all (the responder retransmits message 2, the initiator answers again)
        loseMessage3 = false;
        net.advanceInSteps(10_000, 100);
        assertThat(right.engine.childSaCount()).isEqualTo(1);
        assertThat(right.backend.policies().get(policy.id()).outboundSa()).isEqualTo(policy.outboundSa());
    }

    @Test
    void aRekeyWaitsForMessage3() {
        left.engine.initiate("right", null, net.now());
        net.run();
        PolicySpec before = right.backend.policies().values().iterator().next();
        loseMessage3 = true;
        // the soft byte limit of left's inbound SA: left rekeys now, long before either
        // side's time-based rekey (16..18 s)
        SaSpec leftInbound = left.backend.sas().stream().map(RecordingIpsecBackend.Installed::spec)
                .filter(s -> s.direction() == SaSpec.Direction.INBOUND).findFirst().orElseThrow();
        net.advance(1_000);
        left.engine.onLifetimeExpired(leftInbound.id(), false, net.now());
        net.run();
        assertThat(left.events(ChildSaRekeyed.class)).hasSize(1);
        assertThat(rightOutbound().id()).as("the new pair is installed at the responder")
                .isNotEqualTo(before.outboundSa());
        assertThat(right.backend.policies().get(before.id()).outboundSa()).as("still on the old pair")
                .isEqualTo(before.outboundSa());

        loseMessage3 = false;
        net.advanceInSteps(10_000, 100);
        assertThat(right.engine.childSaCount()).isEqualTo(1);
        assertThat(right.backend.policies().get(before.id()).outboundSa()).isEqualTo(rightOutbound().id())
                .isNotEqualTo(before.outboundSa());
    }
}
