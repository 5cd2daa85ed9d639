package io.gatewise.server.pki;

import java.math.BigInteger;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.MessageDigest;
import java.security.PrivateKey;
import java.security.SecureRandom;
import java.security.cert.CertificateExpiredException;
import java.security.cert.CertificateNotYetValidException;
import java.security.cert.X509Certificate;
import java.security.spec.ECGenParameterSpec;
import java.security.spec.PKCS8EncodedKeySpec;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Date;
import java.util.HexFormat;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x500.X500NameBuilder;
import org.bouncycastle.asn1.x500.style.BCStyle;
import org.bouncycastle.asn1.x500.style.IETFUtils;
import org.bouncycastle.asn1.x509.BasicConstraints;
import org.bouncycastle.asn1.x509.ExtendedKeyUsage;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.GeneralNames;
import org.bouncycastle.asn1.x509.KeyPurposeId;
import org.bouncycastle.asn1.x509.KeyUsage;
import org.bouncycastle.asn1.x509.SubjectPublicKeyInfo;
import org.bouncycastle.cert.CertIOException;
import org.bouncycastle.cert.X509v3CertificateBuilder;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509ExtensionUtils;
import org.bouncycastle.operator.OperatorCreationException;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.dao.DataIntegrityViolationException;
import org.springframework.stereotype.Service;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.annotation.Transactional;
import org.springframework.transaction.support.TransactionTemplate;

import io.gatewise.server.system.InetSyntax;
import io.gatewise.server.system.SecretBox;

/**
 * The Gatewise internal certificate authority (RFC 5280 profile, EC P-256, ECDSA with
 * SHA-256). Created on first start; its private key is stored sealed under the master key
 * and only ever held in memory unsealed.
 *
 * <p>Issues agent client certificates (subject {@code CN=<gateway id>}, EKU clientAuth) from
 * CSRs that passed {@link CsrPolicy}, and the gRPC server's certificate (EKU serverAuth,
 * subjectAltName with the configured names). Every issued certificate is recorded in
 * {@code issued_certificate}; {@link #checkAgentCertificate} refuses anything not found
 * there or revoked, so a certificate is only as good as its row.
 */
@Service
public class CertificateAuthority {
    private static final Logger log = LoggerFactory.getLogger(CertificateAuthority.class);
    private static final String SIGNATURE_ALGORITHM = "SHA256withECDSA";
    /** Tolerated clock difference between server and agents. */
    private static final Duration BACKDATE = Duration.ofMinutes(5);

    private final CaRecordRepository caRecords;
    private final IssuedCertificateRepository issued;
    private final SecretBox secretBox;
    private final PkiProperties properties;
    private final SecureRandom random;
    private final Clock clock;
    private final TransactionTemplate transactions;

    private volatile LoadedCa ca;

    CertificateAuthority(CaRecordRepository caRecords, IssuedCertificateRepository issued, SecretBox secretBox,
                         PkiProperties properties, SecureRandom random, Clock clock,
                         PlatformTransactionManager transactionManager) {
        this.caRecords = caRecords;
        this.issued = issued;
        this.secretBox = secretBox;
        this.properties = properties;
        this.random = random;
        this.clock = clock;
        this.transactions = new TransactionTemplate(transactionManager);
    }

    private record LoadedCa(UUID id, X509Certificate certificate, PrivateKey privateKey) {
        @Override
        public String toString() {
            return "LoadedCa[" + id + ", " + certificate.getSubjectX500Principal() + "]";
        }
    }

    /** The CA certificate (creating the CA on first use). */
    public X509Certificate caCertificate() {
        return loaded().certificate();
    }

    /** SHA-256 of the CA certificate, {@code AB:CD:...}, for operators to compare out of band. */
    public String caFingerprint() {
        return fingerprint(caCertificate());
    }

    /** SHA-256 over the DER certificate as colon-separated upper-case hex, as openssl prints it. */
    public static String fingerprint(X509Certificate certificate) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(certificate.getEncoded());
            return HexFormat.ofDelimiter(":").withUpperCase().formatHex(digest);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    private LoadedCa loaded() {
        LoadedCa current = ca;
        if (current == null) {
            synchronized (this) {
                current = ca;
                if (current == null) {
                    current = loadOrCreate();
                    ca = current;
                }
            }
        }
        return current;
    }

