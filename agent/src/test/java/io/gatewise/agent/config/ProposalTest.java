package io.gatewise.agent.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;

class ProposalTest {

    @Test
    void splitsAnIkeProposalByKind() {
        Proposal p = Proposal.parse("aes128-sha1-modp2048", Proposal.Use.IKE);
        assertThat(p.encryption()).containsExactly("aes128");
        assertThat(p.integrity()).containsExactly("sha1");
        assertThat(p.dhGroups()).containsExactly("modp2048");
        assertThat(p.toString()).isEqualTo("aes128-sha1-modp2048");
    }

    @Test
    void resolvesStrongSwanAliases() {
        Proposal p = Proposal.parse("AES-aes256-SHA-sha2_256-x25519-modp2048", Proposal.Use.IKE);
        assertThat(p.encryption()).containsExactly("aes128", "aes256");
        assertThat(p.integrity()).containsExactly("sha1", "sha256");
        assertThat(p.dhGroups()).containsExactly("curve25519", "modp2048");
        assertThat(Proposal.parse("aes128gcm-aes256gcm128-ecp256", Proposal.Use.ESP).encryption())
                .containsExactly("aes128gcm16", "aes256gcm16");
    }

    @Test
    void espWithAndWithoutPfs() {
        assertThat(Proposal.parse("aes128-sha1-modp2048", Proposal.Use.ESP).hasPfs()).isTrue();
        assertThat(Proposal.parse("aes128-sha1", Proposal.Use.ESP).hasPfs()).isFalse();
        assertThat(Proposal.parse("aes256gcm16", Proposal.Use.ESP).integrity()).isEmpty();
        assertThat(Proposal.isAead("aes256gcm16")).isTrue();
        assertThat(Proposal.isAead("aes256")).isFalse();
    }

    @Test
    void ahIsIntegrityOnly() {
        assertThat(Proposal.parse("sha256-modp2048", Proposal.Use.AH).integrity()).containsExactly("sha256");
    }

    @Test
    void rejectsWhatDoesNotFitTheUse() {
        for (var c : List.of(
                List.of("3des-md5", "IKE", "has no Diffie-Hellman group (IKEv1 Phase 1 needs one)"),
                List.of("sha1-modp2048", "IKE", "has no encryption algorithm"),
                List.of("aes128-modp2048", "IKE", "has no integrity/hash algorithm"),
                List.of("null-sha1-modp2048", "IKE", "uses the null cipher, which IKE does not allow"),
                List.of("aes128-sha1-modp2048-esn", "IKE", "uses esn, which only applies to ESP/AH"),
                List.of("aes128-sha1-prfsha1", "ESP", "uses a PRF (prfsha1), which only applies to IKE"),
                List.of("aes128gcm16-aes128-sha1", "ESP", "mixes AEAD cipher aes128gcm16 with non-AEAD cipher aes128"),
                List.of("", "ESP", "is empty"),
                List.of("camellia128-sha1", "ESP", "names unknown algorithm 'camellia128'"))) {
            assertThatThrownBy(() -> Proposal.parse(c.get(0), Proposal.Use.valueOf(c.get(1))))
                    .as(c.get(0))
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessage(c.get(2));
        }
    }
}
