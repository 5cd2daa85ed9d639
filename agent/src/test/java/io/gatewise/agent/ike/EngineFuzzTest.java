package io.gatewise.agent.ike;

import static io.gatewise.agent.ike.EngineFixtures.LEFT;
import static io.gatewise.agent.ike.EngineFixtures.RIGHT;
import static io.gatewise.agent.ike.EngineFixtures.SETTINGS;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;

import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.lifecycle.AfterProperty;
import net.jqwik.api.lifecycle.BeforeProperty;

import io.gatewise.agent.ike.codec.Mutations;
import io.gatewise.agent.ike.event.ChildSaEstablished;
import io.gatewise.agent.ike.sa.DropReason;
import io.gatewise.agent.ike.transport.Datagram;

/**
 * Two established engines take a stream of mutated copies of every message they
 * exchanged (truncated, bit-flipped, lengths that lie, loops, garbage), to either side.
 * Afterwards: no internal error was counted, the established SAs and the installed child
 * SAs are exactly as before, half-open SAs stay within the limit, and a new Quick Mode
 * still succeeds. Bounded by the number of tries (a few seconds).
 */
class EngineFuzzTest {
    private static final String PSK = "interop-test-psk-0123456789";
    private FakeNetwork net;
    private FakeNetwork.Node left;
    private FakeNetwork.Node right;
    private List<byte[]> seeds;

    @BeforeProperty
    void establish() {
        net = new FakeNetwork();
        left = net.add(LEFT, SETTINGS.withMaxHalfOpen(16), 31);
        right = net.add(RIGHT, SETTINGS.withMaxHalfOpen(16), 32);
        left.engine.addPeer(EngineFixtures.leftPeer("aes128-sha1-modp2048", "aes128-sha1-modp2048", "k-" + PSK));
        right.engine.addPeer(EngineFixtures.rightPeer("aes128-sha1-modp2048", "aes128-sha1-modp2048", "k-" + PSK));
        left.engine.initiate("right", null, net.now());
        net.run();
        assertThat(right.events(ChildSaEstablished.class)).hasSize(1);
        seeds = new ArrayList<>();
        for (Datagram d : net.wire()) {
            seeds.add(d.data());
        }
    }

    @Provide
    Arbitrary<Long> seeds() {
        return Arbitraries.longs();
    }

    @Property(tries = 3000)
    void mutatedTrafficNeverHurtsTheEngines(@ForAll("seeds") long seed) {
        Random rnd = new Random(seed);
        byte[] m = Mutations.mutate(seeds, rnd);
        if (m.length >= 28 && rnd.nextInt(4) != 0) {
            Mutations.setLength(m, m.length);        // mostly an honest header: reach the SAs
        }
        boolean toRight = rnd.nextBoolean();
        boolean natt = rnd.nextBoolean();
        FakeNetwork.Node to = toRight ? right : left;
        var local = new java.net.InetSocketAddress(toRight ? RIGHT : LEFT, natt ? 4500 : 500);
        var remote = new java.net.InetSocketAddress(toRight ? LEFT : RIGHT, natt ? 4500 : 500);
        to.engine.receive(new Datagram(local, remote, m), net.now());
        net.run();
        assertThat(to.engine.counters().droppedCount(DropReason.INTERNAL_ERROR)).isZero();
    }

    @AfterProperty
    void stillHealthy() {
        System.out.println("EngineFuzzTest left:  " + left.engine.counters());
        System.out.println("EngineFuzzTest right: " + right.engine.counters());
        for (FakeNetwork.Node n : List.of(left, right)) {
            assertThat(n.engine.counters().droppedCount(DropReason.INTERNAL_ERROR)).isZero();
            assertThat(n.engine.childSaCount()).isEqualTo(1);
            assertThat(n.backend.sas()).hasSize(2);
            assertThat(n.engine.halfOpenCount()).isLessThanOrEqualTo(16);
            assertThat(n.engine.ikeSas()).filteredOn(s -> s.state().equals("ESTABLISHED")).hasSize(1);
        }
        left.engine.initiate("right", "net", net.now());
        net.run();
        assertThat(left.events(ChildSaEstablished.class)).hasSize(2);
        assertThat(right.events(ChildSaEstablished.class)).hasSize(2);
    }
}