    private LoadedCa loadOrCreate() {
        Optional<CaRecord> existing = transactions.execute(tx -> caRecords.findByActiveTrue());
        if (existing.isPresent()) {
            return unseal(existing.get());
        }
        try {
            return unseal(transactions.execute(tx -> caRecords.saveAndFlush(createCa())));
        } catch (DataIntegrityViolationException raced) {
            // another server instance created the CA at the same moment: use theirs
            return unseal(transactions.execute(tx -> caRecords.findByActiveTrue()).orElseThrow());
        }
    }

    private CaRecord createCa() {
        try {
            UUID id = UUID.randomUUID();
            KeyPair keys = newEcKeyPair();
            Instant now = clock.instant().truncatedTo(ChronoUnit.SECONDS);
            X500Name subject = new X500NameBuilder(BCStyle.INSTANCE)
                    .addRDN(BCStyle.O, "Gatewise")
                    .addRDN(BCStyle.CN, "Gatewise CA " + id.toString().substring(0, 8))
                    .build();
            SubjectPublicKeyInfo spki = SubjectPublicKeyInfo.getInstance(keys.getPublic().getEncoded());
            X509v3CertificateBuilder builder = new X509v3CertificateBuilder(subject, newSerial(),
                    Date.from(now.minus(BACKDATE)), Date.from(now.plus(properties.caValidity())), subject, spki);
            JcaX509ExtensionUtils utils = new JcaX509ExtensionUtils();
            // pathLen 0: this CA signs end-entity certificates only.
            builder.addExtension(Extension.basicConstraints, true, new BasicConstraints(0));
            builder.addExtension(Extension.keyUsage, true, new KeyUsage(KeyUsage.keyCertSign | KeyUsage.cRLSign));
            builder.addExtension(Extension.subjectKeyIdentifier, false, utils.createSubjectKeyIdentifier(spki));
            X509Certificate certificate = sign(builder, keys.getPrivate());
            byte[] sealedKey = secretBox.seal(keys.getPrivate().getEncoded(), caKeyContext(id));
            log.info("Created the Gatewise CA '{}' (EC P-256, valid until {})", subject, certificate.getNotAfter().toInstant());
            return new CaRecord(id, subject.toString(), Pem.encode(certificate), sealedKey, now,
                    certificate.getNotAfter().toInstant());
        } catch (GeneralSecurityException | CertIOException e) {
            throw new IllegalStateException("cannot create the CA", e);
        }
    }

    private LoadedCa unseal(CaRecord record) {
        byte[] pkcs8 = secretBox.open(record.getPrivateKeySealed(), caKeyContext(record.getId()));
        try {
            PrivateKey key = KeyFactory.getInstance("EC").generatePrivate(new PKCS8EncodedKeySpec(pkcs8));
            return new LoadedCa(record.getId(), Pem.parseCertificate(record.getCertificatePem()), key);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("stored CA key is unreadable", e);
        } finally {
            java.util.Arrays.fill(pkcs8, (byte) 0);
        }
    }

    private static String caKeyContext(UUID id) {
        return "ca-key:" + id;
    }

    /**
     * The subject of every agent certificate of {@code gatewayId}: {@code CN=<gateway id>}.
     * Certificate-authenticated tunnels use it as the gateway's IKE identity
     * (ID_DER_ASN1_DN), so it must stay what {@link #issueAgentCertificate} issues.
     */
    public static X500Name agentSubject(UUID gatewayId) {
        return new X500NameBuilder(BCStyle.INSTANCE).addRDN(BCStyle.CN, gatewayId.toString()).build();
    }

    /**
     * Signs an agent certificate for {@code gatewayId} and records it. Runs in the caller's
     * transaction: if enrollment fails later, the record disappears with it.
     */
    @Transactional
    public X509Certificate issueAgentCertificate(UUID gatewayId, AcceptedCsr csr) {
        LoadedCa authority = loaded();
        Instant now = clock.instant().truncatedTo(ChronoUnit.SECONDS);
        X500Name subject = agentSubject(gatewayId);
        try {
            X509v3CertificateBuilder builder = endEntity(authority, subject, csr.publicKey(), now,
                    properties.agentCertificateValidity());
            builder.addExtension(Extension.extendedKeyUsage, false, new ExtendedKeyUsage(KeyPurposeId.id_kp_clientAuth));
            X509Certificate certificate = sign(builder, authority.privateKey());
            record(certificate, CertificatePurpose.AGENT, gatewayId, now);
            return certificate;
        } catch (GeneralSecurityException | CertIOException e) {
            throw new IllegalStateException("cannot issue the agent certificate", e);
        }
    }

