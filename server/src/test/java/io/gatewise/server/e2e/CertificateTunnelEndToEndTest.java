package io.gatewise.server.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.net.InetAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.UUID;

import javax.security.auth.x500.X500Principal;

import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

import io.gatewise.agent.config.Authentication;
import io.gatewise.agent.config.IkeSettings;
import io.gatewise.agent.config.TunnelConfig;
import io.gatewise.agent.control.AgentRunner;
import io.gatewise.agent.control.EnrollOptions;
import io.gatewise.agent.control.Enrollment;
import io.gatewise.agent.control.RunOptions;
import io.gatewise.agent.control.ServerAddress;
import io.gatewise.agent.control.StateDir;
import io.gatewise.agent.gateway.TunnelCredentials;
import io.gatewise.agent.gateway.TunnelPlan;
import io.gatewise.agent.gateway.TunnelTranslator;
import io.gatewise.agent.ike.auth.LocalCredentials;
import io.gatewise.agent.ike.config.Identity;
import io.gatewise.server.config.DesiredConfigService;
import io.gatewise.server.controlplane.GrpcServerLifecycle;
import io.gatewise.server.gateway.CreatedGateway;
import io.gatewise.server.gateway.GatewayService;
import io.gatewise.server.pki.CertificateAuthority;
import io.gatewise.server.pki.Pem;
import io.gatewise.server.testsupport.AsAdmin;
import io.gatewise.server.testsupport.GatewiseIntegrationTest;
import io.gatewise.server.topology.GatewayTopologySettings;
import io.gatewise.server.topology.TopologyService;
import io.gatewise.server.topology.compiler.IkePolicy;
import io.gatewise.server.topology.compiler.IpsecPolicy;
import io.gatewise.server.topology.compiler.TopologySpec;

/**
 * A certificate-authenticated topology from the server to real agents: two gateways
 * enroll (the Gatewise CA issues {@code CN=<gateway id>}), a mesh with a certificate IKE
 * policy is saved, and each agent receives, maps and validates its tunnel (the real
 * {@code AgentRunner} over mTLS gRPC: proto, ConfigMapper, ConfigValidator). The tunnel
 * carries signature auth without a key, the compiled lifetimes, DPD and start action, and
 * as identities the subject DNs of the two enrolled certificates; the agent's
 * TunnelTranslator accepts it with its enrolled credentials, sends its own certificate's
 * subject and accepts the peer's.
 */
@GatewiseIntegrationTest
class CertificateTunnelEndToEndTest {
    @Autowired
    GatewayService gateways;
    @Autowired
    TopologyService topology;
    @Autowired
    DesiredConfigService configs;
    @Autowired
    GrpcServerLifecycle grpc;
    @Autowired
    CertificateAuthority ca;

    private final String run = UUID.randomUUID().toString().substring(0, 6);

    private record Enrolled(UUID id, String name, StateDir state) {
    }

    private Enrolled enroll(String name, String address, String subnet, Path caFile) throws Exception {
        CreatedGateway created = AsAdmin.call(() -> gateways.create(name + "-" + run, address, "test"));
        UUID id = created.gateway().getId();
        AsAdmin.run(() -> topology.setGatewaySettings(id, new GatewayTopologySettings(List.of(subnet), Set.of(),
                null, false), "admin"));
        Path stateDir = Files.createTempDirectory(Path.of(System.getProperty("java.io.tmpdir")), "agent-cert");
        Enrollment.enroll(EnrollOptions.of(ServerAddress.parse("localhost:" + grpc.getPort()),
                created.token().token().reveal(), stateDir).withCaFile(caFile));
        return new Enrolled(id, name + "-" + run, new StateDir(stateDir));
    }

