package io.gatewise.agent.ike.auth;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.security.GeneralSecurityException;
import java.security.InvalidKeyException;
import java.security.NoSuchAlgorithmException;
import java.security.PublicKey;
import java.security.cert.CertificateException;
import java.security.cert.CertificateFactory;
import java.security.cert.CertificateParsingException;
import java.security.cert.X509Certificate;
import java.security.interfaces.RSAPublicKey;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Set;
import java.util.stream.Collectors;
import org.bouncycastle.asn1.ASN1Primitive;
import org.bouncycastle.asn1.x509.Certificate;

/**
 * Decides whether the certificates a peer sent in its CERT payloads authenticate the
 * identity in its ID payload (RFC 4945, with the path rules of RFC 5280 section 6 that a
 * small private PKI needs):
 *
 * <ol>
 *   <li>decode: X.509 signature encoding only, bounded count and size, strict DER;</li>
 *   <li>the end-entity certificate is the first that is not a CA (else the first);</li>
 *   <li>build the path upwards: each certificate's issuer is a configured trust anchor
 *       whose key verifies its signature, or a CA certificate the peer sent that does;
 *       every certificate on the way, the anchor included, must be valid at the injected
 *       clock's time, carry no critical extension we do not process, and use no weak
 *       key or MD5 signature; issuers must be CAs (basicConstraints, keyCertSign,
 *       pathLenConstraint);</li>
 *   <li>the end-entity certificate must allow signing (keyUsage digitalSignature or
 *       nonRepudiation when present, RFC 4945 section 5.1.3.2; a critical
 *       extendedKeyUsage must include id-kp-ipsecIKE or anyExtendedKeyUsage, section
 *       5.1.3.12) and have an RSA or P-256/384/521 key;</li>
 *   <li>the ID payload must be vouched for by it ({@link CertificateIdentity}).</li>
 * </ol>
 *
 * Revocation (CRLs, OCSP) is not checked.
 *
 * <p>Every refusal is a {@link PeerAuthenticationException} whose reason names the
 * certificate: "peer certificate CN=x was issued by CN=Other CA, not by the trusted CA
 * CN=Gatewise CA". Immutable and thread-safe.
 */
public final class PeerCertificateValidator {

    /** More CERT payloads than any sane chain needs are refused before parsing. */
    public static final int MAX_CERTIFICATES = 8;
    /** Per certificate; a 4096-bit RSA certificate with many names stays far below. */
    public static final int MAX_CERTIFICATE_LENGTH = 16 * 1024;
    public static final int DEFAULT_MINIMUM_RSA_BITS = 2048;

    private static final String BASIC_CONSTRAINTS = "2.5.29.19";
    private static final String KEY_USAGE = "2.5.29.15";
    private static final String EXTENDED_KEY_USAGE = "2.5.29.37";
    private static final String SUBJECT_ALT_NAME = "2.5.29.17";
    /** Critical extensions whose meaning this class enforces (or, for SAN, uses). */
    private static final Set<String> PROCESSED_CRITICAL = Set.of(BASIC_CONSTRAINTS, KEY_USAGE, EXTENDED_KEY_USAGE,
            SUBJECT_ALT_NAME);
    private static final String ID_KP_IPSEC_IKE = "1.3.6.1.5.5.7.3.17";
    private static final String ANY_EXTENDED_KEY_USAGE = "2.5.29.37.0";
    private static final int KU_DIGITAL_SIGNATURE = 0;
    private static final int KU_NON_REPUDIATION = 1;
    private static final int KU_KEY_CERT_SIGN = 5;

    private final List<X509Certificate> trustAnchors;
    private final Clock clock;
    private final int minimumRsaBits;

    private PeerCertificateValidator(Builder builder) {
        if (builder.trustAnchors.isEmpty()) {
            throw new IllegalArgumentException("at least one trusted CA certificate is required");
        }
        this.trustAnchors = List.copyOf(builder.trustAnchors);
        this.clock = builder.clock;
        this.minimumRsaBits = builder.minimumRsaBits;
    }

    public static Builder builder() {
        return new Builder();
    }

    /** The configured trust anchors (the Gatewise CA, or the CAs of the tunnel's policy). */
    public List<X509Certificate> trustAnchors() {
        return trustAnchors;
    }

    /** One CR payload per trust anchor, to send so that the peer picks a certificate we accept. */
    public List<CertificateRequest> certificateRequests() {
        return trustAnchors.stream().map(CertificateRequest::forCa).toList();
    }