    /**
     * A new key pair and certificate for the gRPC server, valid for {@code names} (DNS names
     * or IP literals; {@code localhost} and the loopback addresses are always included).
     */
    @Transactional
    public ServerKeyMaterial issueServerCertificate(Collection<String> names) {
        LoadedCa authority = loaded();
        LinkedHashSet<String> all = new LinkedHashSet<>(List.of("localhost", "127.0.0.1", "::1"));
        names.stream().map(String::trim).filter(n -> !n.isEmpty()).forEach(all::add);
        List<GeneralName> altNames = new ArrayList<>();
        for (String name : all) {
            if (InetSyntax.isIpLiteral(name)) {
                altNames.add(new GeneralName(GeneralName.iPAddress, name));
            } else if (InetSyntax.isHostname(name)) {
                altNames.add(new GeneralName(GeneralName.dNSName, name));
            } else {
                throw new IllegalArgumentException("'" + name + "' is neither a DNS name nor an IP address");
            }
        }
        Instant now = clock.instant().truncatedTo(ChronoUnit.SECONDS);
        try {
            KeyPair keys = newEcKeyPair();
            X500Name subject = new X500NameBuilder(BCStyle.INSTANCE)
                    .addRDN(BCStyle.O, "Gatewise").addRDN(BCStyle.CN, "gatewise-server").build();
            X509v3CertificateBuilder builder = endEntity(authority, subject,
                    SubjectPublicKeyInfo.getInstance(keys.getPublic().getEncoded()), now,
                    properties.serverCertificateValidity());
            builder.addExtension(Extension.extendedKeyUsage, false, new ExtendedKeyUsage(KeyPurposeId.id_kp_serverAuth));
            builder.addExtension(Extension.subjectAlternativeName, false,
                    new GeneralNames(altNames.toArray(GeneralName[]::new)));
            X509Certificate certificate = sign(builder, authority.privateKey());
            record(certificate, CertificatePurpose.SERVER, null, now);
            return new ServerKeyMaterial(keys.getPrivate(), certificate, authority.certificate(), List.copyOf(all));
        } catch (GeneralSecurityException | CertIOException e) {
            throw new IllegalStateException("cannot issue the server certificate", e);
        }
    }

    private X509v3CertificateBuilder endEntity(LoadedCa authority, X500Name subject, SubjectPublicKeyInfo publicKey,
                                               Instant now, Duration validity)
            throws GeneralSecurityException, CertIOException {
        X500Name issuer = X500Name.getInstance(authority.certificate().getSubjectX500Principal().getEncoded());
        Instant notAfter = now.plus(validity);
        if (notAfter.isAfter(authority.certificate().getNotAfter().toInstant())) {
            notAfter = authority.certificate().getNotAfter().toInstant(); // never outlive the CA
        }
        X509v3CertificateBuilder builder = new X509v3CertificateBuilder(issuer, newSerial(),
                Date.from(now.minus(BACKDATE)), Date.from(notAfter), subject, publicKey);
        JcaX509ExtensionUtils utils = new JcaX509ExtensionUtils();
        builder.addExtension(Extension.basicConstraints, true, new BasicConstraints(false));
        builder.addExtension(Extension.keyUsage, true, new KeyUsage(KeyUsage.digitalSignature));
        builder.addExtension(Extension.subjectKeyIdentifier, false, utils.createSubjectKeyIdentifier(publicKey));
        builder.addExtension(Extension.authorityKeyIdentifier, false,
                utils.createAuthorityKeyIdentifier(authority.certificate()));
        return builder;
    }

    private void record(X509Certificate certificate, CertificatePurpose purpose, UUID gatewayId, Instant now) {
        issued.save(new IssuedCertificate(serialHex(certificate), purpose, gatewayId,
                certificate.getSubjectX500Principal().getName(), certificate.getNotBefore().toInstant(),
                certificate.getNotAfter().toInstant(), now, Pem.encode(certificate)));
    }

