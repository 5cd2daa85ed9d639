package io.gatewise.agent.gateway;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.gatewise.agent.config.AgentConfig;
import io.gatewise.agent.control.ConfigMapper;
import io.gatewise.agent.control.StandaloneConfig;
import io.gatewise.agent.ike.codec.IdType;
import io.gatewise.agent.ike.config.DpdSettings;
import io.gatewise.agent.ike.config.Identity;
import io.gatewise.agent.ike.config.Phase1Mode;
import io.gatewise.proto.v1.AuthMethod;
import io.gatewise.proto.v1.Authentication;
import io.gatewise.proto.v1.ChildSa;
import io.gatewise.proto.v1.DpdAction;
import io.gatewise.proto.v1.GatewayConfig;
import io.gatewise.proto.v1.IdentityType;
import io.gatewise.proto.v1.IkeMode;
import io.gatewise.proto.v1.IkeSettings.Builder;
import io.gatewise.proto.v1.IpsecSettings;
import io.gatewise.proto.v1.StartAction;
import io.gatewise.proto.v1.Tunnel;
import io.gatewise.proto.v1.VpnType;
import java.net.InetAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import javax.security.auth.x500.X500Principal;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Everything the server's proto says reaches the IKE engine's peer: the config goes
 * through {@link ConfigMapper} (as a pushed config does), then {@link TunnelTranslator}.
 */
class TunnelTranslatorOptionsTest {
    private static final InetAddress LOCAL = address("192.0.2.2");
    private static final String ME = "aaaaaaaa-0000-4000-8000-000000000001";
    private static final String PEER = "bbbbbbbb-0000-4000-8000-000000000002";

    @TempDir
    Path tmp;

    private static InetAddress address(String a) {
        try {
            return InetAddress.getByName(a);
        } catch (java.net.UnknownHostException e) {
            throw new IllegalStateException(e);
        }
    }

    private static Tunnel.Builder tunnel() {
        return Tunnel.newBuilder().setName("a--b").setRemoteAddress("192.0.2.1")
                .setIke(io.gatewise.proto.v1.IkeSettings.newBuilder().addProposals("aes256-sha256-ecp256")
                        .setLifetimeSeconds(7_200).setDpdDelaySeconds(20).setDpdTimeoutSeconds(90)
                        .setDpdAction(DpdAction.DPD_ACTION_HOLD).setNatTraversal(true))
                .setIpsec(IpsecSettings.newBuilder().addProposals("aes256gcm16-ecp256").setLifetimeSeconds(1_200)
                        .setLifetimeKilobytes(4_000_000))
                .addChildren(ChildSa.newBuilder().setName("10.2.0.0/24--10.1.0.0/24").addLocalSelectors("10.2.0.0/24")
                        .addRemoteSelectors("10.1.0.0/24"))
                .setAuth(Authentication.newBuilder().setMethod(AuthMethod.AUTH_METHOD_PSK).setPreSharedKey("k"))
                .setStartAction(StartAction.START_ACTION_START)
                .setVpnType(VpnType.VPN_TYPE_POLICY_BASED);
    }

    private static io.gatewise.agent.config.TunnelConfig mapped(Tunnel.Builder t) throws Exception {
        AgentConfig c = ConfigMapper.toValidDomain(GatewayConfig.newBuilder().setLocalAddress("192.0.2.2")
                .addTunnels(t).build());
        return c.tunnels().get(0);
    }

    private static Tunnel.Builder certificateTunnel() {
        return tunnel()
                .setLocalIdentity(io.gatewise.proto.v1.Identity.newBuilder()
                        .setType(IdentityType.IDENTITY_TYPE_DER_ASN1_DN).setValue("CN=" + ME))
                .setRemoteIdentity(io.gatewise.proto.v1.Identity.newBuilder()
                        .setType(IdentityType.IDENTITY_TYPE_DER_ASN1_DN).setValue("CN=" + PEER))
                .setAuth(Authentication.newBuilder().setMethod(AuthMethod.AUTH_METHOD_ECDSA_SIGNATURE));
    }

