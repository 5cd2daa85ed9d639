package io.gatewise.server.gateway;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.UUID;

import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.JdbcTemplate;

import io.gatewise.server.pki.CertificateAuthority;
import io.gatewise.server.pki.CsrPolicy;
import io.gatewise.server.testsupport.AsAdmin;
import io.gatewise.server.testsupport.Gateways;
import io.gatewise.server.testsupport.GatewiseIntegrationTest;
import io.gatewise.server.testsupport.TestPki;

/** Gateways and their repository on PostgreSQL: validation, uniqueness, deletion. */
@GatewiseIntegrationTest
class GatewayLifecycleTest {
    @Autowired
    GatewayService gateways;
    @Autowired
    GatewayRepository repository;
    @Autowired
    CertificateAuthority ca;
    @Autowired
    JdbcTemplate jdbc;

    @Test
    void creationValidatesAndNamesAreUniqueIgnoringCase() {
        CreatedGateway created = Gateways.create(gateways, "Branch");
        String name = created.gateway().getName();
        assertThat(repository.existsByNameIgnoreCase(name.toLowerCase())).isTrue();
        assertThat(created.token().token().reveal()).startsWith("gw1_").hasSizeGreaterThan(40);

        assertThatThrownBy(() -> AsAdmin.call(() -> gateways.create(name.toUpperCase(), "198.51.100.1", "t")))
                .isInstanceOfSatisfying(InvalidGatewayException.class,
                        e -> assertThat(e.fieldErrors()).containsOnlyKeys("name"));
        assertThatThrownBy(() -> AsAdmin.call(() -> gateways.create("", "not an address", "t")))
                .isInstanceOfSatisfying(InvalidGatewayException.class,
                        e -> assertThat(e.fieldErrors()).containsOnlyKeys("name", "publicAddress"));
    }

    @Test
    void tokenIsStoredOnlyAsItsHash() {
        CreatedGateway created = Gateways.create(gateways, "hashed");
        String token = created.token().token().reveal();
        Integer plain = jdbc.queryForObject("select count(*) from enrollment_token where encode(token_hash, 'escape') like ?",
                Integer.class, "%" + token.substring(4, 20) + "%");
        assertThat(plain).isZero();
        assertThat(jdbc.queryForObject("select length(token_hash) from enrollment_token where gateway_id = ?",
                Integer.class, created.gateway().getId())).isEqualTo(32);
    }

    @Test
    void deletingAGatewayRemovesItsConfigAndTokensButKeepsItsRevokedCertificates() {
        UUID id = Gateways.create(gateways, "doomed").gateway().getId();
        var certificate = ca.issueAgentCertificate(id, CsrPolicy.check(TestPki.csrPem(TestPki.ecP256(), ""), id.toString()));
        String serial = CertificateAuthority.serialHex(certificate);

        AsAdmin.run(() -> gateways.delete(id, "test"));

        assertThat(repository.findById(id)).isEmpty();
        assertThat(count("select count(*) from config_version where gateway_id = ?", id)).isZero();
        assertThat(count("select count(*) from config_head where gateway_id = ?", id)).isZero();
        assertThat(count("select count(*) from enrollment_token where gateway_id = ?", id)).isZero();
        assertThat(jdbc.queryForObject("select gateway_id is null and revoked_at is not null from issued_certificate where serial = ?",
                Boolean.class, serial)).isTrue();
        assertThat(ca.checkAgentCertificate(certificate).outcome())
                .isEqualTo(io.gatewise.server.pki.AgentCertificateCheck.Outcome.REVOKED);
    }

    @Test
    void adminOnly() {
        assertThatThrownBy(() -> gateways.create("x", "198.51.100.1", "t"))
                .isInstanceOf(org.springframework.security.authentication.AuthenticationCredentialsNotFoundException.class);
    }

    private int count(String sql, UUID id) {
        return jdbc.queryForObject(sql, Integer.class, id);
    }
}
