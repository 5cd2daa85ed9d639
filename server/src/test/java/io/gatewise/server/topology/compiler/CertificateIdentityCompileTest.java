package io.gatewise.server.topology.compiler;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Set;

import org.junit.jupiter.api.Test;

/**
 * With certificate authentication both ends of a tunnel use the identity their
 * certificate really carries: the subject DN (ID_DER_ASN1_DN), even when the gateway has
 * a configured identity for PSK tunnels (agent certificates have no subjectAltName that
 * could vouch for it). PSK tunnels keep the configured or address identity.
 */
class CertificateIdentityCompileTest {
    private static final IkePolicy CERT = new IkePolicy("cert", IkePolicy.Mode.MAIN, List.of("aes256-sha256-ecp256"),
            IkePolicy.Auth.CERTIFICATE, 28_800, 30, 150, IkePolicy.DpdAction.RESTART, true, false);

    private static Models model(String ikePolicy) {
        Models m = new Models()
                .gateway(new GatewaySpec("a", "192.0.2.1", false, List.of("10.1.0.0/24"),
                        Identity.of("a.example.net"), Set.of(), "CN=aaaaaaaa-0000-4000-8000-000000000001"))
                .gateway(new GatewaySpec("b", "192.0.2.2", false, List.of("10.2.0.0/24"), null, Set.of(),
                        "CN=bbbbbbbb-0000-4000-8000-000000000002"));
        m.ike.add(CERT);
        return m.topology(new TopologySpec("mesh", TopologySpec.Kind.FULL_MESH, TopologySpec.VpnType.POLICY_BASED,
                Set.of("a", "b"), Set.of(), List.of(), TopologySpec.SpokeToSpoke.NONE, List.of(), ikePolicy, "modern",
                List.of()));
    }

    @Test
    void certificateTunnelsUseBothCertificateSubjectsAndNoKey() {
        Compilation c = TopologyCompiler.compile(model("cert").build());
        CompiledTunnel ab = c.config("a").tunnels().get(0);
        CompiledTunnel ba = c.config("b").tunnels().get(0);
        Identity dnA = new Identity(Identity.Type.DER_ASN1_DN, "CN=aaaaaaaa-0000-4000-8000-000000000001");
        Identity dnB = new Identity(Identity.Type.DER_ASN1_DN, "CN=bbbbbbbb-0000-4000-8000-000000000002");
        assertThat(ab.auth()).isEqualTo(IkePolicy.Auth.CERTIFICATE);
        assertThat(ab.psk()).isNull();
        assertThat(ab.localIdentity()).isEqualTo(dnA);
        assertThat(ab.remoteIdentity()).isEqualTo(dnB);
        assertThat(ba.localIdentity()).isEqualTo(dnB);
        assertThat(ba.remoteIdentity()).as("what b expects is what a presents").isEqualTo(ab.localIdentity());
    }

    @Test
    void pskTunnelsKeepTheConfiguredOrAddressIdentity() {
        CompiledTunnel ab = TopologyCompiler.compile(model("modern").build()).config("a").tunnels().get(0);
        assertThat(ab.localIdentity()).isEqualTo(Identity.of("a.example.net"));
        assertThat(ab.remoteIdentity()).isEqualTo(Identity.of("192.0.2.2"));
    }
}
