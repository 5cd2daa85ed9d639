package io.gatewise.agent.ike;

import static io.gatewise.agent.ike.EngineFixtures.LEFT;
import static io.gatewise.agent.ike.EngineFixtures.RIGHT;
import static io.gatewise.agent.ike.EngineFixtures.SETTINGS;
import static org.assertj.core.api.Assertions.assertThat;

import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.stream.Collectors;

import org.junit.jupiter.api.Test;

import io.gatewise.agent.ike.codec.IsakmpHeader;
import io.gatewise.agent.ike.event.ChildSaEstablished;
import io.gatewise.agent.ike.sa.DropReason;
import io.gatewise.agent.ike.transport.Datagram;
import io.gatewise.agent.ike.v1.MessageFragmenter;

/**
 * IKEv1 fragmentation (payload 132) through the engine: every message the initiator sends
 * is split into fragments delivered in reverse order (as a peer behind a small MTU would),
 * and the responder reassembles them before decoding.
 */
class EngineFragmentationTest {
    private static final String PSK = "interop-test-psk-0123456789";
    private static final int FRAGMENT_DATA = 100;

    /** Splits a datagram into fragments carrying {@value #FRAGMENT_DATA} bytes each. */
    static List<Datagram> fragment(Datagram d, int fragmentId) {
        return MessageFragmenter.split(d.data(), fragmentId, IsakmpHeader.LENGTH + 8 + FRAGMENT_DATA).stream()
                .map(f -> new Datagram(d.local(), d.remote(), f)).collect(Collectors.toCollection(ArrayList::new));
    }

    @Test
    void allInitiatorMessagesFragmentedOutOfOrderStillEstablish() {
        FakeNetwork net = new FakeNetwork();
        FakeNetwork.Node left = net.add(LEFT, SETTINGS, 31);
        FakeNetwork.Node right = net.add(RIGHT, SETTINGS, 32);
        left.engine.addPeer(EngineFixtures.leftPeer("aes128-sha1-modp2048", "aes128-sha1-modp2048", PSK));
        right.engine.addPeer(EngineFixtures.rightPeer("aes128-sha1-modp2048", "aes128-sha1-modp2048", PSK));
        int[] ids = {0};
        net.setFilter(d -> {
            if (!d.local().getAddress().equals(LEFT) || d.data().length <= IsakmpHeader.LENGTH
                    || (d.data()[16] & 0xff) == 132) {
                return d;
            }
            List<Datagram> frags = fragment(d, ++ids[0]);
            Collections.reverse(frags);
            frags.forEach(net::inject);
            return null;
        });

        left.engine.initiate("right", null, net.now());
        net.run();

        assertThat(right.events(ChildSaEstablished.class)).hasSize(1);
        assertThat(left.events(ChildSaEstablished.class)).hasSize(1);
        assertThat(right.engine.fragments().reassembledCount()).isEqualTo(ids[0]).isGreaterThanOrEqualTo(4);
        assertThat(right.engine.fragments().pendingCount()).isZero();
        assertThat(right.engine.counters().droppedCount(DropReason.MALFORMED)).isZero();
    }

    @Test
    void garbageFragmentsAreDroppedAndCounted() {
        FakeNetwork net = new FakeNetwork();
        FakeNetwork.Node left = net.add(LEFT, SETTINGS, 33);
        FakeNetwork.Node right = net.add(RIGHT, SETTINGS, 34);
        right.engine.addPeer(EngineFixtures.rightPeer("aes128-sha1-modp2048", "aes128-sha1-modp2048", PSK));
        left.engine.addPeer(EngineFixtures.leftPeer("aes128-sha1-modp2048", "aes128-sha1-modp2048", PSK));
        left.engine.initiate("right", null, net.now());
        Datagram mm1 = left.sent.get(0);
        net.setFilter(d -> null);
        net.run();
        net.setFilter(d -> d);

        // a FRAG header whose payload is truncated
        byte[] broken = fragment(mm1, 9).get(0).data();
        byte[] cut = Arrays.copyOf(broken, IsakmpHeader.LENGTH + 3);
        ByteBuffer.wrap(cut).putInt(24, cut.length);
        net.inject(new Datagram(mm1.local(), mm1.remote(), cut));
        assertThat(right.engine.counters().droppedCount(DropReason.MALFORMED)).isEqualTo(1);

        // a complete "message" that is itself a fragment is not reassembled again
        List<Datagram> inner = fragment(mm1, 10);
        Datagram nested = fragment(inner.get(0), 11).get(0);
        byte[] single = nested.data();
        single[IsakmpHeader.LENGTH + 7] = 1;   // mark the only fragment LAST
        net.inject(new Datagram(mm1.local(), mm1.remote(), single));
        assertThat(right.engine.counters().droppedCount(DropReason.MALFORMED)).isEqualTo(2);
        assertThat(right.engine.ikeSaCount()).isZero();
        assertThat(right.sent).isEmpty();
    }
}
