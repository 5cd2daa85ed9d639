package io.gatewise.server.topology.compiler;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import io.gatewise.server.system.Secret;
import io.gatewise.server.topology.compiler.PreflightFailure.Notify;

class PreflightTest {

    private static ExternalPeer partner(IkePolicy.Mode mode, List<String> ike, List<String> esp, Identity expects,
                                       List<String> expectsSubnets) {
        return new ExternalPeer("partner", "198.51.100.7", null, List.of("172.16.0.0/24"), mode, IkePolicy.Auth.PSK, ike,
                IpsecPolicy.Protocol.ESP, esp, expects, expectsSubnets, false);
    }

    private static List<PreflightFailure> check(ExternalPeer x) {
        Models m = new Models().gateway("a", "192.0.2.1", "10.1.0.0/24");
        m.externals.add(x);
        m.topology(Models.explicit("p", new TopologySpec.Link("a", "partner")));
        return Preflight.check(TopologyCompiler.compile(m.build()));
    }

    @Test
    void noCommonPhase1ProposalIsRejectedByThePartner() {
        List<PreflightFailure> f = check(partner(IkePolicy.Mode.MAIN, List.of("aes128-sha1-modp2048"),
                List.of("aes256gcm16-ecp256"), null, List.of()));
        assertThat(f).hasSize(2).first().satisfies(x -> {
            assertThat(x.rejecting()).isEqualTo("partner");
            assertThat(x.initiator()).isEqualTo("a");
            assertThat(x.phase()).isEqualTo(1);
            assertThat(x.notification()).isEqualTo(Notify.NO_PROPOSAL_CHOSEN);
            assertThat(x.reason()).contains("AES-256/SHA2-256/ECP-256").contains("accepts only");
        });
    }

    @Test
    void theExternalPeerInitiatingIsCheckedToo() {
        List<PreflightFailure> f = check(partner(IkePolicy.Mode.MAIN, List.of("aes128-sha1-modp2048"),
                List.of("aes256gcm16-ecp256"), null, List.of()));
        assertThat(f.get(1).initiator()).isEqualTo("partner");
        assertThat(f.get(1).rejecting()).isEqualTo("a");
        assertThat(f.get(1).reason()).startsWith("peer offered AES-128/SHA1/MODP-2048");
    }

    @Test
    void pfsMismatchInPhase2() {
        List<PreflightFailure> f = check(partner(IkePolicy.Mode.MAIN, List.of("aes256-sha256-ecp256"),
                List.of("aes256gcm16"), null, List.of()));
        assertThat(f).hasSize(2).first().satisfies(x -> {
            assertThat(x.phase()).isEqualTo(2);
            assertThat(x.notification()).isEqualTo(Notify.NO_PROPOSAL_CHOSEN);
            assertThat(x.reason()).contains("no PFS");
        });
    }

    @Test
    void aggressiveModeAgainstMainMode() {
        ExternalPeer x = new ExternalPeer("partner", "198.51.100.7", null, List.of("172.16.0.0/24"),
                IkePolicy.Mode.AGGRESSIVE, IkePolicy.Auth.PSK, List.of("aes256-sha256-ecp256"), IpsecPolicy.Protocol.ESP,
                List.of("aes256gcm16-ecp256"), null, List.of(), true);
        assertThat(check(x)).hasSize(2).first().satisfies(f -> {
            assertThat(f.notification()).isEqualTo(Notify.NO_PROPOSAL_CHOSEN);
            assertThat(f.reason()).contains("Main Mode", "Aggressive Mode");
        });
    }

    @Test
    void partnerExpectingAnotherIdentity() {
        List<PreflightFailure> f = check(partner(IkePolicy.Mode.MAIN, List.of("aes256-sha256-ecp256"),
                List.of("aes256gcm16-ecp256"), Identity.of("a.example.net"), List.of()));
        assertThat(f).hasSize(2).first().satisfies(x -> {
            assertThat(x.rejecting()).isEqualTo("partner");
            assertThat(x.notification()).isEqualTo(Notify.INVALID_ID_INFORMATION);
            assertThat(x.reason()).contains("IPV4_ADDR:192.0.2.1", "FQDN:a.example.net");
        });
    }

    @Test
    void selectorsThatDoNotMirror() {
        List<PreflightFailure> f = check(partner(IkePolicy.Mode.MAIN, List.of("aes256-sha256-ecp256"),
                List.of("aes256gcm16-ecp256"), null, List.of("10.9.0.0/24")));
        assertThat(f).hasSize(2).first().satisfies(x -> {
            assertThat(x.phase()).isEqualTo(2);
            assertThat(x.notification()).isEqualTo(Notify.INVALID_ID_INFORMATION);
            assertThat(x.describe()).contains("a--partner", "partner would reject a's phase 2", "[10.1.0.0/24]");
        });
    }

    @Test
    void differentPreSharedKeysFailAuthenticationAtTheResponder() {
        Models m = new Models().gateway("a", "192.0.2.1", "10.1.0.0/24").gateway("b", "192.0.2.2", "10.2.0.0/24");
        m.topology(Models.mesh("mesh", java.util.Set.of("a", "b")));
        Compilation c = TopologyCompiler.compile(m.build());
        CompiledTunnel ab = c.config("a").tunnels().get(0);
        CompiledTunnel tampered = new CompiledTunnel(ab.name(), ab.topology(), ab.peer(), false, ab.remoteAddress(),
                ab.localIdentity(), ab.remoteIdentity(), ab.ike(), ab.ipsec(), ab.children(), ab.auth(),
                Secret.of("something-else-entirely"), ab.startAction(), ab.routes(), ab.vpnType());
        java.util.TreeMap<String, GatewayConfig> configs = new java.util.TreeMap<>(c.configs());
        configs.put("a", new GatewayConfig("a", List.of(tampered)));
        Compilation broken = new Compilation(c.model(), c.resolved, configs, new java.util.TreeSet<>(), Map.of(), Map.of());
        assertThat(Preflight.check(broken)).extracting(PreflightFailure::rejecting, PreflightFailure::notification)
                // a initiates the link (its name sorts first), so b is the side that rejects
                .containsExactly(org.assertj.core.groups.Tuple.tuple("b", Notify.AUTHENTICATION_FAILED));
        assertThat(Preflight.check(broken).toString()).doesNotContain("something-else-entirely", "psk-of");
    }

    @Test
    void aConsistentMeshPasses() {
        TopologyModel model = new Models().gateways(12).topology(Models.mesh("mesh", java.util.Set.of())).build();
        assertThat(Preflight.check(TopologyCompiler.compile(model))).isEmpty();
    }
}
