package io.gatewise.server.pki;

import java.time.Instant;
import java.util.UUID;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

/** The stored CA: certificate in PEM, private key sealed under the master key. */
@Entity
@Table(name = "certificate_authority")
class CaRecord {
    @Id
    private UUID id;

    @Column(nullable = false)
    private String subject;

    @Column(name = "certificate_pem", nullable = false, columnDefinition = "text")
    private String certificatePem;

    @Column(name = "private_key_sealed", nullable = false)
    private byte[] privateKeySealed;

    @Column(nullable = false)
    private boolean active;

    @Column(name = "created_at", nullable = false)
    private Instant createdAt;

    @Column(name = "not_after", nullable = false)
    private Instant notAfter;

    protected CaRecord() {
    }

    CaRecord(UUID id, String subject, String certificatePem, byte[] privateKeySealed, Instant createdAt, Instant notAfter) {
        this.id = id;
        this.subject = subject;
        this.certificatePem = certificatePem;
        this.privateKeySealed = privateKeySealed;
        this.active = true;
        this.createdAt = createdAt;
        this.notAfter = notAfter;
    }

    UUID getId() {
        return id;
    }

    String getCertificatePem() {
        return certificatePem;
    }

    byte[] getPrivateKeySealed() {
        return privateKeySealed;
    }

    @Override
    public String toString() {
        return "CaRecord[" + id + ", " + subject + "]";
    }
}