    @Test
    void lifetimesDpdAndStartActionsReachThePlan() throws Exception {
        TunnelPlan plan = TunnelTranslator.translate(mapped(tunnel()), LOCAL);
        assertThat(plan.peer().mode()).isEqualTo(Phase1Mode.MAIN);
        assertThat(plan.peer().lifetimeSeconds()).isEqualTo(7_200);
        assertThat(plan.children()).singleElement().satisfies(c -> {
            assertThat(c.lifetimeSeconds()).isEqualTo(1_200);
            assertThat(c.lifetimeKilobytes()).isEqualTo(4_000_000);
        });
        // the engine's own DPD settings: 20 s delay, 90 s timeout, hold
        assertThat(plan.peer().dpd()).isEqualTo(DpdSettings.of(20_000, 90_000, DpdSettings.Action.HOLD));
        assertThat(plan.traps()).isTrue();
        assertThat(plan.warnings()).isEmpty();

        TunnelPlan respond = TunnelTranslator.translate(mapped(tunnel().setStartAction(
                StartAction.START_ACTION_RESPOND)), LOCAL);
        assertThat(respond.traps()).as("RESPOND never initiates, not even on traffic").isFalse();
        TunnelPlan onTraffic = TunnelTranslator.translate(mapped(tunnel().setStartAction(
                StartAction.START_ACTION_ON_TRAFFIC)), LOCAL);
        assertThat(onTraffic.traps()).as("ON_TRAFFIC: the datapath's trap policies start it").isTrue();
        assertThat(onTraffic.startAction()).isEqualTo(io.gatewise.agent.config.TunnelConfig.StartAction.ON_TRAFFIC);
    }

    @Test
    void aggressiveModeWithAPskRunsAndWarnsInPlainWords() throws Exception {
        Builder ike = tunnel().getIkeBuilder().clone().setMode(IkeMode.IKE_MODE_AGGRESSIVE);
        TunnelPlan plan = TunnelTranslator.translate(mapped(tunnel().setIke(ike)
                .setLocalIdentity(io.gatewise.proto.v1.Identity.newBuilder().setType(IdentityType.IDENTITY_TYPE_FQDN)
                        .setValue("right.interop.test"))
                .setRemoteIdentity(io.gatewise.proto.v1.Identity.newBuilder()
                        .setType(IdentityType.IDENTITY_TYPE_FQDN).setValue("left.interop.test"))), LOCAL);
        assertThat(plan.peer().mode()).isEqualTo(Phase1Mode.AGGRESSIVE);
        assertThat(plan.peer().localId()).isEqualTo(Identity.fqdn("right.interop.test"));
        assertThat(plan.peer().remoteId()).isEqualTo(Identity.fqdn("left.interop.test"));
        assertThat(plan.warnings()).containsExactly("tunnel a--b: Aggressive Mode with a pre-shared key: identity"
                + " sent in clear; PSK hash exposed to offline guessing");
    }

    @Test
    void routeBasedTunnelsNegotiateAnyToAnyAndRouteTheConfiguredPrefixes() throws Exception {
        TunnelPlan plan = TunnelTranslator.translate(mapped(tunnel().clearChildren()
                .addChildren(ChildSa.newBuilder().setName("0.0.0.0/0--0.0.0.0/0").addLocalSelectors("0.0.0.0/0")
                        .addRemoteSelectors("0.0.0.0/0"))
                .setVpnType(VpnType.VPN_TYPE_ROUTE_BASED).addRoutes("10.1.0.0/24").addRoutes("10.7.0.0/16")), LOCAL);
        assertThat(plan.children()).singleElement().satisfies(c -> {
            assertThat(c.local().start().getHostAddress()).isEqualTo("0.0.0.0");
            assertThat(c.remote().end().getHostAddress()).isEqualTo("255.255.255.255");
        });
        assertThat(plan.routes()).containsExactly("10.1.0.0/24", "10.7.0.0/16");
    }

    @Test
    void certificateTunnelsSignWithTheEnrolledKeyAndPresentTheCertificatesOwnSubject() throws Exception {
        GatewiseLikePki pki = new GatewiseLikePki();
        GatewiseLikePki.Files3 f = pki.agent(ME, tmp.resolve("state"));
        TunnelCredentials enrolled = TunnelCredentials.enrolled(f.certificate(), f.privateKey(), f.ca());

        TunnelPlan plan = TunnelTranslator.translate(mapped(certificateTunnel()), LOCAL, enrolled);
        assertThat(plan.peer().usesCertificates()).isTrue();
        assertThat(plan.peer().psk()).isNull();
        X500Principal subject = plan.peer().certificates().credentials().certificate().getSubjectX500Principal();
        assertThat(plan.peer().localId().type()).isEqualTo(IdType.DER_ASN1_DN);
        assertThat(plan.peer().localId().data().toByteArray()).as("the certificate's own DER (UTF8String CN)")
                .isEqualTo(subject.getEncoded());
        assertThat(new X500Principal("CN=" + ME).getEncoded()).as("a typed DN encodes differently")
                .isNotEqualTo(subject.getEncoded());
        assertThat(plan.peer().certificates().validator().trustAnchors()).singleElement()
                .satisfies(ca -> assertThat(ca.getSubjectX500Principal().getName()).contains("Gatewise Test CA"));

        // the peer agent's certificate subject arrives in BouncyCastle's UTF8String encoding
        GatewiseLikePki.Files3 peer = pki.agent(PEER, tmp.resolve("peer"));
        X500Principal peerSubject = io.gatewise.agent.ike.auth.LocalCredentials.load(peer.certificate(),
                peer.privateKey(), null).certificate().getSubjectX500Principal();
        assertThat(plan.peer().remoteId().matches(Identity.distinguishedName(peerSubject))).isTrue();
        assertThat(plan.peer().remoteId().matches(Identity.distinguishedName(new X500Principal("CN=" + ME))))
                .isFalse();
        assertThat(plan.warnings()).isEmpty();
    }