    @Test
    void aCertificateMeshReachesBothAgentsWithTheirCertificateSubjectsAsIdentities() throws Exception {
        Path tmp = Path.of(System.getProperty("java.io.tmpdir"));
        Path caFile = Files.writeString(Files.createTempFile(tmp, "gatewise-ca", ".pem"), Pem.encode(ca.caCertificate()));
        Enrolled a = enroll("cert-a", "192.0.2.71", "10.71.0.0/24", caFile);
        Enrolled b = enroll("cert-b", "192.0.2.72", "10.72.0.0/24", caFile);
        AsAdmin.run(() -> topology.saveIkePolicy(new IkePolicy("cert-" + run, IkePolicy.Mode.MAIN,
                List.of("aes256-sha256-ecp256"), IkePolicy.Auth.CERTIFICATE, 7_200, 20, 100,
                IkePolicy.DpdAction.RESTART, true, false), "admin"));
        AsAdmin.run(() -> topology.saveIpsecPolicy(new IpsecPolicy("cert-" + run, IpsecPolicy.Protocol.ESP,
                List.of("aes256gcm16-ecp256"), 1_800, 2_000_000, IpsecPolicy.Encapsulation.TUNNEL, false), "admin"));

        try (AgentRunner agentA = AgentRunner.create(RunOptions.of(a.state().root())
                .withBackoff(Duration.ofMillis(100), Duration.ofMillis(500)));
             AgentRunner agentB = AgentRunner.create(RunOptions.of(b.state().root())
                     .withBackoff(Duration.ofMillis(100), Duration.ofMillis(500)))) {
            agentA.start();
            agentB.start();
            AsAdmin.run(() -> topology.saveTopology(new TopologySpec("cert-mesh-" + run, TopologySpec.Kind.FULL_MESH,
                    TopologySpec.VpnType.POLICY_BASED, new TreeSet<>(Set.of(a.name(), b.name())), Set.of(), List.of(),
                    TopologySpec.SpokeToSpoke.NONE, List.of(), "cert-" + run, "cert-" + run, List.of()), "admin"));
            long va = configs.currentVersion(a.id());
            long vb = configs.currentVersion(b.id());
            await().atMost(Duration.ofSeconds(30)).until(() -> agentA.appliedConfigVersion() == va
                    && agentB.appliedConfigVersion() == vb);

            String tunnel = a.name() + "--" + b.name();
            TunnelConfig ta = agentA.currentConfig().orElseThrow().tunnel(tunnel).orElseThrow();
            TunnelConfig tb = agentB.currentConfig().orElseThrow().tunnel(tunnel).orElseThrow();
            X500Principal subjectA = certificate(a).getSubjectX500Principal();
            X500Principal subjectB = certificate(b).getSubjectX500Principal();
            assertThat(subjectA).isEqualTo(new X500Principal("CN=" + a.id()));

            assertThat(ta.auth().method()).isEqualTo(Authentication.Method.ECDSA_SIGNATURE);
            assertThat(ta.auth().preSharedKey()).isEmpty();
            assertThat(ta.auth().trustedCaPem()).isEmpty();
            assertThat(ta.localIdentity().orElseThrow().type())
                    .isEqualTo(io.gatewise.agent.config.Identity.Type.DER_ASN1_DN);
            assertThat(new X500Principal(ta.localIdentity().orElseThrow().value())).isEqualTo(subjectA);
            assertThat(new X500Principal(ta.remoteIdentity().orElseThrow().value())).isEqualTo(subjectB);
            assertThat(new X500Principal(tb.localIdentity().orElseThrow().value())).isEqualTo(subjectB);
            assertThat(new X500Principal(tb.remoteIdentity().orElseThrow().value())).isEqualTo(subjectA);
            assertThat(ta.ike().mode()).isEqualTo(IkeSettings.Mode.MAIN);
            assertThat(ta.ike().lifetime()).isEqualTo(Duration.ofSeconds(7_200));
            assertThat(ta.ike().dpdDelay()).isEqualTo(Duration.ofSeconds(20));
            assertThat(ta.ike().dpdTimeout()).isEqualTo(Duration.ofSeconds(100));
            assertThat(ta.ike().dpdAction()).isEqualTo(IkeSettings.DpdAction.RESTART);
            assertThat(ta.ipsec().lifetime()).isEqualTo(Duration.ofSeconds(1_800));
            assertThat(ta.ipsec().lifetimeKilobytes()).isEqualTo(2_000_000);
            assertThat(ta.startAction()).isEqualTo(TunnelConfig.StartAction.START);
            assertThat(ta.remoteAddress()).isEqualTo("192.0.2.72");

            // what the running agent does with it: signs with its enrolled key, sends its subject, accepts b's
            TunnelPlan plan = TunnelTranslator.translate(ta, InetAddress.getByName("192.0.2.71"),
                    TunnelCredentials.enrolled(a.state().certificateFile(), a.state().privateKeyFile(),
                            a.state().caChainFile()));
            assertThat(plan.peer().usesCertificates()).isTrue();
            assertThat(plan.peer().localId()).isEqualTo(Identity.distinguishedName(subjectA));
            assertThat(plan.peer().remoteId().matches(Identity.distinguishedName(subjectB))).isTrue();
            assertThat(plan.peer().certificates().validator().trustAnchors()).containsExactly(ca.caCertificate());
        }
    }

    private static java.security.cert.X509Certificate certificate(Enrolled e) throws Exception {
        return LocalCredentials.load(e.state().certificateFile(), e.state().privateKeyFile(), null).certificate();
    }
}
