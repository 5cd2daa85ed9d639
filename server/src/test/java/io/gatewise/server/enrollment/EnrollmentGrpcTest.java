package io.gatewise.server.enrollment;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.security.KeyPair;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;
import org.bouncycastle.pkcs.jcajce.JcaPKCS10CertificationRequestBuilder;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.JdbcTemplate;

import io.gatewise.proto.v1.EnrollResponse;
import io.gatewise.server.controlplane.GrpcServerLifecycle;
import io.gatewise.server.gateway.CreatedGateway;
import io.gatewise.server.gateway.GatewayService;
import io.gatewise.server.pki.CertificateAuthority;
import io.gatewise.server.pki.Pem;
import io.gatewise.server.testsupport.Gateways;
import io.gatewise.server.testsupport.GatewiseIntegrationTest;
import io.gatewise.server.testsupport.TestAgent;
import io.gatewise.server.testsupport.TestPki;
import io.grpc.ManagedChannel;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;

/** Enroll over real TLS: the happy path and every refusal, each leaving nothing behind. */
@GatewiseIntegrationTest
class EnrollmentGrpcTest {
    @Autowired
    GatewayService gateways;
    @Autowired
    EnrollmentService enrollment;
    @Autowired
    GrpcServerLifecycle grpc;
    @Autowired
    CertificateAuthority ca;
    @Autowired
    JdbcTemplate jdbc;

    ManagedChannel channel;

    @BeforeEach
    void openChannel() {
        channel = TestAgent.channel(grpc.getPort(), ca.caCertificate(), null);
    }

    @AfterEach
    void closeChannel() {
        TestAgent.shutdown(channel);
    }

    @Test
    void validTokenAndCsrGiveACertificateForTheGateway() throws Exception {
        CreatedGateway created = Gateways.create(gateways, "enroll-ok");
        UUID id = created.gateway().getId();
        KeyPair keys = TestPki.ecP256();

        EnrollResponse response = TestAgent.enroll(channel, created.token().token().reveal(),
                TestPki.csrPem(keys, "CN=gatewise-agent"));

        assertThat(response.getGatewayId()).isEqualTo(id.toString());
        X509Certificate certificate = Pem.parseCertificate(response.getCertificatePem());
        assertThat(certificate.getSubjectX500Principal().getName()).isEqualTo("CN=" + id);
        assertThat(certificate.getPublicKey()).isEqualTo(keys.getPublic());
        certificate.verify(ca.caCertificate().getPublicKey());
        assertThat(certificate.getExtendedKeyUsage()).containsExactly("1.3.6.1.5.5.7.3.2"); // clientAuth
        assertThat(certificate.getBasicConstraints()).isEqualTo(-1); // not a CA
        assertThat(Pem.parseCertificates(response.getCaChainPem())).containsExactly(ca.caCertificate());
        assertThat(agentCertificates(id)).isEqualTo(1);
        assertThat(ca.certificatesOf(id)).singleElement()
                .satisfies(c -> {
                    assertThat(c.getSerial()).isEqualTo(CertificateAuthority.serialHex(certificate));
                    assertThat(c.isRevoked()).isFalse();
                    assertThat(c.getNotAfter()).isEqualTo(certificate.getNotAfter().toInstant());
                });
        EnrollmentStatus status = enrollment.status(id);
        assertThat(status.enrolled()).isTrue();
        assertThat(status.hostname()).isEqualTo("test-host");
        assertThat(status.pendingTokenExpiry()).isNull();
    }

    @Test
    void csrMayAlreadyNameTheGatewayId() {
        CreatedGateway created = Gateways.create(gateways, "enroll-cn");
        EnrollResponse response = TestAgent.enroll(channel, created.token().token().reveal(),
                TestPki.csrPem(TestPki.ec("secp384r1"), "CN=" + created.gateway().getId()));
        assertThat(response.getGatewayId()).isEqualTo(created.gateway().getId().toString());
    }

    @Test
    void rsa3072IsAccepted() {
        CreatedGateway created = Gateways.create(gateways, "enroll-rsa");
        EnrollResponse response = TestAgent.enroll(channel, created.token().token().reveal(),
                TestPki.csrPem(TestPki.rsa(3072), "CN=gatewise-agent"));
        assertThat(Pem.parseCertificate(response.getCertificatePem()).getPublicKey().getAlgorithm()).isEqualTo("RSA");
    }

    @Test
    void unknownTokenIsPermissionDenied() {
        assertRefused("gw1_thisTokenWasNeverIssuedAnywhere000000000000", TestPki.csrPem(TestPki.ecP256(), ""),
                Status.Code.PERMISSION_DENIED, "not valid");
        assertRefused("", TestPki.csrPem(TestPki.ecP256(), ""), Status.Code.PERMISSION_DENIED, "not valid");
    }

    @Test
    void expiredTokenIsPermissionDeniedAndCreatesNothing() {
        CreatedGateway created = Gateways.create(gateways, "enroll-expired");
        UUID id = created.gateway().getId();
        jdbc.update("update enrollment_token set expires_at = now() - interval '1 minute' where gateway_id = ?", id);

        assertRefused(created.token().token().reveal(), TestPki.csrPem(TestPki.ecP256(), "CN=gatewise-agent"),
                Status.Code.PERMISSION_DENIED, "expired");
        assertThat(agentCertificates(id)).isZero();
        assertThat(jdbc.queryForObject("select count(*) from enrollment_token where gateway_id = ? and used_at is not null",
                Integer.class, id)).isZero();
    }