    /**
     * Validates the peer's CERT payloads against the trust anchors and its identity.
     *
     * @param certificates the CERT payloads of the message, in order
     * @param peerIdentity the peer's ID payload (IDii or IDir)
     * @return the peer's validated certificate and chain, with the verifier for its SIG payload
     * @throws PeerAuthenticationException with the reason and notify type
     */
    public ValidatedPeer validate(List<EncodedCertificate> certificates, IkeIdentity peerIdentity)
            throws PeerAuthenticationException {
        return validateCertificates(decode(certificates), peerIdentity);
    }

    /**
     * Peer-supplied DER reaches the JDK's and Bouncy Castle's parsers at many points (names,
     * extensions, keys); whatever one of them throws on a certificate the JDK accepted is
     * still a bad certificate, never an exception out of the exchange.
     */
    private ValidatedPeer validateParsed(List<X509Certificate> certificates, IkeIdentity peerIdentity)
            throws PeerAuthenticationException {
        X509Certificate endEntity = certificates.stream().filter(c -> c.getBasicConstraints() < 0).findFirst()
                .orElse(certificates.get(0));
        try {
            List<X509Certificate> path = buildPath(endEntity, certificates);
            checkEndEntity(endEntity);
            CertificateIdentity.check(endEntity, peerIdentity);
            return new ValidatedPeer(path, peerIdentity);
        } catch (RuntimeException e) {
            throw new PeerAuthenticationException(AuthFailure.Kind.MALFORMED_CERTIFICATE, "peer certificate "
                    + CertificateNames.subject(endEntity) + " cannot be processed (" + e.getClass().getSimpleName()
                    + ")");
        }
    }

    /** As {@link #validate}, for certificates already parsed (e.g. configured for the peer). */
    public ValidatedPeer validateCertificates(List<X509Certificate> certificates, IkeIdentity peerIdentity)
            throws PeerAuthenticationException {
        Objects.requireNonNull(peerIdentity, "peerIdentity");
        if (certificates.isEmpty()) {
            throw new PeerAuthenticationException(AuthFailure.Kind.NO_CERTIFICATE, "peer sent no certificate");
        }
        return validateParsed(certificates, peerIdentity);
    }

    // ---- decoding ------------------------------------------------------------------

    private static List<X509Certificate> decode(List<EncodedCertificate> payloads) throws PeerAuthenticationException {
        List<EncodedCertificate> x509 = payloads.stream()
                .filter(p -> p.encoding() == EncodedCertificate.X509_SIGNATURE).toList();
        if (x509.isEmpty()) {
            if (payloads.isEmpty()) {
                throw new PeerAuthenticationException(AuthFailure.Kind.NO_CERTIFICATE, "peer sent no certificate");
            }
            throw new PeerAuthenticationException(AuthFailure.Kind.UNSUPPORTED_CERTIFICATE_TYPE,
                    "peer sent certificates of type " + payloads.stream()
                            .map(p -> EncodedCertificate.encodingName(p.encoding())).distinct()
                            .collect(Collectors.joining(", "))
                            + " only; we accept X.509 signature (4)");
        }
        if (x509.size() > MAX_CERTIFICATES) {
            throw new PeerAuthenticationException(AuthFailure.Kind.MALFORMED_CERTIFICATE,
                    "peer sent " + x509.size() + " certificates; at most " + MAX_CERTIFICATES + " are accepted");
        }
        List<X509Certificate> out = new ArrayList<>(x509.size());
        for (int i = 0; i < x509.size(); i++) {
            out.add(parse(x509.get(i), i + 1));
        }
        return out;
    }

    private static X509Certificate parse(EncodedCertificate payload, int number) throws PeerAuthenticationException {
        if (payload.length() > MAX_CERTIFICATE_LENGTH) {
            throw new PeerAuthenticationException(AuthFailure.Kind.MALFORMED_CERTIFICATE, "peer certificate #" + number
                    + " is " + payload.length() + " bytes long; at most " + MAX_CERTIFICATE_LENGTH + " are accepted");
        }
        byte[] der = payload.dataNoCopy();
        try {
            X509Certificate cert = (X509Certificate) CertificateFactory.getInstance("X.509")
                    .generateCertificate(new ByteArrayInputStream(der));
            // The factory reads one certificate and ignores what follows, and accepts PEM:
            // insist on exactly one DER certificate.
            if (!Arrays.equals(cert.getEncoded(), der)) {
                throw new CertificateParsingException("not exactly one DER certificate");
            }
            // The JDK ignores the "unused bits" octet of the signature BIT STRING, so the same
            // certificate would have many encodings (and fingerprints): DER demands 0.
            if (Certificate.getInstance(ASN1Primitive.fromByteArray(der)).getSignature().getPadBits() != 0) {
                throw new CertificateParsingException("signature BIT STRING with unused bits");
            }
            return cert;
        } catch (CertificateException | IOException | RuntimeException e) {
            throw new PeerAuthenticationException(AuthFailure.Kind.MALFORMED_CERTIFICATE,
                    "peer certificate #" + number + " (" + der.length + " bytes) is not a DER X.509 certificate");
        }
    }

