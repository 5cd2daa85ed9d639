package io.gatewise.server.pki;

import java.time.Instant;
import java.util.UUID;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

/** A certificate the CA issued, kept to check revocation and to show on the gateway page. */
@Entity
@Table(name = "issued_certificate")
public class IssuedCertificate {
    /** Serial number in lower-case hex. */
    @Id
    private String serial;

    @Enumerated(EnumType.STRING)
    @Column(nullable = false, length = 16)
    private CertificatePurpose purpose;

    @Column(name = "gateway_id")
    private UUID gatewayId;

    @Column(nullable = false)
    private String subject;

    @Column(name = "not_before", nullable = false)
    private Instant notBefore;

    @Column(name = "not_after", nullable = false)
    private Instant notAfter;

    @Column(name = "issued_at", nullable = false)
    private Instant issuedAt;

    @Column(name = "revoked_at")
    private Instant revokedAt;

    @Column(name = "certificate_pem", nullable = false, columnDefinition = "text")
    private String certificatePem;

    protected IssuedCertificate() {
    }

    IssuedCertificate(String serial, CertificatePurpose purpose, UUID gatewayId, String subject, Instant notBefore,
                      Instant notAfter, Instant issuedAt, String certificatePem) {
        this.serial = serial;
        this.purpose = purpose;
        this.gatewayId = gatewayId;
        this.subject = subject;
        this.notBefore = notBefore;
        this.notAfter = notAfter;
        this.issuedAt = issuedAt;
        this.certificatePem = certificatePem;
    }

    public String getSerial() {
        return serial;
    }

    public CertificatePurpose getPurpose() {
        return purpose;
    }

    public UUID getGatewayId() {
        return gatewayId;
    }

    public String getSubject() {
        return subject;
    }

    public Instant getNotBefore() {
        return notBefore;
    }

    public Instant getNotAfter() {
        return notAfter;
    }

    public Instant getIssuedAt() {
        return issuedAt;
    }

    public Instant getRevokedAt() {
        return revokedAt;
    }

    public boolean isRevoked() {
        return revokedAt != null;
    }

    public String getCertificatePem() {
        return certificatePem;
    }

    void revoke(Instant at) {
        if (revokedAt == null) {
            revokedAt = at;
        }
    }

    @Override
    public String toString() {
        return "IssuedCertificate[" + serial + ", " + purpose + ", " + subject + (isRevoked() ? ", revoked" : "") + "]";
    }
}
