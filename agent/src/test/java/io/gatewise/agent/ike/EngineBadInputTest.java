package io.gatewise.agent.ike;

import static io.gatewise.agent.ike.EngineFixtures.LEFT;
import static io.gatewise.agent.ike.EngineFixtures.RIGHT;
import static io.gatewise.agent.ike.EngineFixtures.SETTINGS;
import static org.assertj.core.api.Assertions.assertThat;

import java.net.InetSocketAddress;
import java.util.Arrays;
import java.util.List;
import java.util.Random;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import io.gatewise.agent.ike.codec.ExchangeType;
import io.gatewise.agent.ike.codec.IsakmpHeader;
import io.gatewise.agent.ike.event.ChildSaEstablished;
import io.gatewise.agent.ike.event.IkeSaFailed;
import io.gatewise.agent.ike.sa.DropReason;
import io.gatewise.agent.ike.transport.Datagram;

/**
 * Hostile and broken input against a responder and an established pair: every datagram is
 * dropped and counted, no state changes, nothing escapes.
 */
class EngineBadInputTest {
    private static final String PSK = "interop-test-psk-0123456789";
    private static final InetSocketAddress RIGHT_500 = new InetSocketAddress(RIGHT, 500);
    private static final InetSocketAddress LEFT_500 = new InetSocketAddress(LEFT, 500);

    private FakeNetwork net;
    private FakeNetwork.Node left;
    private FakeNetwork.Node right;

    @BeforeEach
    void setUp() {
        net = new FakeNetwork();
        left = net.add(LEFT, SETTINGS, 21);
        right = net.add(RIGHT, SETTINGS, 22);
        left.engine.addPeer(EngineFixtures.leftPeer("aes128-sha1-modp2048", "aes128-sha1-modp2048", PSK));
        right.engine.addPeer(EngineFixtures.rightPeer("aes128-sha1-modp2048", "aes128-sha1-modp2048", PSK));
    }

    private void establish() {
        left.engine.initiate("right", null, net.now());
        net.run();
        assertThat(right.events(ChildSaEstablished.class)).hasSize(1);
    }

    /** A datagram from left to right's port 500 (as the network would deliver it). */
    private void toRight(byte[] data) {
        right.engine.receive(new Datagram(RIGHT_500, LEFT_500, data), net.now());
        net.run();
    }

    private long dropped(FakeNetwork.Node n, DropReason r) {
        return n.engine.counters().droppedCount(r);
    }

    @Test
    void garbageOnPort500IsDroppedAndCountedWithoutState() {
        Random rnd = new Random(1);
        for (int i = 0; i < 200; i++) {
            byte[] junk = new byte[rnd.nextInt(200)];
            rnd.nextBytes(junk);
            toRight(junk);
        }
        assertThat(dropped(right, DropReason.MALFORMED)).isEqualTo(200);
        assertThat(right.engine.ikeSaCount()).isZero();
        assertThat(right.events).isEmpty();
        assertThat(right.sent).isEmpty();
    }

    @Test
    void brokenMainModeMessage1LeavesNoHalfOpenSa() {
        left.engine.initiate("right", null, net.now());
        byte[] mm1 = left.sent.get(0).data();
        net.setFilter(d -> null);           // keep the real message 1 away
        net.run();
        byte[] truncated = Arrays.copyOf(mm1, mm1.length - 7);
        setLength(truncated, truncated.length);          // header honest, payload chain overruns
        toRight(truncated);
        byte[] loop = mm1.clone();
        loop[28 + 2] = 0;                                 // first payload length 0: would loop
        loop[28 + 3] = 0;
        toRight(loop);
        byte[] lie = mm1.clone();
        lie[28 + 3] = (byte) (lie[28 + 3] + 4);           // SA payload length lies
        toRight(lie);
        byte[] unknownExchange = mm1.clone();
        unknownExchange[18] = 99;
        toRight(unknownExchange);
        byte[] headerLie = mm1.clone();
        setLength(headerLie, mm1.length + 100);
        toRight(headerLie);
        assertThat(right.engine.ikeSaCount()).isZero();
        assertThat(right.engine.halfOpenCount()).isZero();
        assertThat(dropped(right, DropReason.MALFORMED) + dropped(right, DropReason.RULES)
                + dropped(right, DropReason.UNEXPECTED)).isEqualTo(5);
        assertThat(right.events).isEmpty();
        assertThat(right.sent).isEmpty();
        assertThat(dropped(right, DropReason.INTERNAL_ERROR)).isZero();
    }

