package io.gatewise.agent.ike.v1;

import static io.gatewise.agent.ike.EngineFixtures.LEFT;
import static io.gatewise.agent.ike.EngineFixtures.RIGHT;
import static io.gatewise.agent.ike.EngineFixtures.addr;
import static org.assertj.core.api.Assertions.assertThat;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;

import io.gatewise.agent.crypto.FixedRandomSource;
import io.gatewise.agent.ike.EngineFixtures;
import io.gatewise.agent.ike.FakeNetwork;
import io.gatewise.agent.ike.codec.ExchangeType;
import io.gatewise.agent.ike.config.Phase1Mode;
import io.gatewise.agent.ike.event.ChildSaEstablished;
import io.gatewise.agent.ike.event.IkeSaDeleted;
import io.gatewise.agent.ike.codec.RawMessage;
import io.gatewise.agent.ike.config.ChildConfig;
import io.gatewise.agent.ike.config.EngineSettings;
import io.gatewise.agent.ike.config.Identity;
import io.gatewise.agent.ike.config.PeerConfig;
import io.gatewise.agent.ike.sa.ChildSa;
import io.gatewise.agent.ike.sa.IkeSa;
import io.gatewise.agent.ike.sa.IkeSaId;
import io.gatewise.agent.ike.sa.TaskManager;
import io.gatewise.agent.ike.transport.Datagram;

/**
 * {@link InitialContact} alone, over hand-made SAs: when it is sent (never while another
 * established SA with the peer lives, e.g. during a phase 1 rekey) and whom it deletes when
 * received (only the same peer's and identity's other established SAs).
 */
class InitialContactTest {
    private static final String IKE = "aes128-sha1-modp2048";
    private static final InetAddress THIRD = addr("192.0.2.3");

    /** A task manager that only records what it was told. */
    private static final class RecordingTaskManager implements TaskManager {
        final List<String> aborted = new ArrayList<>();

        @Override
        public void initiate(long nowMillis) {
        }

        @Override
        public void receive(RawMessage message, Datagram datagram, long nowMillis) {
        }

        @Override
        public void tick(long nowMillis) {
        }

        @Override
        public long nextDeadline() {
            return Long.MAX_VALUE;
        }

        @Override
        public void initiateChild(ChildConfig child, long nowMillis) {
        }

        @Override
        public void deleteChild(ChildSa child, String reason, long nowMillis) {
        }

        @Override
        public void delete(String reason, long nowMillis) {
        }

        @Override
        public void abort(String reason, long nowMillis) {
            aborted.add(reason);
        }
    }

    /** Hooks that only know a list of SAs. */
    private static final class Hooks extends QuietSaHooks {
        final List<IkeSa> sas = new ArrayList<>();

        @Override
        public List<IkeSa> ikeSas() {
            return List.copyOf(sas);
        }
    }

    private final Hooks hooks = new Hooks();
    private final V1Context ctx = new V1Context(EngineSettings.DEFAULT, new FixedRandomSource(1), hooks);
    private final PeerConfig right = EngineFixtures.leftPeer(IKE, IKE, "psk-0123456789");
    private final PeerConfig third = PeerConfig.simple("third", LEFT, THIRD,
            io.gatewise.agent.ike.config.PreSharedKey.ofUtf8("psk-0123456789"),
            io.gatewise.agent.ike.proposal.ProposalParser.parseIke(IKE), List.of());
    private long cookies = 1;

    private IkeSa sa(PeerConfig peer, Identity remoteId, boolean established) {
        IkeSa sa = new IkeSa(new IkeSaId(cookies++, cookies++), IkeSa.Role.INITIATOR, peer,
                new InetSocketAddress(LEFT, 500), new InetSocketAddress(peer.remoteAddress(), 500), 0);
        sa.setIdentities(peer.localId(), remoteId);
        sa.setTaskManager(new RecordingTaskManager());
        if (established) {
            sa.setEstablished(0);
        }
        hooks.sas.add(sa);
        return sa;
    }

    private static List<String> aborted(IkeSa sa) {
        return ((RecordingTaskManager) sa.taskManager()).aborted;
    }

    @Test
    void sentOnlyWhenNoOtherEstablishedSaWithThePeerExists() {
        IkeSa first = sa(right, Identity.address(RIGHT), false);
        sa(third, Identity.address(THIRD), true);                      // another peer does not count
        assertThat(InitialContact.shouldSend(first, ctx)).isTrue();

        first.setEstablished(0);
        IkeSa rekey = sa(right, Identity.address(RIGHT), false);
        assertThat(InitialContact.shouldSend(rekey, ctx)).as("a phase 1 rekey must not wipe the SAs in use")
                .isFalse();

        PeerConfig quiet = new PeerConfig("quiet", LEFT, THIRD, 32, right.localId(), Identity.address(THIRD),
                right.psk(), right.proposals(), 3600, true, false, List.of());
        assertThat(InitialContact.shouldSend(sa(quiet, Identity.address(THIRD), false), ctx))
                .as("configured off").isFalse();
    }

