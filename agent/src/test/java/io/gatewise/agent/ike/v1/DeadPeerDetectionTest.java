package io.gatewise.agent.ike.v1;

import static io.gatewise.agent.ike.EngineFixtures.LEFT;
import static io.gatewise.agent.ike.EngineFixtures.RIGHT;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;

import org.junit.jupiter.api.Test;

import io.gatewise.agent.ike.EngineFixtures;
import io.gatewise.agent.ike.FakeNetwork;
import io.gatewise.agent.ike.codec.Bytes;
import io.gatewise.agent.ike.codec.NotificationPayload;
import io.gatewise.agent.ike.codec.NotifyType;
import io.gatewise.agent.ike.codec.ProtocolId;
import io.gatewise.agent.ike.config.DpdSettings;
import io.gatewise.agent.ike.config.EngineSettings;
import io.gatewise.agent.ike.event.ChildSaDeleted;
import io.gatewise.agent.ike.event.ChildSaEstablished;
import io.gatewise.agent.ike.event.DpdTimeout;
import io.gatewise.agent.ike.event.IkeSaDeleted;
import io.gatewise.agent.ike.event.IkeSaEstablished;
import io.gatewise.agent.ike.sa.DropReason;
import io.gatewise.agent.ike.sa.IkeSa;
import io.gatewise.agent.ike.transport.Datagram;

/**
 * Dead Peer Detection (RFC 3706) and INITIAL-CONTACT in the engine without I/O: two
 * engines on the in-memory network, the clock moved by the test in 100 ms steps (the
 * running service ticks at that granularity too).
 */
class DeadPeerDetectionTest {
    private static final String PSK = "dpd-test-psk-0123456789";
    private static final String IKE = "aes128-sha1-modp2048";
    /** Short phase 1 retransmissions, so that failed restart attempts end quickly. */
    private static final EngineSettings SETTINGS = EngineSettings.DEFAULT.withRetransmits(500, 1.5, 2);
    private static final long DELAY = 2000;
    private static final long TIMEOUT = 6000;
    private static final long STEP = 100;

    private final FakeNetwork net = new FakeNetwork();
    private FakeNetwork.Node left;
    private FakeNetwork.Node right;

    /** left probes with the given action; right only answers (DPD off on its side). */
    private void establish(DpdSettings.Action action) {
        left = net.add(LEFT, SETTINGS, 1);
        right = net.add(RIGHT, SETTINGS, 2);
        left.engine.addPeer(EngineFixtures.leftPeer(IKE, IKE, PSK).withDpd(DpdSettings.of(DELAY, TIMEOUT, action)));
        right.engine.addPeer(EngineFixtures.rightPeer(IKE, IKE, PSK));
        left.engine.initiate("right", null, net.now());
        net.run();
        assertThat(left.events(ChildSaEstablished.class)).hasSize(1);
        assertThat(right.events(ChildSaEstablished.class)).hasSize(1);
    }

    /** Advances until left declares right dead; returns the time that took. */
    private long untilDead(long limit) {
        long start = net.now();
        while (left.events(DpdTimeout.class).isEmpty() && net.now() - start < limit) {
            net.advance(STEP);
        }
        assertThat(left.events(DpdTimeout.class)).as("declared dead within %d ms", limit).hasSize(1);
        return net.now() - start;
    }

    private int leftInboundSpi() {
        return Integer.parseUnsignedInt(left.events(ChildSaEstablished.class).get(0).spiIn(), 16);
    }

    @Test
    void anAnsweringPeerIsProbedOnlyWhenIdleAndStaysUp() {
        establish(DpdSettings.Action.RESTART);
        int sentBefore = left.sent.size();
        int rightSentBefore = right.sent.size();
        net.advanceInSteps(60_000, STEP);
        assertThat(left.events(DpdTimeout.class)).isEmpty();
        assertThat(left.engine.childSaCount()).isEqualTo(1);
        // one R-U-THERE per idle delay (each answered, which resets the idle timer): 60 s / 2 s
        int probes = left.sent.size() - sentBefore;
        assertThat(probes).isBetween(29, 30);
        assertThat(right.sent.size() - rightSentBefore).as("one R-U-THERE-ACK each").isEqualTo(probes);
        assertThat(left.engine.counters().droppedTotal()).isZero();
        assertThat(right.engine.counters().droppedTotal()).isZero();
    }

