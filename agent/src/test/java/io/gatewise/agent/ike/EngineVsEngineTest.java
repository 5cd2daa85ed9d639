package io.gatewise.agent.ike;

import static io.gatewise.agent.ike.EngineFixtures.LEFT;
import static io.gatewise.agent.ike.EngineFixtures.RIGHT;
import static io.gatewise.agent.ike.EngineFixtures.SETTINGS;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import io.gatewise.agent.ike.event.ChildSaEstablished;
import io.gatewise.agent.ike.event.IkeSaEstablished;
import io.gatewise.agent.ike.config.ChildConfig;
import io.gatewise.agent.ipsec.SaSpec;

/** Two engines negotiate Main Mode and Quick Mode over an in-memory network. */
class EngineVsEngineTest {
    private static final String PSK = "interop-test-psk-0123456789";

    @ParameterizedTest(name = "{0} / {1}")
    @CsvSource({
            "aes128-sha1-modp2048, aes128-sha1-modp2048",
            "aes256-sha256-modp2048, aes256-sha256-modp2048",
            "aes128-sha256-ecp256, aes128-sha256-ecp256",
            "3des-sha1-modp1024, 3des-sha1",
            "aes256-sha384-ecp384, aes256gcm16-ecp384",
            "aes192-sha512-modp3072, aes192-sha512"})
    void mainModeAndQuickModeEstablishMatchingSas(String ike, String esp) {
        FakeNetwork net = new FakeNetwork();
        FakeNetwork.Node left = net.add(LEFT, SETTINGS, 1);
        FakeNetwork.Node right = net.add(RIGHT, SETTINGS, 2);
        left.engine.addPeer(EngineFixtures.leftPeer(ike, esp, PSK));
        right.engine.addPeer(EngineFixtures.rightPeer(ike, esp, PSK));

        left.engine.initiate("right", null, net.now());
        net.run();

        assertThat(left.events(IkeSaEstablished.class)).hasSize(1);
        assertThat(right.events(IkeSaEstablished.class)).hasSize(1);
        IkeSaEstablished l = left.events(IkeSaEstablished.class).get(0);
        assertThat(l.initiator()).isTrue();
        assertThat(l.natT()).as("encapsulation forced, so NAT-T floats to 4500").isTrue();
        ChildSaEstablished lc = left.events(ChildSaEstablished.class).get(0);
        ChildSaEstablished rc = right.events(ChildSaEstablished.class).get(0);
        assertThat(lc.spiIn()).isEqualTo(rc.spiOut());
        assertThat(lc.spiOut()).isEqualTo(rc.spiIn());
        assertThat(lc.mode()).isEqualTo("udp-encapsulated tunnel");
        assertThat(lc.localTs()).isEqualTo("10.1.0.0/24");

        // both directions: what left sends with, right receives with, same keys
        List<RecordingIpsecBackend.Installed> ls = left.backend.sas();
        List<RecordingIpsecBackend.Installed> rs = right.backend.sas();
        assertThat(ls).hasSize(2);
        assertThat(rs).hasSize(2);
        for (RecordingIpsecBackend.Installed a : ls) {
            RecordingIpsecBackend.Installed b = right.backend.sa(a.spec().id().spi()).orElseThrow();
            assertThat(b.spec().direction()).isNotEqualTo(a.spec().direction());
            assertThat(b.encryptionKey()).isEqualTo(a.encryptionKey());
            assertThat(b.integrityKey()).isEqualTo(a.integrityKey());
            assertThat(a.spec().udpEncapsulated()).isTrue();
            assertThat(a.spec().mode()).isEqualTo(SaSpec.Mode.TUNNEL);
            assertThat(a.spec().local().port()).isEqualTo(4500);
            // inbound SAs get the child's anti-replay window; outbound ones need none
            int expectedWindow = a.spec().direction() == SaSpec.Direction.INBOUND
                    ? ChildConfig.DEFAULT_REPLAY_WINDOW : 0;
            assertThat(a.spec().replayWindow()).isEqualTo(expectedWindow);
        }
        assertThat(left.backend.policies()).hasSize(1);
        assertThat(left.engine.childSaCount()).isEqualTo(1);
        assertThat(right.engine.halfOpenCount()).isZero();
        assertThat(left.engine.counters().droppedTotal()).isZero();
        assertThat(right.engine.counters().droppedTotal()).isZero();
    }

    @org.junit.jupiter.api.Test
    void sameSeedsGiveTheSameExchangeByteForByte() {
        java.util.List<byte[]> first = run(7, 8);
        java.util.List<byte[]> second = run(7, 8);
        assertThat(second).hasSameSizeAs(first);
        for (int i = 0; i < first.size(); i++) {
            assertThat(second.get(i)).as("datagram %d", i).isEqualTo(first.get(i));
        }
        assertThat(run(7, 9).get(1)).isNotEqualTo(first.get(1));
    }

    private static java.util.List<byte[]> run(long leftSeed, long rightSeed) {
        FakeNetwork net = new FakeNetwork();
        FakeNetwork.Node left = net.add(LEFT, SETTINGS, leftSeed);
        FakeNetwork.Node right = net.add(RIGHT, SETTINGS, rightSeed);
        left.engine.addPeer(EngineFixtures.leftPeer("aes128-sha1-modp2048", "aes128-sha1-modp2048", PSK));
        right.engine.addPeer(EngineFixtures.rightPeer("aes128-sha1-modp2048", "aes128-sha1-modp2048", PSK));
        left.engine.initiate("right", null, net.now());
        net.run();
        assertThat(right.events(ChildSaEstablished.class)).hasSize(1);
        return net.wire().stream().map(io.gatewise.agent.ike.transport.Datagram::data).toList();
    }
}
