package io.gatewise.agent.ike.v1;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import io.gatewise.agent.crypto.FixedRandomSource;
import io.gatewise.agent.ike.EngineFixtures;
import io.gatewise.agent.ike.config.EngineSettings;
import io.gatewise.agent.ike.config.PeerConfig;
import io.gatewise.agent.ike.event.ChildSaRekeyed;
import io.gatewise.agent.ike.event.IkeEvent;
import io.gatewise.agent.ike.sa.ChildSa;
import io.gatewise.agent.ike.sa.IkeSa;
import io.gatewise.agent.ike.sa.IkeSaId;
import io.gatewise.agent.ike.transport.Datagram;
import io.gatewise.agent.ipsec.EncryptionAlgorithm;
import io.gatewise.agent.ipsec.IntegrityAlgorithm;
import io.gatewise.agent.ipsec.IpsecBackend;
import io.gatewise.agent.ipsec.IpsecProtocol;
import io.gatewise.agent.ipsec.SaSpec;

/** ChildRekey on its own: what it asks of the task manager, and when. */
class ChildRekeyTest {
    private final List<String> actions = new ArrayList<>();
    private final List<ChildSaRekeyed> events = new ArrayList<>();
    /** Inbound SPIs on which "the peer" has sent a packet. */
    private final java.util.Set<Integer> peerSends = new java.util.HashSet<>();
    private final PeerConfig peer = EngineFixtures.leftPeer("aes128-sha1-modp2048", "aes128-sha1-modp2048", "k");
    private IkeSa sa;
    private ChildRekey rekey;

    @BeforeEach
    void setUp() {
        sa = new IkeSa(new IkeSaId(1, 2), IkeSa.Role.INITIATOR, peer,
                new InetSocketAddress(EngineFixtures.LEFT, 500), new InetSocketAddress(EngineFixtures.RIGHT, 500), 0);
        sa.setEstablished(0);
        V1Context ctx = new V1Context(EngineSettings.DEFAULT, new FixedRandomSource(3), new NoHooks());
        rekey = new ChildRekey(sa, ctx, new ChildRekey.Actions() {
            @Override
            public void startRekey(ChildSa old, long now) {
                actions.add(now + " rekey " + hex(old));
            }

            @Override
            public void sendDelete(ChildSa child, long now) {
                actions.add(now + " delete " + hex(child));
            }

            @Override
            public void removeOutbound(ChildSa child) {
                actions.add("outbound-gone " + hex(child));
            }

            @Override
            public void remove(ChildSa child, String reason, long now) {
                actions.add(now + " remove " + hex(child));
            }

            @Override
            public void pointPolicyAt(ChildSa child) {
                actions.add("policy " + hex(child));
            }

            @Override
            public boolean peerSendsOn(ChildSa child) {
                return peerSends.contains(child.spiIn());
            }

            @Override
            public void emit(ChildSaRekeyed event) {
                events.add(event);
            }
        });
    }

    private ChildSa child(int spiIn, long lifetime) {
        var c = peer.children().get(0);
        return new ChildSa("net", c, sa.id(), "right", 1, IpsecProtocol.ESP, spiIn, spiIn + 0x1000,
                EngineFixtures.LEFT, EngineFixtures.RIGHT, EncryptionAlgorithm.AES_CBC_128,
                IntegrityAlgorithm.HMAC_SHA1_96, SaSpec.Mode.TUNNEL, true, c.local(), c.remote(), lifetime, 0, 0);
    }

    private static String hex(ChildSa c) {
        return Integer.toHexString(c.spiIn());
    }

    private static byte[] nonce(int first) {
        byte[] n = new byte[16];
        n[0] = (byte) first;
        return n;
    }

    private void tickUntil(long from, long to) {
        for (long t = from; t <= to; t += 50) {
            rekey.tick(t);
        }
    }

    @Test
    void ourRekeyMovesOutboundAfterARoundTripThenDeletesTheOldPair() {
        ChildSa old = child(0x100, 100);
        rekey.installed(old, true, nonce(1), 0, 0, 0);
        assertThat(actions).containsExactly("policy 100");
        tickUntil(0, 90_000);
        assertThat(actions).hasSize(2);
        assertThat(actions.get(1)).endsWith("rekey 100");
        long started = Long.parseLong(actions.get(1).split(" ")[0]);
        assertThat(started).isBetween(80_000L, 90_000L);
        actions.clear();

        long now = started + 300;                 // Quick Mode took 300 ms
        rekey.installed(child(0x200, 100), true, nonce(2), 0x100, started, now);
        assertThat(actions).as("outbound stays on the old pair until the peer surely has the new one").isEmpty();
        assertThat(events).singleElement().satisfies(e -> {
            assertThat(e.oldSpiIn()).isEqualTo("00000100");
            assertThat(e.spiIn()).isEqualTo("00000200");
            assertThat(e.byPeer()).isFalse();
        });
        rekey.tick(now + 899);
        assertThat(actions).as("no packet from the peer on the new pair: three round trips").isEmpty();
        rekey.tick(now + 900);
        assertThat(actions).containsExactly("policy 200");
        // the old pair: Delete after the grace period, inbound kept a little longer
        rekey.tick(now + 900 + 999);
        assertThat(actions).hasSize(1);
        rekey.tick(now + 900 + 1000);
        assertThat(actions).containsExactly("policy 200", (now + 1900) + " delete 100", "outbound-gone 100");
        rekey.tick(now + 1900 + 500);
        assertThat(actions).last().isEqualTo((now + 2400) + " remove 100");
    }