    @Test
    void tamperedAndReplayedMessagesDoNotTouchAnEstablishedSa() {
        establish();
        List<Datagram> wire = List.copyOf(net.wire());
        int childrenBefore = right.engine.childSaCount();
        int sasBefore = right.backend.sas().size();
        long sentBefore = right.sent.size();

        // Quick Mode message 1 again, tampered or exact: its exchange is finished (a replay)
        Datagram qm1 = wire.stream().filter(d -> header(d).exchangeType() == ExchangeType.QUICK_MODE
                && d.remote().getAddress().equals(RIGHT)).findFirst().orElseThrow();
        byte[] flipped = qm1.data().clone();
        flipped[flipped.length - 20] ^= 0x01;
        right.engine.receive(new Datagram(qm1.remote(), qm1.local(), flipped), net.now());
        right.engine.receive(new Datagram(qm1.remote(), qm1.local(), qm1.data()), net.now());
        net.run();
        assertThat(dropped(right, DropReason.INVALID_MESSAGE_ID)).isEqualTo(2);

        // once the finished exchange is forgotten, its message id is still refused
        net.advance(SETTINGS.completedExchangeMillis() + 1000);
        right.engine.receive(new Datagram(qm1.remote(), qm1.local(), qm1.data()), net.now());
        net.run();
        assertThat(dropped(right, DropReason.INVALID_MESSAGE_ID)).isEqualTo(3);

        // Main Mode messages after phase 1, an exchange we do not run
        for (Datagram d : wire) {
            if (d.remote().getAddress().equals(RIGHT) && header(d).exchangeType() == ExchangeType.IDENTITY_PROTECTION
                    && header(d).responderCookie() != 0) {
                right.engine.receive(new Datagram(d.remote(), d.local(), d.data()), net.now());
            }
        }
        byte[] aggressive = qm1.data().clone();
        aggressive[18] = (byte) ExchangeType.AGGRESSIVE.value();
        right.engine.receive(new Datagram(qm1.remote(), qm1.local(), aggressive), net.now());
        net.run();
        assertThat(dropped(right, DropReason.UNSUPPORTED_EXCHANGE)).isEqualTo(1);

        assertThat(right.engine.childSaCount()).isEqualTo(childrenBefore);
        assertThat(right.backend.sas()).hasSize(sasBefore);
        assertThat(right.events(IkeSaFailed.class)).isEmpty();
        assertThat(dropped(right, DropReason.INTERNAL_ERROR)).isZero();
        // only answers to duplicates were sent
        assertThat(right.sent.size() - sentBefore).isEqualTo(dropped(right, DropReason.DUPLICATE));
    }

    @Test
    void lostMessageIsRetransmittedWithBackoffAndDuplicateRequestsAreAnsweredAgain() {
        int[] seen = {0};
        net.setFilter(d -> {
            seen[0]++;
            return seen[0] == 2 ? null : d;          // lose the responder's message 2 once
        });
        left.engine.initiate("right", null, net.now());
        net.run();
        assertThat(left.events).isEmpty();
        net.advance(SETTINGS.retransmitDelay(0) - 1);
        assertThat(left.sent).hasSize(1);            // not yet
        net.advance(1);
        assertThat(left.events(ChildSaEstablished.class)).hasSize(1);
        assertThat(right.engine.counters().droppedCount(DropReason.DUPLICATE)).isPositive();
        assertThat(left.engine.counters().retransmittedCount()).isEqualTo(1);
        // both sides retransmitted; duplicates were answered, but nothing bounced for ever
        assertThat(left.sent.size()).isLessThanOrEqualTo(2 * 5);
    }

