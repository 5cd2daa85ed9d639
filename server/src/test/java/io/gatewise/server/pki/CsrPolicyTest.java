package io.gatewise.server.pki;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.security.KeyPair;
import java.util.UUID;

import org.junit.jupiter.api.Test;

import io.gatewise.server.testsupport.TestPki;

class CsrPolicyTest {
    private final String gatewayId = UUID.randomUUID().toString();

    @Test
    void acceptsEcP256AndP384AndRsa2048() {
        assertThat(CsrPolicy.check(TestPki.csrPem(TestPki.ecP256(), "CN=gatewise-agent"), gatewayId).keyDescription())
                .isEqualTo("EC P-256");
        assertThat(CsrPolicy.check(TestPki.csrPem(TestPki.ec("secp384r1"), "CN=" + gatewayId), gatewayId).keyDescription())
                .isEqualTo("EC P-384");
        assertThat(CsrPolicy.check(TestPki.csrPem(TestPki.rsa(2048), ""), gatewayId).keyDescription())
                .isEqualTo("RSA 2048");
    }

    @Test
    void rejectsWeakOrUnusualKeys() {
        assertThatThrownBy(() -> CsrPolicy.check(TestPki.csrPem(TestPki.rsa(1024), ""), gatewayId))
                .isInstanceOf(CsrRejectedException.class).hasMessageContaining("1024 bits is too weak");
        assertThatThrownBy(() -> CsrPolicy.check(TestPki.csrPem(TestPki.ec("secp521r1"), ""), gatewayId))
                .isInstanceOf(CsrRejectedException.class).hasMessageContaining("P-256 or P-384");
        assertThatThrownBy(() -> CsrPolicy.check(TestPki.csrPem(TestPki.ed25519(), ""), gatewayId))
                .isInstanceOf(CsrRejectedException.class).hasMessageContaining("is not accepted");
    }

    @Test
    void rejectsSubjectsOtherThanThePlaceholderOrTheGatewayId() {
        KeyPair keys = TestPki.ecP256();
        assertThatThrownBy(() -> CsrPolicy.check(TestPki.csrPem(keys, "CN=" + UUID.randomUUID()), gatewayId))
                .isInstanceOf(CsrRejectedException.class).hasMessageContaining("subject");
        assertThatThrownBy(() -> CsrPolicy.check(TestPki.csrPem(keys, "CN=gatewise-agent,O=Evil"), gatewayId))
                .isInstanceOf(CsrRejectedException.class).hasMessageContaining("subject");
    }

    @Test
    void rejectsMalformedAndOversizedInput() {
        assertThatThrownBy(() -> CsrPolicy.check("", gatewayId)).hasMessageContaining("empty");
        assertThatThrownBy(() -> CsrPolicy.check("x".repeat(CsrPolicy.MAX_PEM_LENGTH + 1), gatewayId))
                .hasMessageContaining("larger");
        assertThatThrownBy(() -> CsrPolicy.check(
                "-----BEGIN CERTIFICATE REQUEST-----\nMIIB\n-----END CERTIFICATE REQUEST-----\n", gatewayId))
                .isInstanceOf(CsrRejectedException.class).hasMessageContaining("malformed");
        String twice = TestPki.csrPem(TestPki.ecP256(), "") + TestPki.csrPem(TestPki.ecP256(), "");
        assertThatThrownBy(() -> CsrPolicy.check(twice, gatewayId)).hasMessageContaining("more than one");
        String certificateInstead = TestPki.pem(TestPki.foreignClient("x").certificate());
        assertThatThrownBy(() -> CsrPolicy.check(certificateInstead, gatewayId))
                .hasMessageContaining("not a PEM certificate signing request");
    }
}
