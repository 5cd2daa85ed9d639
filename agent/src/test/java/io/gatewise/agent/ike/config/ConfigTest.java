package io.gatewise.agent.ike.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.InetAddress;
import java.util.List;

import org.junit.jupiter.api.Test;

import io.gatewise.agent.crypto.DhGroup;
import io.gatewise.agent.crypto.HashAlgorithm;
import io.gatewise.agent.crypto.IkeCipher;
import io.gatewise.agent.ike.codec.IdType;
import io.gatewise.agent.ipsec.EncryptionAlgorithm;
import io.gatewise.agent.ipsec.IntegrityAlgorithm;

class ConfigTest {

    @Test
    void ikeProposalsExpandLikeStrongSwanCiphersFirst() {
        assertThat(ProposalParser.ike("aes128-sha1-modp2048, aes256-sha256-modp2048")).containsExactly(
                new IkeProposal(IkeCipher.AES_CBC_128, HashAlgorithm.SHA1, DhGroup.MODP_2048),
                new IkeProposal(IkeCipher.AES_CBC_256, HashAlgorithm.SHA2_256, DhGroup.MODP_2048));
        assertThat(ProposalParser.ike("aes128-aes256-sha256-modp2048-ecp256")).extracting(IkeProposal::plainName)
                .containsExactly("AES-128/SHA2-256/MODP-2048", "AES-128/SHA2-256/ECP-256",
                        "AES-256/SHA2-256/MODP-2048", "AES-256/SHA2-256/ECP-256");
    }

    @Test
    void espProposalsCarryPfsAndAead() {
        assertThat(ProposalParser.esp("aes128-sha1-modp2048")).containsExactly(new EspProposal(
                EncryptionAlgorithm.AES_CBC_128, IntegrityAlgorithm.HMAC_SHA1_96, DhGroup.MODP_2048));
        assertThat(ProposalParser.esp("3des-sha1").get(0).pfs()).isEmpty();
        assertThat(ProposalParser.esp("aes256gcm16-ecp384").get(0)).isEqualTo(
                new EspProposal(EncryptionAlgorithm.AES_GCM_16_256, null, DhGroup.ECP_384));
    }

    @Test
    void badProposalsAreRefusedWithTheWord() {
        assertThatThrownBy(() -> ProposalParser.ike("aes128-sha1-modp2049"))
                .hasMessageContaining("'modp2049'");
        assertThatThrownBy(() -> ProposalParser.ike("aes128-sha1")).hasMessageContaining("needs a cipher, a hash and");
        assertThatThrownBy(() -> ProposalParser.esp("aes128")).hasMessageContaining("integrity");
    }

    @Test
    void identitiesParseAndMatch() throws Exception {
        assertThat(Identity.parse("192.0.2.1")).isEqualTo(Identity.address(InetAddress.getByName("192.0.2.1")));
        assertThat(Identity.parse("left.interop.test").type()).isEqualTo(IdType.FQDN);
        assertThat(Identity.parse("a@b.example").type()).isEqualTo(IdType.USER_FQDN);
        assertThat(Identity.ANY.matches(Identity.fqdn("x"))).isTrue();
        assertThat(Identity.fqdn("x").matches(Identity.fqdn("y"))).isFalse();
        assertThat(Identity.fqdn("right.interop.test")).hasToString("right.interop.test");
    }

    @Test
    void secretsNeverShowInToString() throws Exception {
        PeerConfig p = PeerConfig.simple("p", InetAddress.getByName("192.0.2.1"), InetAddress.getByName("192.0.2.2"),
                PreSharedKey.ofUtf8("very-secret-psk"), ProposalParser.ike("aes128-sha1-modp2048"), List.of());
        assertThat(p.toString()).doesNotContain("very-secret-psk");
        assertThat(p.psk().bytes()).isEqualTo("very-secret-psk".getBytes());
    }

    @Test
    void networkPeersMatchByPrefixAndCannotInitiate() throws Exception {
        PeerConfig bench = PeerConfig.simple("bench", InetAddress.getByName("192.0.2.2"),
                InetAddress.getByName("198.18.0.0"), PreSharedKey.ofUtf8("interop-bench-psk"),
                ProposalParser.ike("aes128-sha1-modp2048"), List.of()).withRemotePrefix(16);
        assertThat(bench.matchesRemote(InetAddress.getByName("198.18.77.3"))).isTrue();
        assertThat(bench.matchesRemote(InetAddress.getByName("198.19.0.1"))).isFalse();
        assertThat(bench.canInitiate()).isFalse();
    }
}
