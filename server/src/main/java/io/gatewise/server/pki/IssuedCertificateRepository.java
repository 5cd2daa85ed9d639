package io.gatewise.server.pki;

import java.util.List;
import java.util.UUID;

import org.springframework.data.jpa.repository.JpaRepository;

interface IssuedCertificateRepository extends JpaRepository<IssuedCertificate, String> {
    List<IssuedCertificate> findByGatewayIdOrderByIssuedAtDesc(UUID gatewayId);

    List<IssuedCertificate> findByGatewayIdAndPurposeAndRevokedAtIsNull(UUID gatewayId, CertificatePurpose purpose);
}