    @Test
    void reusedTokenIsPermissionDenied() {
        CreatedGateway created = Gateways.create(gateways, "enroll-reuse");
        String token = created.token().token().reveal();
        TestAgent.enroll(channel, token, TestPki.csrPem(TestPki.ecP256(), "CN=gatewise-agent"));

        assertRefused(token, TestPki.csrPem(TestPki.ecP256(), "CN=gatewise-agent"),
                Status.Code.PERMISSION_DENIED, "already used");
        assertThat(agentCertificates(created.gateway().getId())).isEqualTo(1);
    }

    @Test
    void weakRsaKeyIsRejectedAndTheTokenStaysUsable() {
        CreatedGateway created = Gateways.create(gateways, "enroll-weak");
        String token = created.token().token().reveal();

        assertRefused(token, TestPki.csrPem(TestPki.rsa(1024), "CN=gatewise-agent"),
                Status.Code.INVALID_ARGUMENT, "RSA key of 1024 bits is too weak");
        assertThat(agentCertificates(created.gateway().getId())).isZero();

        // nothing was consumed: the operator can retry with a proper key
        EnrollResponse retry = TestAgent.enroll(channel, token, TestPki.csrPem(TestPki.ecP256(), "CN=gatewise-agent"));
        assertThat(retry.getGatewayId()).isEqualTo(created.gateway().getId().toString());
    }

    @Test
    void malformedCsrIsRejected() {
        CreatedGateway created = Gateways.create(gateways, "enroll-malformed");
        String token = created.token().token().reveal();
        assertRefused(token, "-----BEGIN CERTIFICATE REQUEST-----\nAAAAAAAA\n-----END CERTIFICATE REQUEST-----\n",
                Status.Code.INVALID_ARGUMENT, "malformed");
        assertRefused(token, "not a CSR at all", Status.Code.INVALID_ARGUMENT, "CSR");
        assertRefused(token, "", Status.Code.INVALID_ARGUMENT, "empty");
        assertThat(agentCertificates(created.gateway().getId())).isZero();
    }

    @Test
    void csrWithABadSignatureIsRejected() throws Exception {
        CreatedGateway created = Gateways.create(gateways, "enroll-badsig");
        KeyPair claimed = TestPki.ecP256();
        KeyPair signer = TestPki.ecP256();
        String forged = TestPki.pem(new JcaPKCS10CertificationRequestBuilder(new X500Name("CN=gatewise-agent"),
                claimed.getPublic()).build(new JcaContentSignerBuilder("SHA256withECDSA").build(signer.getPrivate())));
        assertRefused(created.token().token().reveal(), forged, Status.Code.INVALID_ARGUMENT, "signature");
    }

    @Test
    void csrNamingSomeoneElseIsRejected() {
        CreatedGateway created = Gateways.create(gateways, "enroll-subject");
        assertRefused(created.token().token().reveal(), TestPki.csrPem(TestPki.ecP256(), "CN=another-gateway"),
                Status.Code.INVALID_ARGUMENT, "subject");
        assertRefused(created.token().token().reveal(), TestPki.csrPem(TestPki.ec("secp521r1"), "CN=gatewise-agent"),
                Status.Code.INVALID_ARGUMENT, "P-256 or P-384");
    }

    @Test
    void concurrentEnrollmentsWithOneTokenYieldExactlyOneCertificate() throws Exception {
        CreatedGateway created = Gateways.create(gateways, "enroll-race");
        String token = created.token().token().reveal();
        ExecutorService pool = Executors.newFixedThreadPool(4);
        try {
            List<Future<Boolean>> attempts = new ArrayList<>();
            for (int i = 0; i < 4; i++) {
                String csr = TestPki.csrPem(TestPki.ecP256(), "CN=gatewise-agent");
                Callable<Boolean> attempt = () -> {
                    try {
                        TestAgent.enroll(channel, token, csr);
                        return true;
                    } catch (StatusRuntimeException e) {
                        assertThat(e.getStatus().getCode()).isEqualTo(Status.Code.PERMISSION_DENIED);
                        return false;
                    }
                };
                attempts.add(pool.submit(attempt));
            }
            int successes = 0;
            for (Future<Boolean> attempt : attempts) {
                successes += attempt.get() ? 1 : 0;
            }
            assertThat(successes).isEqualTo(1);
            assertThat(agentCertificates(created.gateway().getId())).isEqualTo(1);
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void aNewTokenInvalidatesTheUnusedOldOne() {
        CreatedGateway created = Gateways.create(gateways, "enroll-newtoken");
        String first = created.token().token().reveal();
        String second = io.gatewise.server.testsupport.AsAdmin.call(
                () -> gateways.newEnrollmentToken(created.gateway().getId(), "test")).token().reveal();

        assertRefused(first, TestPki.csrPem(TestPki.ecP256(), ""), Status.Code.PERMISSION_DENIED, "expired");
        assertThat(TestAgent.enroll(channel, second, TestPki.csrPem(TestPki.ecP256(), "")).getGatewayId())
                .isEqualTo(created.gateway().getId().toString());
    }

    private void assertRefused(String token, String csr, Status.Code code, String messagePart) {
        assertThatThrownBy(() -> TestAgent.enroll(channel, token, csr))
                .isInstanceOfSatisfying(StatusRuntimeException.class, e -> {
                    assertThat(e.getStatus().getCode()).isEqualTo(code);
                    assertThat(e.getStatus().getDescription()).contains(messagePart);
                });
    }

    private int agentCertificates(UUID gatewayId) {
        return jdbc.queryForObject("select count(*) from issued_certificate where gateway_id = ? and purpose = 'AGENT'",
                Integer.class, gatewayId);
    }
}