    // ---- path --------------------------------------------------------------------

    private List<X509Certificate> buildPath(X509Certificate endEntity, List<X509Certificate> supplied)
            throws PeerAuthenticationException {
        List<X509Certificate> path = new ArrayList<>();
        X509Certificate current = endEntity;
        path.add(current);
        while (true) {
            String role = path.size() == 1 ? "peer certificate " : "intermediate CA certificate ";
            checkCertificate(current, role);
            X509Certificate anchor = issuerAmong(current, trustAnchors, role);
            if (anchor != null) {
                checkCertificate(anchor, "trusted CA certificate ");
                checkIssuer(anchor, path.size() - 1, "trusted CA certificate ");
                path.add(anchor);
                return List.copyOf(path);
            }
            List<X509Certificate> candidates = supplied.stream().filter(c -> !path.contains(c)).toList();
            X509Certificate issuer = issuerAmong(current, candidates, role);
            if (issuer == null || path.size() > MAX_CERTIFICATES) {
                throw untrusted(path);
            }
            checkIssuer(issuer, path.size() - 1, "intermediate CA certificate ");
            path.add(issuer);
            current = issuer;
        }
    }

    /**
     * The certificate among {@code candidates} that issued {@code cert}: same name and a
     * verifying signature. {@code null} when no candidate has the name.
     *
     * @throws PeerAuthenticationException when names match but no signature verifies
     */
    private static X509Certificate issuerAmong(X509Certificate cert, List<X509Certificate> candidates, String role)
            throws PeerAuthenticationException {
        boolean nameMatched = false;
        String unsupported = null;
        for (X509Certificate candidate : candidates) {
            if (!CertificateNames.sameName(candidate.getSubjectX500Principal(), cert.getIssuerX500Principal())) {
                continue;
            }
            nameMatched = true;
            try {
                cert.verify(candidate.getPublicKey());
                return candidate;
            } catch (NoSuchAlgorithmException e) {
                unsupported = cert.getSigAlgName();
            } catch (InvalidKeyException | java.security.SignatureException e) {
                // not this key: try the next candidate of the same name (CA key rollover)
            } catch (GeneralSecurityException | RuntimeException e) {
                // malformed signature or parameters: same as not verifying
            }
        }
        if (!nameMatched) {
            return null;
        }
        if (unsupported != null) {
            throw new PeerAuthenticationException(AuthFailure.Kind.WEAK_CRYPTO, role + CertificateNames.subject(cert)
                    + " is signed with " + unsupported + ", which is not supported");
        }
        throw new PeerAuthenticationException(AuthFailure.Kind.BAD_CERTIFICATE_SIGNATURE, "bad signature on " + role
                + CertificateNames.subject(cert) + " (it does not verify with the key of its issuer "
                + CertificateNames.issuer(cert) + ")");
    }

    private PeerAuthenticationException untrusted(List<X509Certificate> path) {
        X509Certificate peer = path.get(0);
        X509Certificate top = path.get(path.size() - 1);
        String trusted = trustAnchors.size() == 1
                ? "the trusted CA " + CertificateNames.subject(trustAnchors.get(0))
                : "any trusted CA (" + trustAnchors.stream().map(CertificateNames::subject)
                        .collect(Collectors.joining(", ")) + ")";
        String issuer = CertificateNames.issuer(top);
        boolean selfSigned = CertificateNames.sameName(top.getIssuerX500Principal(), top.getSubjectX500Principal());
        String reason;
        if (path.size() == 1) {
            reason = "peer certificate " + CertificateNames.subject(peer)
                    + (selfSigned ? " is self-signed, not issued by " : " was issued by " + issuer + ", not by ")
                    + trusted;
        } else {
            List<X509Certificate> via = path.subList(1, selfSigned ? path.size() - 1 : path.size());
            reason = "peer certificate " + CertificateNames.subject(peer) + " chains to "
                    + (selfSigned ? CertificateNames.subject(top) : issuer)
                    + (via.isEmpty() ? "" : " via " + via.stream().map(CertificateNames::subject)
                            .collect(Collectors.joining(" and ")))
                    + ", not to " + trusted;
        }
        return new PeerAuthenticationException(AuthFailure.Kind.UNTRUSTED_ISSUER, reason);
    }