    @Test
    void certificateTunnelsWithoutCredentialsOrWithForeignFilesAreRefused() throws Exception {
        assertThatThrownBy(() -> TunnelTranslator.translate(mapped(certificateTunnel()), LOCAL))
                .hasMessageContaining("tunnel a--b: certificate authentication needs the agent's enrolled"
                        + " certificate");
        GatewiseLikePki.Files3 f = new GatewiseLikePki().agent(ME, tmp.resolve("state"));
        Tunnel.Builder withFiles = certificateTunnel().setAuth(Authentication.newBuilder()
                .setMethod(AuthMethod.AUTH_METHOD_ECDSA_SIGNATURE).setCertificateFile("/etc/shadow")
                .setPrivateKeyFile("/etc/shadow"));
        assertThatThrownBy(() -> TunnelTranslator.translate(mapped(withFiles), LOCAL,
                TunnelCredentials.enrolled(f.certificate(), f.privateKey(), f.ca())))
                .hasMessageContaining("standalone mode only");
        assertThatThrownBy(() -> TunnelTranslator.translate(mapped(certificateTunnel()), LOCAL,
                TunnelCredentials.enrolled(tmp.resolve("none.crt"), f.privateKey(), f.ca())))
                .hasMessageContaining("none.crt");
        // our certificate must vouch for the identity we send (RFC 4945 section 3.1)
        assertThatThrownBy(() -> TunnelTranslator.translate(mapped(certificateTunnel().setLocalIdentity(
                io.gatewise.proto.v1.Identity.newBuilder().setType(IdentityType.IDENTITY_TYPE_FQDN)
                        .setValue("gw.example.net"))), LOCAL,
                TunnelCredentials.enrolled(f.certificate(), f.privateKey(), f.ca())))
                .hasMessageContaining("tunnel a--b: peer a--b: our certificate").hasMessageContaining("gw.example.net");
    }

    @Test
    void standaloneFilesAreResolvedAgainstTheConfigDirectoryAndAMismatchedMethodIsAWarning() throws Exception {
        new GatewiseLikePki().agent(ME, tmp.resolve("conf/pki"));
        Path config = tmp.resolve("conf/agent.json");
        Files.writeString(config, StandaloneConfig.toJson(GatewayConfig.newBuilder().setLocalAddress("192.0.2.2")
                .addTunnels(certificateTunnel().setAuth(Authentication.newBuilder()
                        .setMethod(AuthMethod.AUTH_METHOD_RSA_SIGNATURE).setCertificateFile("pki/agent.crt")
                        .setPrivateKeyFile("pki/agent.key").setCaFile("pki/ca.crt"))).build()));
        AgentConfig c = StandaloneConfig.load(config);
        assertThat(c.tunnels().get(0).auth().files().certificate()).isEqualTo("pki/agent.crt");
        assertThat(ConfigMapper.toProto(c).getTunnels(0).getAuth().getCaFile()).isEqualTo("pki/ca.crt");
        TunnelPlan plan = TunnelTranslator.translate(c.tunnels().get(0), LOCAL,
                TunnelCredentials.standalone(config.getParent()));
        assertThat(plan.peer().usesCertificates()).isTrue();
        assertThat(plan.warnings()).singleElement().asString().contains("RSA_SIGNATURE", "EC key");
        assertThatThrownBy(() -> TunnelTranslator.translate(c.tunnels().get(0), LOCAL,
                TunnelCredentials.standalone(tmp))).hasMessageContaining("cannot read");
    }

    @Test
    void theValidatorInsistsOnCertificateFilesThatGoTogether() {
        Tunnel.Builder half = certificateTunnel().setAuth(Authentication.newBuilder()
                .setMethod(AuthMethod.AUTH_METHOD_ECDSA_SIGNATURE).setCertificateFile("a.crt"));
        assertThatThrownBy(() -> mapped(half)).hasMessageContaining("certificateFile and privateKeyFile go together");
        Tunnel.Builder psk = tunnel().setAuth(Authentication.newBuilder().setMethod(AuthMethod.AUTH_METHOD_PSK)
                .setPreSharedKey("k").setCertificateFile("a.crt").setPrivateKeyFile("a.key"));
        assertThatThrownBy(() -> mapped(psk)).hasMessageContaining("certificate files are set but the authentication"
                + " method is PSK");
    }
}