    @Test
    void aSilentPeerIsDeadWithinDelayPlusTimeoutAndRestartBringsTheTunnelBack() {
        establish(DpdSettings.Action.RESTART);
        net.setFilter(d -> null);                          // right vanishes: nothing gets through
        long took = untilDead(30_000);
        assertThat(took).as("idle delay, then the timeout").isBetween(TIMEOUT, DELAY + TIMEOUT + STEP);
        DpdTimeout dead = left.events(DpdTimeout.class).get(0);
        assertThat(dead.probes()).as("R-U-THERE at 2, 4 and 6 s of silence").isEqualTo(3);
        assertThat(dead.action()).isEqualTo("RESTART");
        assertThat(dead.silentMillis()).isEqualTo(took);
        assertThat(left.events(IkeSaDeleted.class)).singleElement()
                .satisfies(e -> assertThat(e.reason()).contains("dpd timeout"));
        assertThat(left.events(ChildSaDeleted.class)).hasSize(1);
        assertThat(left.backend.sas()).as("datapath SAs removed").isEmpty();

        // still unreachable: attempts keep coming, spaced by a growing backoff
        int sentAtDeath = left.sent.size();
        net.advanceInSteps(30_000, STEP);
        int attempts = left.engine.dpdRestartAttempts("right");
        assertThat(attempts).as("attempts after 1, 2, 4, 8 s of backoff").isBetween(4, 6);
        assertThat(left.sent.size() - sentAtDeath).as("Main Mode 1 and 2 retransmissions per attempt (%d)", attempts)
                .isBetween(attempts * 3 - 2, attempts * 3);

        net.setFilter(d -> d);                             // right is back
        long back = net.now();
        while (left.events(IkeSaEstablished.class).size() < 2 && net.now() - back < 70_000) {
            net.advance(STEP);
        }
        assertThat(left.events(IkeSaEstablished.class)).hasSize(2);
        assertThat(left.events(ChildSaEstablished.class)).hasSize(2);
        assertThat(left.engine.dpdRestartAttempts("right")).isZero();
        // the new Main Mode carried INITIAL-CONTACT: right dropped its stale SAs
        assertThat(right.events(IkeSaDeleted.class)).singleElement()
                .satisfies(e -> assertThat(e.reason()).contains("INITIAL-CONTACT"));
        assertThat(right.engine.ikeSaCount()).isEqualTo(1);
        assertThat(right.engine.childSaCount()).isEqualTo(1);
        assertThat(right.backend.sas()).hasSize(2);
    }

    @Test
    void inboundTrafficIsProofOfLifeSoTheIdleTimerNeverFires() {
        establish(DpdSettings.Action.CLEAR);
        net.setFilter(d -> null);
        int spi = leftInboundSpi();
        int sentBefore = left.sent.size();
        for (int second = 0; second < 30; second++) {
            left.backend.countPackets(spi, 5);             // ESP keeps arriving on the inbound SA
            net.advanceInSteps(1000, STEP);
        }
        assertThat(left.sent.size()).as("no R-U-THERE while ESP arrives").isEqualTo(sentBefore);
        assertThat(left.events(DpdTimeout.class)).isEmpty();
        // traffic stops: the peer is dead within delay + timeout of the last packet seen
        long took = untilDead(30_000);
        assertThat(took).isLessThanOrEqualTo(DELAY + TIMEOUT + 1000 + STEP);
    }

    @Test
    void clearKeepsTheTunnelDownUntilThePeerInitiates() {
        establish(DpdSettings.Action.CLEAR);
        net.setFilter(d -> null);
        untilDead(30_000);
        int sentAtDeath = left.sent.size();
        net.advanceInSteps(60_000, STEP);
        assertThat(left.sent.size()).as("nothing sent after CLEAR").isEqualTo(sentAtDeath);
        assertThat(left.engine.clearedByDpd("right")).isTrue();
        assertThat(left.engine.ikeSaCount()).isZero();

        net.setFilter(d -> d);
        right.engine.terminate("left", net.now());         // right lost its SAs too, then comes back
        net.run();
        right.engine.initiate("left", null, net.now());
        net.run();
        assertThat(left.events(IkeSaEstablished.class)).hasSize(2);
        assertThat(left.engine.clearedByDpd("right")).isFalse();
    }

    @Test
    void holdStaysDownUntilTrafficAsksForTheTunnel() {
        establish(DpdSettings.Action.HOLD);
        net.setFilter(d -> null);
        untilDead(30_000);
        int sentAtDeath = left.sent.size();
        net.advanceInSteps(30_000, STEP);
        assertThat(left.sent.size()).isEqualTo(sentAtDeath);
        assertThat(left.engine.clearedByDpd("right")).as("HOLD lets traffic renegotiate").isFalse();
        net.setFilter(d -> d);
        left.engine.initiate("right", null, net.now());    // what the datapath's acquire does
        net.run();
        assertThat(left.events(ChildSaEstablished.class)).hasSize(2);
        assertThat(right.engine.ikeSaCount()).as("stale SA replaced by INITIAL-CONTACT").isEqualTo(1);
    }