    // ---- per-certificate rules ---------------------------------------------------

    /** Dates, critical extensions, key strength, signature algorithm. */
    private void checkCertificate(X509Certificate cert, String role) throws PeerAuthenticationException {
        Instant now = clock.instant();
        Instant notBefore = cert.getNotBefore().toInstant();
        Instant notAfter = cert.getNotAfter().toInstant();
        if (now.isAfter(notAfter)) {
            throw new PeerAuthenticationException(AuthFailure.Kind.EXPIRED, role + CertificateNames.subject(cert)
                    + " expired " + date(notAfter) + " (valid until " + instant(notAfter) + ", now "
                    + instant(now) + ")");
        }
        if (now.isBefore(notBefore)) {
            throw new PeerAuthenticationException(AuthFailure.Kind.NOT_YET_VALID, role + CertificateNames.subject(cert)
                    + " is not valid before " + instant(notBefore) + " (now " + instant(now)
                    + "; check both clocks)");
        }
        Set<String> critical = cert.getCriticalExtensionOIDs();
        if (critical != null) {
            for (String oid : critical) {
                if (!PROCESSED_CRITICAL.contains(oid)) {
                    throw new PeerAuthenticationException(AuthFailure.Kind.UNSUPPORTED_CRITICAL_EXTENSION, role
                            + CertificateNames.subject(cert) + " has critical extension " + extensionName(oid)
                            + ", which we do not process");
                }
            }
        }
        String sigAlg = cert.getSigAlgName().toUpperCase(Locale.ROOT);
        if (sigAlg.contains("MD5") || sigAlg.contains("MD2")) {
            throw new PeerAuthenticationException(AuthFailure.Kind.WEAK_CRYPTO, role + CertificateNames.subject(cert)
                    + " is signed with " + cert.getSigAlgName() + ", which is broken");
        }
        PublicKey key = cert.getPublicKey();
        if (key instanceof RSAPublicKey rsa && rsa.getModulus().bitLength() < minimumRsaBits) {
            throw new PeerAuthenticationException(AuthFailure.Kind.WEAK_CRYPTO, role + CertificateNames.subject(cert)
                    + " has a " + rsa.getModulus().bitLength() + "-bit RSA key; at least " + minimumRsaBits
                    + " bits are required");
        }
    }

    /**
     * An issuing certificate must be a CA allowed to sign certificates, with room for the
     * {@code intermediates} CA certificates under it (RFC 5280 section 4.2.1.9). Anchors without
     * basicConstraints (X.509 v1 roots) are accepted as configured.
     */
    private static void checkIssuer(X509Certificate issuer, int intermediates, String role)
            throws PeerAuthenticationException {
        int pathLen = issuer.getBasicConstraints();
        boolean anchorV1 = role.startsWith("trusted") && issuer.getVersion() < 3;
        if (pathLen < 0 && !anchorV1) {
            throw new PeerAuthenticationException(AuthFailure.Kind.NOT_A_CA, role + CertificateNames.subject(issuer)
                    + " issued a certificate in the peer's chain but is not a CA (no basicConstraints cA)");
        }
        boolean[] usage = issuer.getKeyUsage();
        if (usage != null && (usage.length <= KU_KEY_CERT_SIGN || !usage[KU_KEY_CERT_SIGN])) {
            throw new PeerAuthenticationException(AuthFailure.Kind.NOT_A_CA, role + CertificateNames.subject(issuer)
                    + " may not sign certificates (keyUsage lacks keyCertSign)");
        }
        if (pathLen >= 0 && intermediates > pathLen) {
            throw new PeerAuthenticationException(AuthFailure.Kind.NOT_A_CA, role + CertificateNames.subject(issuer)
                    + " allows " + pathLen + " intermediate CA(s) below it (pathLenConstraint), the peer's chain has "
                    + intermediates);
        }
    }

