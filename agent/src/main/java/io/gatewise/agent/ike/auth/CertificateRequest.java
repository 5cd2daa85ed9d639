package io.gatewise.agent.ike.auth;

import java.security.cert.X509Certificate;
import java.util.Arrays;
import java.util.Objects;
import java.util.Optional;
import javax.security.auth.x500.X500Principal;

/**
 * The content of one CR (Certificate Request) payload, RFC 2408 section 3.10: the
 * certificate type wanted and the Certificate Authority, which for X.509 is the DER
 * encoding of the CA's distinguished name (RFC 4945 section 3.2.4; strongSwan sends
 * exactly {@code 04 | DER(subject of CA)}). An empty authority asks for a certificate
 * from any CA.
 *
 * <pre>
 *  ! Next Payload  !   RESERVED    !         Payload Length        !
 *  !  Cert. Type   !                                               !
 *  +-+-+-+-+-+-+-+-+                                               !
 *  ~                    Certificate Authority                      ~
 * </pre>
 */
public final class CertificateRequest {

    private final int certType;
    private final byte[] authority;

    private CertificateRequest(int certType, byte[] authority) {
        this.certType = certType;
        this.authority = authority.clone();
    }

    /** The CR we send to ask for a certificate issued by {@code ca}. */
    public static CertificateRequest forCa(X509Certificate ca) {
        return new CertificateRequest(EncodedCertificate.X509_SIGNATURE, ca.getSubjectX500Principal().getEncoded());
    }

    /** A CR asking for an X.509 certificate from any CA (empty authority). */
    public static CertificateRequest anyCa() {
        return new CertificateRequest(EncodedCertificate.X509_SIGNATURE, new byte[0]);
    }

    /** A received CR payload's content. */
    public static CertificateRequest fromPayload(int certType, byte[] authority) {
        return new CertificateRequest(certType, Objects.requireNonNull(authority, "authority"));
    }

    public int certType() {
        return certType;
    }

    /** A copy of the Certificate Authority field. */
    public byte[] authority() {
        return authority.clone();
    }

    public boolean isX509() {
        return certType == EncodedCertificate.X509_SIGNATURE;
    }

    /** An X.509 request without authority: any CA will do. */
    public boolean isAnyCa() {
        return isX509() && authority.length == 0;
    }

    /** The requested CA's name, if the authority is a DER Name. */
    public Optional<X500Principal> authorityName() {
        if (!isX509() || authority.length == 0) {
            return Optional.empty();
        }
        try {
            return Optional.of(new X500Principal(authority));
        } catch (IllegalArgumentException e) {
            return Optional.empty();
        }
    }

    /** Whether this request asks for certificates issued by (a CA named like) {@code ca}'s subject. */
    public boolean names(X500Principal ca) {
        if (isAnyCa()) {
            return true;
        }
        return authorityName().map(name -> CertificateNames.sameName(name, ca)).orElse(false);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof CertificateRequest other && certType == other.certType
                && Arrays.equals(authority, other.authority);
    }

    @Override
    public int hashCode() {
        return 31 * certType + Arrays.hashCode(authority);
    }

    /** "CR[X.509 signature (4), C=XX, O=Example, CN=Gatewise CA]". */
    @Override
    public String toString() {
        String ca = isAnyCa() ? "any CA"
                : authorityName().map(CertificateNames::dn).orElse(authority.length + " bytes, not a DN");
        return "CR[" + EncodedCertificate.encodingName(certType) + ", " + ca + "]";
    }
}