    @Test
    void ourRekeyMovesOutboundAsSoonAsThePeerSendsOnTheNewPair() {
        rekey.installed(child(0x100, 100), true, nonce(1), 0, 0, 0);
        actions.clear();
        rekey.installed(child(0x200, 100), true, nonce(2), 0x100, 85_000, 85_030);
        long probe = rekey.nextDeadline();
        assertThat(probe).as("a short look at the new inbound SA, not the 500 ms fallback").isEqualTo(85_050);
        rekey.tick(probe);
        assertThat(actions).isEmpty();
        peerSends.add(0x200);
        rekey.tick(rekey.nextDeadline());
        assertThat(actions).containsExactly("policy 200");
        assertThat(rekey.nextDeadline()).as("no more probing; the old pair's Delete is next").isGreaterThan(85_500);
    }

    @Test
    void ourRekeyNeverMovesOutboundAfterTheOldPairsHardEnd() {
        rekey.installed(child(0x100, 10), true, nonce(1), 0, 0, 0);
        actions.clear();
        // the Quick Mode took 2 s and the old pair dies at 10 000: the switch comes before
        rekey.installed(child(0x200, 10), true, nonce(2), 0x100, 7_500, 9_300);
        rekey.tick(9_499);
        assertThat(actions).isEmpty();
        rekey.tick(9_500);
        assertThat(actions).containsExactly("policy 200", "9500 delete 100", "outbound-gone 100");
    }

    @Test
    void thePeersRekeyTakesOverAtOnceAndWeDeleteTheOldPairLater() {
        rekey.installed(child(0x100, 600), true, nonce(1), 0, 0, 0);
        actions.clear();
        rekey.installed(child(0x300, 600), false, nonce(3), 0, 10_000, 10_050);
        assertThat(actions).containsExactly("policy 300");
        assertThat(events).singleElement().satisfies(e -> assertThat(e.byPeer()).isTrue());
        rekey.tick(12_049);
        assertThat(actions).hasSize(1);
        rekey.tick(12_050);
        assertThat(actions).contains("12050 delete 100");
        assertThat(rekey.entry(0x100).state()).isEqualTo(ChildRekey.State.REPLACED);
    }

    @Test
    void simultaneousRekeysKeepThePairWithoutTheLowestNonce() {
        rekey.installed(child(0x100, 600), true, nonce(5), 0, 0, 0);
        assertThat(rekey.rekeyNow(0x100, 1000)).isTrue();
        rekey.tick(1000);
        actions.clear();
        // the peer's Quick Mode (lowest nonce 0x02) completes while ours runs ...
        rekey.installed(child(0x300, 600), false, nonce(2), 0, 1000, 1010);
        // ... then ours (lowest nonce 0x09) for the same old pair
        rekey.installed(child(0x200, 600), true, nonce(9), 0x100, 1000, 1020);
        assertThat(rekey.entry(0x300).state()).as("lowest nonce: redundant").isEqualTo(ChildRekey.State.REPLACED);
        assertThat(rekey.entry(0x200).state()).isEqualTo(ChildRekey.State.INSTALLED);
        assertThat(actions).last().isEqualTo("policy 200");
        // the peer initiated the redundant pair: it deletes it; we only after twice the grace
        tickUntil(1020, 2970);
        assertThat(actions).noneMatch(a -> a.contains("delete"));
        tickUntil(3020, 3100);
        assertThat(actions).contains("3020 delete 300", "3020 delete 100");
        assertThat(actions.stream().filter(a -> a.startsWith("policy")).toList()).last().isEqualTo("policy 200");
    }

    @Test
    void simultaneousRekeysTheOtherWayRoundKeepTheSamePair() {
        rekey.installed(child(0x100, 600), true, nonce(5), 0, 0, 0);
        rekey.rekeyNow(0x100, 1000);
        rekey.tick(1000);
        // ours (0x09) completes first, then the peer's (0x02) that ran at the same time
        rekey.installed(child(0x200, 600), true, nonce(9), 0x100, 1000, 1010);
        rekey.installed(child(0x300, 600), false, nonce(2), 0, 1005, 1020);
        assertThat(rekey.entry(0x300).state()).isEqualTo(ChildRekey.State.REPLACED);
        assertThat(rekey.entry(0x200).state()).isEqualTo(ChildRekey.State.INSTALLED);
        assertThat(rekey.entry(0x100).state()).isEqualTo(ChildRekey.State.REPLACED);
    }

    @Test
    void aFailedRekeyIsRetriedAndAnUnrekeyedPairExpires() {
        rekey.installed(child(0x100, 10), true, nonce(1), 0, 0, 0);
        rekey.rekeyNow(0x100, 5000);
        rekey.tick(5000);
        rekey.rekeyFailed(0x100, 5100);
        assertThat(rekey.entry(0x100).state()).isEqualTo(ChildRekey.State.INSTALLED);
        rekey.tick(7099);
        assertThat(actions).filteredOn(a -> a.contains("rekey")).hasSize(1);
        rekey.tick(7100);
        assertThat(actions).filteredOn(a -> a.contains("rekey")).hasSize(2);
        rekey.tick(10_000);
        assertThat(actions).contains("10000 delete 100", "10000 remove 100");
        assertThat(rekey.size()).isZero();
    }

    /** Hooks ChildRekey never touches (it only uses the random source). */
    private static final class NoHooks extends QuietSaHooks {
        @Override
        public void send(Datagram datagram) {
            throw new AssertionError();
        }

        @Override
        public void emit(IkeEvent event) {
            throw new AssertionError();
        }

        @Override
        public IpsecBackend backend() {
            throw new AssertionError();
        }
    }
}