    @Test
    void tamperedQuickModeMessageIsDroppedAndTheGenuineOneStillWorks() {
        int[] quickModeFromLeft = {0};
        net.setFilter(d -> {
            if (d.remote().getAddress().equals(RIGHT) && header(d).exchangeType() == ExchangeType.QUICK_MODE
                    && ++quickModeFromLeft[0] == 2) {
                byte[] b = d.data().clone();
                b[b.length - 1] ^= 0x01;                  // message 3, last cipher block
                return new Datagram(d.local(), d.remote(), b);
            }
            return d;
        });
        left.engine.initiate("right", null, net.now());
        net.run();
        assertThat(dropped(right, DropReason.INTEGRITY)).isEqualTo(1);
        assertThat(right.engine.childSaCount()).isZero();
        assertThat(right.events(ChildSaEstablished.class)).isEmpty();

        net.advance(SETTINGS.retransmitDelay(0));       // right retransmits message 2, left answers again
        assertThat(right.events(ChildSaEstablished.class)).hasSize(1);
        assertThat(right.engine.childSaCount()).isEqualTo(1);
    }

    @Test
    void unansweredInitiatorGivesUpAfterTheRetransmissionsWithExponentialBackoff() {
        net.setFilter(d -> null);
        left.engine.initiate("right", null, net.now());
        net.run();
        long t = 0;
        for (int i = 0; i < SETTINGS.retransmitTries(); i++) {
            long delay = SETTINGS.retransmitDelay(i);
            net.advance(delay - 1);
            assertThat(left.sent).as("before retransmission %d", i + 1).hasSize(i + 1);
            net.advance(1);
            assertThat(left.sent).as("retransmission %d after %d ms", i + 1, delay).hasSize(i + 2);
            t += delay;
        }
        net.advance(SETTINGS.retransmitDelay(SETTINGS.retransmitTries()));
        IkeSaFailed f = left.events(IkeSaFailed.class).get(0);
        assertThat(f.notifyType()).isEqualTo("TIMEOUT");
        assertThat(f.reason()).startsWith("no answer to our Main Mode message after 5 retransmissions");
        assertThat(left.engine.ikeSaCount()).isZero();
        assertThat(t).isGreaterThan(60_000);
    }

    @Test
    void halfOpenSasAreBoundedEvictedOldestFirstAndTimeOut() {
        IkeEngine limited = new IkeEngine(SETTINGS.withMaxHalfOpen(4), FakeNetwork.fixedRandom(5),
                new RecordingIpsecBackend(5), d -> { }, e -> { });
        limited.addPeer(EngineFixtures.rightPeer("aes128-sha1-modp2048", "aes128-sha1-modp2048", PSK));
        left.engine.initiate("right", null, net.now());
        byte[] mm1 = left.sent.get(0).data();
        for (int i = 0; i < 10; i++) {
            byte[] m = mm1.clone();
            m[0] = (byte) i;                     // another initiator cookie each time
            limited.receive(new Datagram(RIGHT_500, LEFT_500, m), 1000 + i);
        }
        assertThat(limited.halfOpenCount()).isEqualTo(4);
        assertThat(limited.counters().droppedCount(DropReason.HALF_OPEN_EVICTED)).isEqualTo(6);
        limited.tick(1000 + SETTINGS.halfOpenTimeoutMillis() + 10);
        assertThat(limited.halfOpenCount()).isZero();
        assertThat(limited.ikeSaCount()).isZero();
    }

