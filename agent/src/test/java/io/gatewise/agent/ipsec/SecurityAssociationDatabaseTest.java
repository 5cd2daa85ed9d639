package io.gatewise.agent.ipsec;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.gatewise.agent.ipsec.SaSpec.Direction;
import io.gatewise.agent.ipsec.SaSpec.Mode;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

class SecurityAssociationDatabaseTest {
    private final TestSas f = new TestSas();

    private SecurityAssociation inbound(int spi) {
        SaSpec s = f.spec(IpsecProtocol.ESP, Direction.INBOUND, Mode.TUNNEL, EncryptionAlgorithm.AES_GCM_16_128, null,
                false, SaLifetime.UNLIMITED);
        return f.sa(new SaSpec(new SaId(spi, IpsecProtocol.ESP, TestSas.ip("198.51.100.1")), s.direction(), s.mode(),
                s.local(), s.remote(), false, s.encryption(), TestSas.key(20, 1), null, null, List.of(), List.of(), 64,
                false, SaLifetime.UNLIMITED, 1));
    }

    @Test
    void allocatedSpisAreUniqueAndNeverReserved() {
        SecurityAssociationDatabase sad = new SecurityAssociationDatabase();
        Set<Integer> seen = new HashSet<>();
        for (int i = 0; i < 10_000; i++) {
            int spi = sad.allocateSpi(IpsecProtocol.ESP);
            assertThat(spi & 0xffffffffL).isGreaterThanOrEqualTo(256);
            assertThat(seen.add(spi)).isTrue();
        }
    }

    @Test
    void inboundLookupBySpiAddRemoveAndDuplicates() {
        SecurityAssociationDatabase sad = new SecurityAssociationDatabase();
        for (int spi = 1000; spi < 1300; spi++) {
            sad.add(inbound(spi));
        }
        for (int spi = 1000; spi < 1300; spi++) {
            assertThat(sad.inboundEsp(spi).spi()).isEqualTo(spi);
        }
        assertThat(sad.inboundEsp(999)).isNull();
        assertThat(sad.inboundAh(1000)).as("SPIs are per protocol").isNull();
        assertThatThrownBy(() -> sad.add(inbound(1000))).isInstanceOf(IllegalStateException.class);
        SecurityAssociation removed = sad.remove(new SaId(1100, IpsecProtocol.ESP, TestSas.ip("198.51.100.1")));
        assertThat(removed.isDead()).isTrue();
        assertThat(sad.inboundEsp(1100)).isNull();
        assertThat(sad.inboundEsp(1101)).isNotNull();
        assertThat(sad.remove(new SaId(1100, IpsecProtocol.ESP, TestSas.ip("198.51.100.1")))).isNull();
    }
}
