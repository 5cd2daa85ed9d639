package io.gatewise.agent.ipsec;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.gatewise.agent.ipsec.SaSpec.Direction;
import io.gatewise.agent.ipsec.SaSpec.Mode;
import java.util.Arrays;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class EspProcessorTest {
    private final TestSas f = new TestSas();
    private final FlowKey key = new FlowKey();

    static Stream<Arguments> suites() {
        return Stream.of(
                Arguments.of(EncryptionAlgorithm.AES_GCM_16_128, null, false),
                Arguments.of(EncryptionAlgorithm.AES_GCM_16_256, null, true),
                Arguments.of(EncryptionAlgorithm.AES_CBC_128, IntegrityAlgorithm.HMAC_SHA1_96, false),
                Arguments.of(EncryptionAlgorithm.AES_CBC_256, IntegrityAlgorithm.HMAC_SHA2_256_128, true),
                Arguments.of(EncryptionAlgorithm.AES_CBC_128, IntegrityAlgorithm.HMAC_SHA2_384_192, false),
                Arguments.of(EncryptionAlgorithm.AES_CBC_256, IntegrityAlgorithm.HMAC_SHA2_512_256, false),
                Arguments.of(EncryptionAlgorithm.TRIPLE_DES_CBC, IntegrityAlgorithm.HMAC_SHA1_96, false),
                Arguments.of(EncryptionAlgorithm.NULL, IntegrityAlgorithm.HMAC_SHA2_256_128, false));
    }

    @ParameterizedTest(name = "{0} {1} esn={2}")
    @MethodSource("suites")
    void tunnelRoundTripOfManySizes(EncryptionAlgorithm enc, IntegrityAlgorithm integ, boolean esn) {
        SaSpec out = f.spec(IpsecProtocol.ESP, Direction.OUTBOUND, Mode.TUNNEL, enc, integ, esn, SaLifetime.UNLIMITED);
        SecurityAssociation tx = f.sa(out);
        SecurityAssociation rx = f.sa(f.mirror(out, Direction.INBOUND));
        byte[] wire = new byte[2048];
        byte[] plain = new byte[2048];
        for (int size = 0; size < 200; size += 13) {
            byte[] inner = TestSas.icmp("10.91.1.5", "10.91.2.9", size);
            long seq = tx.reserveSequence(1);
            int n = EspProcessor.encapsulate(tx, 1, seq, inner, 0, inner.length, wire, 0);
            assertThat(n).isEqualTo(tx.esp(1).espLength(inner.length));
            int m = EspProcessor.decapsulate(rx, 0, wire, 0, n, 0, 0, plain, 0, key);
            assertThat(m).isEqualTo(inner.length);
            assertThat(Arrays.copyOf(plain, m)).isEqualTo(inner);
        }
        assertThat(rx.counters().snapshot().packets()).isEqualTo(16);
    }

    @Test
    void tamperedReplayedOutOfWindowAndForeignPacketsAreDroppedAndCounted() {
        SaSpec out = f.spec(IpsecProtocol.ESP, Direction.OUTBOUND, Mode.TUNNEL, EncryptionAlgorithm.AES_CBC_128,
                IntegrityAlgorithm.HMAC_SHA2_256_128, false, SaLifetime.UNLIMITED);
        SecurityAssociation tx = f.sa(out);
        SecurityAssociation rx = f.sa(f.mirror(out, Direction.INBOUND));
        byte[] inner = TestSas.icmp("10.91.1.5", "10.91.2.9", 56);
        byte[] plain = new byte[2048];
        byte[][] pkts = new byte[100][];
        int[] lens = new int[100];
        for (int i = 0; i < 100; i++) {
            pkts[i] = new byte[256];
            lens[i] = EspProcessor.encapsulate(tx, 0, tx.reserveSequence(1), inner, 0, inner.length, pkts[i], 0);
        }
        // tampered ciphertext byte
        byte[] bad = pkts[0].clone();
        bad[30] ^= 1;
        assertThat(EspProcessor.decapsulate(rx, 0, bad, 0, lens[0], 0, 0, plain, 0, key))
                .isEqualTo(EspProcessor.DROP_AUTH);
        // the genuine one still passes (the forgery did not move the window)
        assertThat(EspProcessor.decapsulate(rx, 0, pkts[0], 0, lens[0], 0, 0, plain, 0, key)).isPositive();
        assertThat(EspProcessor.decapsulate(rx, 0, pkts[0], 0, lens[0], 0, 0, plain, 0, key))
                .isEqualTo(EspProcessor.DROP_REPLAY);
        assertThat(EspProcessor.decapsulate(rx, 0, pkts[99], 0, lens[99], 0, 0, plain, 0, key)).isPositive();
        // seq 2..35 are out of a 64 window below 100
        assertThat(EspProcessor.decapsulate(rx, 0, pkts[5], 0, lens[5], 0, 0, plain, 0, key))
                .isEqualTo(EspProcessor.DROP_REPLAY);
        assertThat(EspProcessor.decapsulate(rx, 0, pkts[60], 0, lens[60], 0, 0, plain, 0, key)).isPositive();
        // truncated
        assertThat(EspProcessor.decapsulate(rx, 0, pkts[70], 0, 20, 0, 0, plain, 0, key))
                .isEqualTo(EspProcessor.DROP_MALFORMED);
        SaCounters c = rx.counters().snapshot();
        assertThat(c.authFailures()).isEqualTo(1);
        assertThat(c.replayDrops()).isEqualTo(2);
        assertThat(c.otherDrops()).isEqualTo(1);
        assertThat(c.packets()).isEqualTo(3);
    }

    @Test
    void innerPacketOutsideTheSelectorsIsDropped() {
        SaSpec out = f.spec(IpsecProtocol.ESP, Direction.OUTBOUND, Mode.TUNNEL, EncryptionAlgorithm.AES_GCM_16_128,
                null, false, SaLifetime.UNLIMITED);
        SecurityAssociation tx = f.sa(out);
        SecurityAssociation rx = f.sa(f.mirror(out, Direction.INBOUND));
        byte[] spoofed = TestSas.icmp("10.99.0.1", "10.91.2.9", 10);
        byte[] wire = new byte[256];
        int n = EspProcessor.encapsulate(tx, 0, tx.reserveSequence(1), spoofed, 0, spoofed.length, wire, 0);
        assertThat(EspProcessor.decapsulate(rx, 0, wire, 0, n, 0, 0, new byte[256], 0, key))
                .isEqualTo(EspProcessor.DROP_SELECTOR);
        assertThat(rx.counters().snapshot().otherDrops()).isEqualTo(1);
    }

    @Test
    void transportModeRebuildsTheIpHeader() {
        SaSpec out = f.spec(IpsecProtocol.ESP, Direction.OUTBOUND, Mode.TRANSPORT, EncryptionAlgorithm.AES_GCM_16_128,
                null, false, SaLifetime.UNLIMITED);
        out = new SaSpec(out.id(), out.direction(), out.mode(), out.local(), out.remote(), false, out.encryption(),
                TestSas.key(20, 1), null, null, java.util.List.of(TestSas.subnet("198.51.100.1", "198.51.100.1")),
                java.util.List.of(TestSas.subnet("198.51.100.2", "198.51.100.2")), 64, false, SaLifetime.UNLIMITED, 1);
        SecurityAssociation tx = f.sa(out);
        SecurityAssociation rx = f.sa(f.mirror(out, Direction.INBOUND));
        byte[] inner = TestSas.icmp("198.51.100.1", "198.51.100.2", 32);
        byte[] wire = new byte[256];
        int n = EspProcessor.encapsulate(tx, 0, tx.reserveSequence(1), inner, 0, inner.length, wire, 0);
        assertThat(n).isEqualTo(tx.esp(0).espLength(inner.length - 20));
        byte[] plain = new byte[256];
        int m = EspProcessor.decapsulate(rx, 0, wire, 0, n, rx.remoteV4(), rx.localV4(), plain, 0, key);
        assertThat(m).isEqualTo(inner.length);
        assertThat(Arrays.copyOfRange(plain, 20, m)).isEqualTo(Arrays.copyOfRange(inner, 20, inner.length));
        assertThat(IpPacket.checksum(plain, 0, 20)).isZero();
        assertThat(IpPacket.u32(plain, 12)).isEqualTo(IpPacket.u32(inner, 12));
    }

    @Test
    void ahProtectsAndDetectsChangesOfImmutableFieldsOnly() {
        SaSpec out = f.spec(IpsecProtocol.AH, Direction.OUTBOUND, Mode.TUNNEL, null, IntegrityAlgorithm.HMAC_SHA2_256_128,
                false, SaLifetime.UNLIMITED);
        SecurityAssociation tx = f.sa(out);
        SecurityAssociation rx = f.sa(f.mirror(out, Direction.INBOUND));
        byte[] inner = TestSas.icmp("10.91.1.5", "10.91.2.9", 40);
        byte[] wire = new byte[512];
        int n = EspProcessor.ahProtect(tx, 0, tx.reserveSequence(1), inner, 0, inner.length, wire, 0, 77);
        assertThat(n).isEqualTo(20 + 12 + 16 + inner.length);
        // mutable fields may change in transit: TTL and checksum
        byte[] inTransit = wire.clone();
        inTransit[8] = 12;
        IpPacket.updateIpv4Checksum(inTransit, 0);
        byte[] plain = new byte[512];
        assertThat(EspProcessor.ahVerify(rx, 0, inTransit, 0, n, plain, 0, key)).isEqualTo(inner.length);
        assertThat(Arrays.copyOf(plain, inner.length)).isEqualTo(inner);
        // an immutable one may not: the source address, or the payload
        long seq2 = tx.reserveSequence(1);
        int n2 = EspProcessor.ahProtect(tx, 0, seq2, inner, 0, inner.length, wire, 0, 78);
        byte[] forged = wire.clone();
        forged[n2 - 1] ^= 1;
        assertThat(EspProcessor.ahVerify(rx, 0, forged, 0, n2, plain, 0, key)).isEqualTo(EspProcessor.DROP_AUTH);
        assertThat(EspProcessor.ahVerify(rx, 0, wire, 0, n2, plain, 0, key)).isEqualTo(inner.length);
        assertThat(EspProcessor.ahVerify(rx, 0, wire, 0, n2, plain, 0, key)).isEqualTo(EspProcessor.DROP_REPLAY);
    }

    @Test
    void lifetimesFireSoftThenHardAndHardKillsTheSa() {
        SaSpec out = f.spec(IpsecProtocol.ESP, Direction.OUTBOUND, Mode.TUNNEL, EncryptionAlgorithm.AES_GCM_16_128,
                null, false, new SaLifetime(10, 20, 1000, 5000));
        SecurityAssociation sa = f.sa(out);
        sa.account(1, 999);
        assertThat(f.events).isEmpty();
        sa.account(1, 1);
        assertThat(f.events).containsExactly("soft " + sa.id());
        sa.account(1, 1000);
        assertThat(f.events).hasSize(1);
        f.nanos = 21_000_000_000L;
        sa.checkTime();
        assertThat(f.events).containsExactly("soft " + sa.id(), "hard " + sa.id());
        assertThat(sa.isDead()).isTrue();
    }

    @Test
    void sequenceCounterMustNotCycleWithoutEsn() {
        SaSpec out = f.spec(IpsecProtocol.ESP, Direction.OUTBOUND, Mode.TUNNEL, EncryptionAlgorithm.AES_GCM_16_128,
                null, false, SaLifetime.UNLIMITED);
        SecurityAssociation sa = f.sa(out);
        assertThat(sa.reserveSequence((int) SecurityAssociation.SEQ_SOFT_MARGIN)).isEqualTo(1);
        assertThat(f.events).isEmpty();
        sa.reserveSequence(Integer.MAX_VALUE);
        sa.reserveSequence(Integer.MAX_VALUE - (int) SecurityAssociation.SEQ_SOFT_MARGIN);
        assertThat(f.events).containsExactly("soft " + sa.id());
        assertThat(sa.reserveSequence(10)).isEqualTo(-1);
        assertThat(sa.isDead()).isTrue();
    }

    @Test
    void refusesWeakOrInconsistentConfigurations() {
        SaSpec nul = f.spec(IpsecProtocol.ESP, Direction.OUTBOUND, Mode.TUNNEL, EncryptionAlgorithm.NULL,
                IntegrityAlgorithm.HMAC_SHA1_96, false, SaLifetime.UNLIMITED);
        assertThatThrownBy(() -> new SecurityAssociation(nul, 1, false, System::nanoTime, (s, h) -> { }))
                .hasMessageContaining("disabled");
        SaSpec cbcNoMac = f.spec(IpsecProtocol.ESP, Direction.OUTBOUND, Mode.TUNNEL, EncryptionAlgorithm.AES_CBC_128,
                null, false, SaLifetime.UNLIMITED);
        assertThatThrownBy(() -> f.sa(cbcNoMac)).hasMessageContaining("without integrity");
        assertThat(cbcNoMac.toString()).doesNotContain("key");
    }
}