    @Test
    void receivedItDeletesOnlyTheSamePeersOtherEstablishedSas() {
        IkeSa stale = sa(right, Identity.address(RIGHT), true);
        IkeSa otherIdentity = sa(right, Identity.fqdn("someone-else.example"), true);
        IkeSa connecting = sa(right, Identity.address(RIGHT), false);
        IkeSa otherPeer = sa(third, Identity.address(THIRD), true);
        IkeSa fresh = sa(right, Identity.address(RIGHT), true);

        assertThat(InitialContact.received(fresh, ctx, 5)).isEqualTo(1);
        assertThat(aborted(stale)).singleElement().asString().contains("INITIAL-CONTACT");
        assertThat(aborted(otherIdentity)).isEmpty();
        assertThat(aborted(connecting)).isEmpty();
        assertThat(aborted(otherPeer)).isEmpty();
        assertThat(aborted(fresh)).isEmpty();
    }

    // ---- Aggressive Mode, engine against engine --------------------------------------------

    private static int exchangeType(Datagram d) {
        return d.data()[18] & 0xff;            // ISAKMP header: 2 cookies, next payload, version, exchange
    }

    /**
     * Aggressive Mode has no encrypted phase 1 message, so a restarted initiator sends
     * INITIAL-CONTACT in a protected Informational just before message 3; the responder
     * takes it although its phase 1 is not complete yet, and drops the stale SAs once
     * message 3 authenticated the peer.
     */
    @Test
    void aggressiveModeRestartedInitiatorSendsItInAnInformationalAndTheResponderDropsStaleSas() {
        String psk = "interop-test-psk-0123456789";
        FakeNetwork net = new FakeNetwork();
        FakeNetwork.Node left = net.add(LEFT, EngineSettings.DEFAULT, 1);
        FakeNetwork.Node right = net.add(RIGHT, EngineSettings.DEFAULT, 2);
        PeerConfig leftsView = EngineFixtures.leftPeer(IKE, IKE, psk).withMode(Phase1Mode.AGGRESSIVE);
        left.engine.addPeer(leftsView);
        right.engine.addPeer(EngineFixtures.rightPeer(IKE, IKE, psk).withMode(Phase1Mode.AGGRESSIVE));
        left.engine.initiate("right", null, net.now());
        net.run();
        assertThat(right.events(ChildSaEstablished.class)).hasSize(1);
        // the very first SA: left had none before, so it said so
        assertThat(left.sent.stream().map(InitialContactTest::exchangeType).toList())
                .as("AM 1, INFORMATIONAL, AM 3, QM 1, QM 3").startsWith(ExchangeType.AGGRESSIVE.value(),
                        ExchangeType.INFORMATIONAL.value(), ExchangeType.AGGRESSIVE.value());
        assertThat(right.events(IkeSaDeleted.class)).as("nothing stale yet").isEmpty();

        // left crashes (no Delete) and starts again with the same configuration
        FakeNetwork.Node restarted = net.add(LEFT, EngineSettings.DEFAULT, 3);
        restarted.engine.addPeer(leftsView);
        restarted.engine.initiate("right", null, net.now());
        net.run();
        assertThat(restarted.events(ChildSaEstablished.class)).hasSize(1);
        assertThat(right.events(IkeSaDeleted.class)).singleElement()
                .satisfies(e -> assertThat(e.reason()).contains("INITIAL-CONTACT"));
        assertThat(right.engine.ikeSaCount()).as("only the new ISAKMP SA").isEqualTo(1);
        assertThat(right.engine.childSaCount()).as("only the new child").isEqualTo(1);
        assertThat(right.backend.sas()).as("stale IPsec SAs removed from the datapath").hasSize(2);
    }

    /** A phase 1 rekey in Aggressive Mode must not carry it: the children move to the new SA. */
    @Test
    void aggressiveModeRekeyDoesNotSendIt() {
        String psk = "interop-test-psk-0123456789";
        FakeNetwork net = new FakeNetwork();
        FakeNetwork.Node left = net.add(LEFT, EngineSettings.DEFAULT, 1);
        FakeNetwork.Node right = net.add(RIGHT, EngineSettings.DEFAULT, 2);
        left.engine.addPeer(EngineFixtures.leftPeer(IKE, IKE, psk).withMode(Phase1Mode.AGGRESSIVE));
        right.engine.addPeer(EngineFixtures.rightPeer(IKE, IKE, psk).withMode(Phase1Mode.AGGRESSIVE));
        left.engine.initiate("right", null, net.now());
        net.run();
        int before = left.sent.size();
        assertThat(left.engine.rekeyTunnel("right", net.now())).isTrue();
        net.run();
        net.advanceInSteps(4_000, 100);
        List<Integer> types = left.sent.subList(before, left.sent.size()).stream()
                .map(InitialContactTest::exchangeType).toList();
        assertThat(types).as("AM 1, AM 3 without an Informational between")
                .startsWith(ExchangeType.AGGRESSIVE.value(), ExchangeType.AGGRESSIVE.value());
        assertThat(right.events(IkeSaDeleted.class)).noneMatch(e -> e.reason().contains("INITIAL-CONTACT"));
        assertThat(right.engine.childSaCount()).isEqualTo(1);
        assertThat(left.engine.childSaCount()).isEqualTo(1);
    }
}