    @Test
    void anAckForNoOutstandingProbeIsDroppedCountedAndProvesNothing() {
        establish(DpdSettings.Action.CLEAR);
        List<Datagram> heldAcks = new ArrayList<>();
        AtomicBoolean injecting = new AtomicBoolean();
        net.setFilter(d -> {
            if (injecting.get()) {
                return d;
            }
            if (d.local().getAddress().equals(RIGHT)) {
                heldAcks.add(d);                            // right's ACKs are late
                return null;
            }
            return d;
        });
        int spi = leftInboundSpi();
        net.advanceInSteps(DELAY, STEP);                   // probe of round 1 (its ACK is held)
        assertThat(heldAcks).hasSize(1);
        left.backend.countPackets(spi, 1);                 // traffic ends round 1 at the next look
        net.advanceInSteps(DELAY, STEP);
        net.advanceInSteps(DELAY, STEP);                   // round 2 starts: a new sequence number
        assertThat(heldAcks).hasSize(2);

        injecting.set(true);
        net.inject(heldAcks.get(0));                       // answers round 1, not round 2
        injecting.set(false);
        assertThat(left.engine.counters().droppedCount(DropReason.DPD_MISMATCH)).isEqualTo(1);
        // it did not count as a sign of life: round 2 times out as if nothing came
        long took = untilDead(30_000);
        assertThat(took).isLessThanOrEqualTo(TIMEOUT);
        assertThat(right.engine.counters().droppedTotal()).isZero();
    }

    @Test
    void dpdNotificationsWithWrongSpiAreDroppedAndAFloodIsAnsweredAtABoundedRate() {
        establish(DpdSettings.Action.CLEAR);
        TaskManagerV1 fromRight = (TaskManagerV1) EngineInternals.sas(right.engine).get(0).taskManager();
        IkeSa leftSa = EngineInternals.sas(left.engine).get(0);
        Bytes cookies = Bytes.of(leftSa.id().toBytes());
        Bytes otherCookies = Bytes.fromHex("0102030405060708090a0b0c0d0e0f10");

        fromRight.sendInformational(List.of(NotificationPayload.of(NotifyType.R_U_THERE_ACK, ProtocolId.ISAKMP,
                otherCookies, Bytes.ofInt(7, 4))), net.now());
        fromRight.sendInformational(List.of(NotificationPayload.of(NotifyType.R_U_THERE, ProtocolId.ISAKMP,
                otherCookies, Bytes.ofInt(8, 4))), net.now());
        net.run();
        assertThat(left.engine.counters().droppedCount(DropReason.DPD_MISMATCH)).isEqualTo(2);

        int leftSent = left.sent.size();
        for (int i = 0; i < 1000; i++) {
            fromRight.sendInformational(List.of(NotificationPayload.of(NotifyType.R_U_THERE, ProtocolId.ISAKMP,
                    cookies, Bytes.ofInt(100 + i, 4))), net.now());
        }
        net.run();
        assertThat(left.sent.size() - leftSent).as("answers in one second")
                .isEqualTo(DeadPeerDetection.MAX_ANSWERS_PER_SECOND);
        assertThat(left.engine.counters().droppedCount(DropReason.RATE_LIMITED)).isEqualTo(990);
        net.advance(1000);
        fromRight.sendInformational(List.of(NotificationPayload.of(NotifyType.R_U_THERE, ProtocolId.ISAKMP,
                cookies, Bytes.ofInt(5000, 4))), net.now());
        net.run();
        assertThat(left.sent.size() - leftSent).as("answered again in the next second")
                .isEqualTo(DeadPeerDetection.MAX_ANSWERS_PER_SECOND + 1);
        assertThat(left.engine.childSaCount()).isEqualTo(1);
        assertThat(left.engine.ikeSaCount()).isEqualTo(1);
    }

    /**
     * HOLD needs an address to initiate to when traffic appears; a peer configured as a
     * network has none, so the engine applies CLEAR (and says so) instead.
     */
    @Test
    void holdForANetworkOfPeersActsAsClear() {
        left = net.add(LEFT, SETTINGS, 1);
        right = net.add(RIGHT, SETTINGS, 2);
        left.engine.addPeer(EngineFixtures.leftPeer(IKE, IKE, PSK));
        io.gatewise.agent.ike.config.PeerConfig r = EngineFixtures.rightPeer(IKE, IKE, PSK);
        io.gatewise.agent.ike.config.PeerConfig network = new io.gatewise.agent.ike.config.PeerConfig(r.name(),
                r.localAddress(), EngineFixtures.addr("192.0.2.0"), 24, r.localId(), r.remoteId(), r.psk(),
                r.proposals(), r.lifetimeSeconds(), r.forceEncapsulation(), r.sendInitialContact(), r.children(),
                r.mode(), r.certificates()).withDpd(DpdSettings.of(DELAY, TIMEOUT, DpdSettings.Action.HOLD));
        assertThat(network.canInitiate()).isFalse();
        right.engine.addPeer(network);
        left.engine.initiate("right", null, net.now());
        net.run();
        assertThat(right.events(ChildSaEstablished.class)).hasSize(1);
        net.setFilter(d -> null);
        long start = net.now();
        while (right.events(DpdTimeout.class).isEmpty() && net.now() - start < 30_000) {
            net.advance(STEP);
        }
        assertThat(right.events(DpdTimeout.class)).hasSize(1);
        assertThat(right.engine.clearedByDpd("left")).as("HOLD acts as CLEAR for a network of peers").isTrue();
        assertThat(right.engine.ikeSaCount()).isZero();
    }
}
