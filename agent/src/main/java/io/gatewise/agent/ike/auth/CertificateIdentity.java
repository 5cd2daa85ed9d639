package io.gatewise.agent.ike.auth;

import java.security.cert.X509Certificate;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.function.Predicate;
import org.bouncycastle.asn1.x509.GeneralName;

/**
 * Checks that the identity in the peer's ID payload is one its certificate vouches for
 * (RFC 4945 section 3.1), so that a peer cannot present a valid certificate of somebody
 * else's and claim a different identity:
 *
 * <ul>
 *   <li>ID_DER_ASN1_DN: equal to the certificate's subject (section 3.1.5), by DER or by
 *       the RFC 5280 section 7.1 comparison (same RDNs, case and repeated spaces ignored);
 *       an empty subject never matches;</li>
 *   <li>ID_FQDN: a dNSName in subjectAltName (section 3.1.2), compared case-insensitively
 *       without a trailing dot; no wildcards;</li>
 *   <li>ID_USER_FQDN: an rfc822Name in subjectAltName (section 3.1.3), the domain part
 *       compared case-insensitively;</li>
 *   <li>ID_IPV4_ADDR / ID_IPV6_ADDR: an iPAddress in subjectAltName (section 3.1.1), by
 *       address bytes.</li>
 * </ul>
 *
 * Other ID types (subnets, ranges, DER_ASN1_GN, KEY_ID) cannot be checked and are refused.
 * The common name is never matched against FQDN or address identities: RFC 4945 section
 * 3.1 binds those to subjectAltName, and a CN is free text any CA may fill.
 */
public final class CertificateIdentity {

    private CertificateIdentity() {
    }

    /**
     * @throws PeerAuthenticationException (IDENTITY_MISMATCH or UNSUPPORTED_IDENTITY_TYPE)
     *         when {@code identity} is not vouched for by {@code cert}
     */
    public static void check(X509Certificate cert, IkeIdentity identity) throws PeerAuthenticationException {
        if (!matches(cert, identity)) {
            throw new PeerAuthenticationException(failure(cert, identity));
        }
    }

    /** Whether {@code cert} vouches for {@code identity}. */
    public static boolean matches(X509Certificate cert, IkeIdentity identity) {
        return switch (identity.type()) {
            case DER_ASN1_DN -> !cert.getSubjectX500Principal().getName().isEmpty()
                    && CertificateNames.sameName(cert.getSubjectX500Principal(), identity.principal());
            case FQDN -> !hostName(identity.text()).isEmpty() && anyAltName(cert, GeneralName.dNSName,
                    n -> hostName(CertificateNames.string(n)).equals(hostName(identity.text())));
            case USER_FQDN -> anyAltName(cert, GeneralName.rfc822Name,
                    n -> sameMailbox(CertificateNames.string(n), identity.text()));
            case IPV4_ADDR, IPV6_ADDR -> anyAltName(cert, GeneralName.iPAddress,
                    n -> Arrays.equals(CertificateNames.octets(n), identity.data()));
            default -> false;
        };
    }

    private static AuthFailure failure(X509Certificate cert, IkeIdentity identity) {
        String certName = "peer certificate " + CertificateNames.subject(cert);
        return switch (identity.type()) {
            case DER_ASN1_DN -> new AuthFailure(AuthFailure.Kind.IDENTITY_MISMATCH,
                    cert.getSubjectX500Principal().getName().isEmpty()
                            ? "identity " + identity + " cannot match " + certName + ", whose subject is empty"
                            : "identity " + identity + " is not the subject of " + certName + " (subject DN:"
                                    + CertificateNames.dn(cert.getSubjectX500Principal()) + ")");
            case FQDN, USER_FQDN, IPV4_ADDR, IPV6_ADDR -> {
                List<String> names = CertificateNames.subjectAltNames(cert);
                yield new AuthFailure(AuthFailure.Kind.IDENTITY_MISMATCH, "identity " + identity
                        + " not in certificate subjectAltName of " + certName
                        + (names.isEmpty() ? " (it has no subjectAltName)" : " (has " + String.join(", ", names) + ")"));
            }
            default -> new AuthFailure(AuthFailure.Kind.UNSUPPORTED_IDENTITY_TYPE, "identity type ID_"
                    + identity.type().name() + " cannot be checked against " + certName
                    + "; use ID_DER_ASN1_DN, ID_FQDN, ID_USER_FQDN or an address");
        };
    }

    private static boolean anyAltName(X509Certificate cert, int tag, Predicate<GeneralName> test) {
        for (GeneralName name : CertificateNames.generalNames(cert)) {
            try {
                if (name.getTagNo() == tag && test.test(name)) {
                    return true;
                }
            } catch (RuntimeException e) {
                // a malformed entry of this type matches nothing
            }
        }
        return false;
    }

    /** DNS names compare case-insensitively (RFC 4343); a trailing root dot is not significant. */
    private static String hostName(String name) {
        String lower = name.toLowerCase(Locale.ROOT);
        return lower.endsWith(".") ? lower.substring(0, lower.length() - 1) : lower;
    }

    /** local@domain: the local part exactly (RFC 5321 section 2.4), the domain ignoring case. */
    private static boolean sameMailbox(String a, String b) {
        int at = a.lastIndexOf('@');
        int bt = b.lastIndexOf('@');
        if (at < 0 || bt < 0) {
            return a.equals(b);
        }
        return a.substring(0, at).equals(b.substring(0, bt))
                && hostName(a.substring(at + 1)).equals(hostName(b.substring(bt + 1)));
    }
}
