package io.gatewise.agent.ike;

import static io.gatewise.agent.ike.EngineFixtures.LEFT;
import static io.gatewise.agent.ike.EngineFixtures.RIGHT;
import static io.gatewise.agent.ike.EngineFixtures.SETTINGS;
import static io.gatewise.agent.ike.EngineFixtures.child;
import static org.assertj.core.api.Assertions.assertThat;

import java.net.Inet6Address;
import java.util.List;

import org.junit.jupiter.api.Test;

import io.gatewise.agent.ike.config.ChildConfig;
import io.gatewise.agent.ike.config.PeerConfig;
import io.gatewise.agent.ike.config.PreSharedKey;
import io.gatewise.agent.ike.event.ChildSaEstablished;
import io.gatewise.agent.ike.event.ChildSaFailed;
import io.gatewise.agent.ike.event.IkeSaEstablished;
import io.gatewise.agent.ike.proposal.ProposalParser;
import io.gatewise.agent.ipsec.PolicySpec;
import io.gatewise.agent.ipsec.SaSpec;

/**
 * Two engines over the in-memory network with IPv6 Quick Mode IDs (ID_IPV6_ADDR_SUBNET,
 * RFC 2407 section 4.6.2) over IPv4 outer addresses: an IPv6 child, an IPv4 and an IPv6
 * child under one ISAKMP SA, and IPv6 selectors that do not match.
 */
class EngineIpv6SelectorTest {
    private static final String PSK = "interop-test-psk-0123456789";
    private static final String IKE = "aes128-sha256-modp2048";
    private static final String ESP = "aes128gcm16-modp2048";

    private final FakeNetwork net = new FakeNetwork();
    private final FakeNetwork.Node left = net.add(LEFT, SETTINGS, 1);
    private final FakeNetwork.Node right = net.add(RIGHT, SETTINGS, 2);

    private static PeerConfig peer(String name, boolean leftSide, List<ChildConfig> children) {
        return PeerConfig.simple(name, leftSide ? LEFT : RIGHT, leftSide ? RIGHT : LEFT, PreSharedKey.ofUtf8(PSK),
                ProposalParser.parseIke(IKE), children);
    }

    @Test
    void anIpv6ChildIsNegotiatedAndInstalledWithIpv6Selectors() {
        left.engine.addPeer(peer("right", true, List.of(child("net6", "2001:db8:1::/64", "2001:db8:2::/64", ESP))));
        right.engine.addPeer(peer("left", false, List.of(child("net6", "2001:db8:2::/64", "2001:db8:1::/64", ESP))));
        left.engine.initiate("right", null, net.now());
        net.run();

        ChildSaEstablished l = left.events(ChildSaEstablished.class).get(0);
        ChildSaEstablished r = right.events(ChildSaEstablished.class).get(0);
        assertThat(l.localTs()).isEqualTo("2001:db8:1::/64");
        assertThat(l.remoteTs()).isEqualTo("2001:db8:2::/64");
        assertThat(r.localTs()).isEqualTo("2001:db8:2::/64");
        assertThat(r.remoteTs()).isEqualTo("2001:db8:1::/64");
        assertThat(l.spiIn()).isEqualTo(r.spiOut());
        assertThat(l.spiOut()).isEqualTo(r.spiIn());

        // the SAs and the policy carry the IPv6 selectors; the outer endpoints stay IPv4
        for (RecordingIpsecBackend.Installed sa : left.backend.sas()) {
            SaSpec s = sa.spec();
            assertThat(s.localSelectors().get(0).start()).isInstanceOf(Inet6Address.class);
            assertThat(s.remoteSelectors().get(0).start()).isInstanceOf(Inet6Address.class);
            assertThat(s.remote().address()).isEqualTo(RIGHT);
            assertThat(right.backend.sa(s.id().spi()).orElseThrow().encryptionKey()).isEqualTo(sa.encryptionKey());
        }
        PolicySpec policy = left.backend.policies().values().iterator().next();
        assertThat(policy.localSelectors().get(0).start()).isEqualTo(EngineFixtures.addr("2001:db8:1::"));
        assertThat(policy.remoteSelectors().get(0).end())
                .isEqualTo(EngineFixtures.addr("2001:db8:2::ffff:ffff:ffff:ffff"));
    }

    @Test
    void ipv4AndIpv6ChildrenShareOneIsakmpSa() {
        left.engine.addPeer(peer("right", true, List.of(child("net4", "10.1.0.0/24", "10.2.0.0/24", ESP),
                child("net6", "2001:db8:1::/64", "2001:db8:2::/64", ESP))));
        right.engine.addPeer(peer("left", false, List.of(child("net6", "2001:db8:2::/64", "2001:db8:1::/64", ESP),
                child("net4", "10.2.0.0/24", "10.1.0.0/24", ESP))));
        left.engine.initiate("right", null, net.now());
        net.run();

        assertThat(left.events(IkeSaEstablished.class)).hasSize(1);
        assertThat(right.events(IkeSaEstablished.class)).hasSize(1);
        assertThat(right.events(ChildSaEstablished.class)).extracting(ChildSaEstablished::child, c -> c.localTs())
                .containsExactlyInAnyOrder(org.assertj.core.groups.Tuple.tuple("net4", "10.2.0.0/24"),
                        org.assertj.core.groups.Tuple.tuple("net6", "2001:db8:2::/64"));
        assertThat(left.events(ChildSaEstablished.class).stream().map(ChildSaEstablished::ikeSa).distinct())
                .as("one ISAKMP SA").hasSize(1);
        assertThat(left.backend.sas()).hasSize(4);
        assertThat(right.backend.policies()).hasSize(2);
    }

    @Test
    void ipv6SelectorsOutsideOurPolicyAreRefusedWithInvalidIdInformation() {
        left.engine.addPeer(peer("right", true, List.of(child("net6", "2001:db8:1::/64", "2001:db8:2::/64", ESP))));
        right.engine.addPeer(peer("left", false, List.of(child("net6", "2001:db8:2::/64", "2001:db8:1::/80", ESP),
                // an IPv4 child never takes an IPv6 proposal, even for "everything"
                child("all4", "0.0.0.0/0", "0.0.0.0/0", ESP))));
        left.engine.initiate("right", "net6", net.now());
        net.run();

        ChildSaFailed r = right.events(ChildSaFailed.class).get(0);
        assertThat(r.notifyType()).isEqualTo("INVALID-ID-INFORMATION");
        assertThat(r.reason()).isEqualTo("peer proposed 2001:db8:1::/64 <-> 2001:db8:2::/64; configured: "
                + "2001:db8:1::/80 <-> 2001:db8:2::/64, 0.0.0.0/0 <-> 0.0.0.0/0 (narrowing is not supported)");
        ChildSaFailed l = left.events(ChildSaFailed.class).get(0);
        assertThat(l.byPeer()).isTrue();
        assertThat(l.notifyType()).isEqualTo("INVALID-ID-INFORMATION");
        assertThat(left.engine.ikeSaCount()).isEqualTo(1);
        assertThat(left.backend.sas()).isEmpty();
        assertThat(right.backend.sas()).isEmpty();
    }
}