    /**
     * Decides whether a client certificate from the Connect stream belongs to an enrolled
     * gateway: issued and signed by this CA, within its validity, recorded as an agent
     * certificate, not revoked, and naming the gateway it was issued to.
     */
    @Transactional(readOnly = true)
    public AgentCertificateCheck checkAgentCertificate(X509Certificate certificate) {
        LoadedCa authority = loaded();
        String serial = serialHex(certificate);
        if (!certificate.getIssuerX500Principal().equals(authority.certificate().getSubjectX500Principal())) {
            return AgentCertificateCheck.refused(AgentCertificateCheck.Outcome.UNTRUSTED, serial,
                    "issued by '" + certificate.getIssuerX500Principal().getName() + "', not by this Gatewise CA");
        }
        try {
            certificate.verify(authority.certificate().getPublicKey());
        } catch (GeneralSecurityException e) {
            return AgentCertificateCheck.refused(AgentCertificateCheck.Outcome.UNTRUSTED, serial,
                    "signature does not verify with this Gatewise CA");
        }
        try {
            certificate.checkValidity(Date.from(clock.instant()));
        } catch (CertificateExpiredException e) {
            return AgentCertificateCheck.refused(AgentCertificateCheck.Outcome.EXPIRED, serial,
                    "expired at " + certificate.getNotAfter().toInstant());
        } catch (CertificateNotYetValidException e) {
            return AgentCertificateCheck.refused(AgentCertificateCheck.Outcome.EXPIRED, serial,
                    "not valid before " + certificate.getNotBefore().toInstant());
        }
        Optional<IssuedCertificate> record = issued.findById(serial);
        if (record.isEmpty() || record.get().getPurpose() != CertificatePurpose.AGENT) {
            return AgentCertificateCheck.refused(AgentCertificateCheck.Outcome.UNTRUSTED, serial,
                    "serial " + serial + " is not an agent certificate issued by this server");
        }
        if (record.get().isRevoked() || record.get().getGatewayId() == null) {
            return AgentCertificateCheck.refused(AgentCertificateCheck.Outcome.REVOKED, serial,
                    "certificate " + serial + " was revoked at " + record.get().getRevokedAt());
        }
        UUID gatewayId = record.get().getGatewayId();
        if (!gatewayId.toString().equals(commonName(certificate))) {
            return AgentCertificateCheck.refused(AgentCertificateCheck.Outcome.UNTRUSTED, serial,
                    "certificate subject does not name gateway " + gatewayId);
        }
        return AgentCertificateCheck.accepted(gatewayId, serial);
    }

    /** Revokes every valid agent certificate of the gateway; returns their serials. */
    @Transactional
    public List<String> revokeAgentCertificates(UUID gatewayId) {
        Instant now = clock.instant();
        List<IssuedCertificate> valid = issued.findByGatewayIdAndPurposeAndRevokedAtIsNull(gatewayId, CertificatePurpose.AGENT);
        valid.forEach(c -> c.revoke(now));
        if (!valid.isEmpty()) {
            log.info("Revoked {} agent certificate(s) of gateway {}", valid.size(), gatewayId);
        }
        return valid.stream().map(IssuedCertificate::getSerial).toList();
    }

    /** @return false when no certificate has that serial */
    @Transactional
    public boolean revoke(String serial) {
        Optional<IssuedCertificate> certificate = issued.findById(serial);
        certificate.ifPresent(c -> {
            c.revoke(clock.instant());
            log.info("Revoked certificate {} ({})", serial, c.getSubject());
        });
        return certificate.isPresent();
    }

    @Transactional(readOnly = true)
    public List<IssuedCertificate> certificatesOf(UUID gatewayId) {
        return issued.findByGatewayIdOrderByIssuedAtDesc(gatewayId);
    }

    public static String serialHex(X509Certificate certificate) {
        return certificate.getSerialNumber().toString(16);
    }

    /** The first CN of the certificate's subject, or null. */
    public static String commonName(X509Certificate certificate) {
        X500Name name = X500Name.getInstance(certificate.getSubjectX500Principal().getEncoded());
        var cns = name.getRDNs(BCStyle.CN);
        return cns.length == 0 ? null : IETFUtils.valueToString(cns[0].getFirst().getValue());
    }

    private KeyPair newEcKeyPair() throws GeneralSecurityException {
        KeyPairGenerator generator = KeyPairGenerator.getInstance("EC");
        generator.initialize(new ECGenParameterSpec("secp256r1"), random);
        return generator.generateKeyPair();
    }

    /** 127 random bits: positive, non-zero, at most 20 octets (RFC 5280 section 4.1.2.2). */
    private BigInteger newSerial() {
        BigInteger serial;
        do {
            serial = new BigInteger(127, random);
        } while (serial.signum() == 0);
        return serial;
    }

    private static X509Certificate sign(X509v3CertificateBuilder builder, PrivateKey key) throws GeneralSecurityException {
        try {
            return new JcaX509CertificateConverter().getCertificate(
                    builder.build(new JcaContentSignerBuilder(SIGNATURE_ALGORITHM).build(key)));
        } catch (OperatorCreationException e) {
            throw new GeneralSecurityException(e);
        } catch (RuntimeException e) {
            throw new GeneralSecurityException(e);
        }
    }
}
