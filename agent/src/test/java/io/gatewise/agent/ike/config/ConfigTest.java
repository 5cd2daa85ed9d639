package io.gatewise.agent.ike.config;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.InetAddress;
import java.util.List;

import org.junit.jupiter.api.Test;

import io.gatewise.agent.ike.proposal.ProposalParser;
import io.gatewise.agent.ike.proposal.EspProposal;
import io.gatewise.agent.ike.proposal.IkeProposal;
import io.gatewise.agent.ike.codec.IdType;

class ConfigTest {

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
                PreSharedKey.ofUtf8("very-secret-psk"), ProposalParser.parseIke("aes128-sha1-modp2048"), List.of());
        assertThat(p.toString()).doesNotContain("very-secret-psk");
        assertThat(p.psk().bytes()).isEqualTo("very-secret-psk".getBytes());
    }

    @Test
    void networkPeersMatchByPrefixAndCannotInitiate() throws Exception {
        PeerConfig bench = PeerConfig.simple("bench", InetAddress.getByName("192.0.2.2"),
                InetAddress.getByName("198.18.0.0"), PreSharedKey.ofUtf8("interop-bench-psk"),
                ProposalParser.parseIke("aes128-sha1-modp2048"), List.of()).withRemotePrefix(16);
        assertThat(bench.matchesRemote(InetAddress.getByName("198.18.77.3"))).isTrue();
        assertThat(bench.matchesRemote(InetAddress.getByName("198.19.0.1"))).isFalse();
        assertThat(bench.canInitiate()).isFalse();
    }
}