    /** The end-entity certificate signs HASH_I/HASH_R: key usage and key type (RFC 4945 section 5.1.3). */
    private static void checkEndEntity(X509Certificate cert) throws PeerAuthenticationException {
        String name = "peer certificate " + CertificateNames.subject(cert);
        boolean[] usage = cert.getKeyUsage();
        if (usage != null && !(bit(usage, KU_DIGITAL_SIGNATURE) || bit(usage, KU_NON_REPUDIATION))) {
            throw new PeerAuthenticationException(AuthFailure.Kind.KEY_USAGE, name
                    + " does not allow signing (keyUsage has neither digitalSignature nor nonRepudiation)");
        }
        List<String> eku;
        try {
            eku = cert.getExtendedKeyUsage();
        } catch (CertificateParsingException e) {
            throw new PeerAuthenticationException(AuthFailure.Kind.MALFORMED_CERTIFICATE, name
                    + " has an unreadable extendedKeyUsage");
        }
        Set<String> critical = cert.getCriticalExtensionOIDs();
        if (eku != null && critical != null && critical.contains(EXTENDED_KEY_USAGE)
                && !eku.contains(ID_KP_IPSEC_IKE) && !eku.contains(ANY_EXTENDED_KEY_USAGE)) {
            throw new PeerAuthenticationException(AuthFailure.Kind.KEY_USAGE, name
                    + " has a critical extendedKeyUsage without id-kp-ipsecIKE (" + String.join(", ", eku) + ")");
        }
        try {
            Verifier.forKey(cert.getPublicKey()); // key type, curve, and an EC point on its curve
        } catch (IllegalArgumentException e) {
            throw new PeerAuthenticationException(AuthFailure.Kind.KEY_TYPE_MISMATCH, name + ": " + e.getMessage());
        }
    }

    private static boolean bit(boolean[] bits, int index) {
        return bits.length > index && bits[index];
    }

    private static String extensionName(String oid) {
        return switch (oid) {
            case "2.5.29.30" -> "nameConstraints (2.5.29.30)";
            case "2.5.29.32" -> "certificatePolicies (2.5.29.32)";
            case "2.5.29.36" -> "policyConstraints (2.5.29.36)";
            case "2.5.29.54" -> "inhibitAnyPolicy (2.5.29.54)";
            default -> oid;
        };
    }

    private static String date(Instant instant) {
        return instant.atOffset(ZoneOffset.UTC).toLocalDate().toString();
    }

    private static String instant(Instant instant) {
        return instant.truncatedTo(ChronoUnit.SECONDS).toString();
    }

    @Override
    public String toString() {
        return "PeerCertificateValidator[trusting " + trustAnchors.stream().map(CertificateNames::subject)
                .collect(Collectors.joining(", ")) + "]";
    }

    /** Configuration of a validator. */
    public static final class Builder {
        private final List<X509Certificate> trustAnchors = new ArrayList<>();
        private Clock clock = Clock.systemUTC();
        private int minimumRsaBits = DEFAULT_MINIMUM_RSA_BITS;

        private Builder() {
        }

        /** Trust certificates issued by this CA. */
        public Builder trustAnchor(X509Certificate ca) {
            trustAnchors.add(Objects.requireNonNull(ca, "ca"));
            return this;
        }

        public Builder trustAnchors(Collection<X509Certificate> cas) {
            cas.forEach(this::trustAnchor);
            return this;
        }

        /**
         * Trust every certificate in a PEM text (one or more {@code BEGIN CERTIFICATE}
         * blocks), e.g. {@code Authentication.trusted_ca_pem} of the pushed config.
         */
        public Builder trustAnchorsPem(String pem) throws CredentialException {
            List<X509Certificate> cas = Pem.certificates(pem, "trusted CA PEM");
            if (cas.isEmpty()) {
                throw new CredentialException("trusted CA PEM contains no certificate");
            }
            return trustAnchors(cas);
        }

        /** The clock validity dates are checked against (tests inject a fixed one). */
        public Builder clock(Clock clock) {
            this.clock = Objects.requireNonNull(clock, "clock");
            return this;
        }

        /** Smallest RSA modulus accepted anywhere in the chain (default 2048). */
        public Builder minimumRsaKeyBits(int bits) {
            if (bits < 1024) {
                throw new IllegalArgumentException("RSA keys below 1024 bits are never acceptable");
            }
            this.minimumRsaBits = bits;
            return this;
        }

        public PeerCertificateValidator build() {
            return new PeerCertificateValidator(this);
        }
    }
}