    @Test
    void messagesForUnknownSasAndFromOtherAddressesAreDropped() {
        establish();
        Datagram qm1 = net.wire().stream().filter(d -> header(d).exchangeType() == ExchangeType.QUICK_MODE
                && d.remote().getAddress().equals(RIGHT)).findFirst().orElseThrow();
        byte[] otherCookie = qm1.data().clone();
        otherCookie[3] ^= 0x40;
        right.engine.receive(new Datagram(qm1.remote(), qm1.local(), otherCookie), net.now());
        right.engine.receive(new Datagram(qm1.remote(), new InetSocketAddress(EngineFixtures.addr("192.0.2.99"),
                4500), qm1.data()), net.now());
        assertThat(dropped(right, DropReason.UNKNOWN_SA)).isEqualTo(2);
    }

    private static IsakmpHeader header(Datagram d) {
        return new io.gatewise.agent.ike.codec.IsakmpDecoder().decodeHeader(d.data()).value().header();
    }

    /** Fresh engines that float to UDP 4500 only when NAT-D says so (no made-up hash). */
    private void withoutForcedEncapsulation() {
        net = new FakeNetwork();
        left = net.add(LEFT, SETTINGS, 23);
        right = net.add(RIGHT, SETTINGS, 24);
        left.engine.addPeer(EngineFixtures.leftPeer("aes128-sha1-modp2048", "aes128-sha1-modp2048", PSK)
                .withForceEncapsulation(false));
        right.engine.addPeer(EngineFixtures.rightPeer("aes128-sha1-modp2048", "aes128-sha1-modp2048", PSK)
                .withForceEncapsulation(false));
    }

    @Test
    void withoutANatAndWithoutForcedEncapsulationTheSaStaysOnPort500() {
        withoutForcedEncapsulation();
        establish();
        assertThat(right.engine.ikeSas()).singleElement().satisfies(sa -> assertThat(sa.natT()).isFalse());
    }

    @Test
    void lyingNatDiscoveryPayloadsDoNotBreakTheNegotiation() {
        // no forced encapsulation: without the lie these two see no NAT and stay on port 500
        withoutForcedEncapsulation();
        // left's Main Mode message 3 with NAT-D hashes that are wrong and of the wrong size
        net.setFilter(d -> {
            if (!d.local().getAddress().equals(LEFT)) {
                return d;
            }
            var raw = new io.gatewise.agent.ike.codec.IsakmpDecoder().decodeHeader(d.data()).value();
            if (raw.header().exchangeType() != ExchangeType.IDENTITY_PROTECTION || raw.header().isEncrypted()
                    || raw.header().responderCookie() == 0) {
                return d;
            }
            var payloads = new io.gatewise.agent.ike.codec.IsakmpDecoder()
                    .decodePayloads(raw.header().nextPayload(), raw.body().toByteArray(), false).value().payloads();
            List<io.gatewise.agent.ike.codec.Payload> out = payloads.stream()
                    .map(p -> p instanceof io.gatewise.agent.ike.codec.NatDiscoveryPayload n
                            ? (io.gatewise.agent.ike.codec.Payload) new io.gatewise.agent.ike.codec.NatDiscoveryPayload(
                                    io.gatewise.agent.ike.codec.Bytes.of(new byte[7]), n.draft())
                            : p)
                    .toList();
            return new Datagram(d.local(), d.remote(), io.gatewise.agent.ike.codec.IsakmpEncoder.encode(raw.header(),
                    out));
        });
        establish();
        assertThat(left.events(ChildSaEstablished.class)).hasSize(1);
        // right "sees a NAT", but floating is the initiator's move (RFC 3947 section 4), and
        // left's genuine view says no NAT: both stay on port 500 and agree; nothing failed
        assertThat(right.events(IkeSaFailed.class)).isEmpty();
        assertThat(left.events(IkeSaFailed.class)).isEmpty();
        assertThat(right.engine.ikeSas()).singleElement().satisfies(sa -> assertThat(sa.natT()).isFalse());
        assertThat(left.engine.ikeSas()).singleElement().satisfies(sa -> assertThat(sa.natT()).isFalse());
    }

    private static void setLength(byte[] b, int v) {
        b[24] = (byte) (v >>> 24);
        b[25] = (byte) (v >>> 16);
        b[26] = (byte) (v >>> 8);
        b[27] = (byte) v;
    }
}
