package io.gatewise.agent.ike.auth;

import java.io.IOException;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import javax.security.auth.x500.X500Principal;
import org.bouncycastle.asn1.ASN1IA5String;
import org.bouncycastle.asn1.ASN1ObjectIdentifier;
import org.bouncycastle.asn1.ASN1OctetString;
import org.bouncycastle.asn1.ASN1Primitive;
import org.bouncycastle.asn1.x500.AttributeTypeAndValue;
import org.bouncycastle.asn1.x500.RDN;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x500.style.BCStyle;
import org.bouncycastle.asn1.x500.style.IETFUtils;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.GeneralNames;

/** How certificates and names are printed in reasons and logs, and how DNs are compared. */
final class CertificateNames {

    private CertificateNames() {
    }

    /**
     * A DN in DER order, the way strongSwan prints it: "C=XX, O=gatewise-interop, CN=left".
     * Control characters from the peer are escaped; a name that cannot be read is printed
     * as the JDK renders it, or as "(unreadable name)".
     */
    static String dn(X500Principal principal) {
        try {
            List<String> parts = new ArrayList<>();
            for (RDN rdn : X500Name.getInstance(principal.getEncoded()).getRDNs()) {
                List<String> attributes = new ArrayList<>();
                for (AttributeTypeAndValue atv : rdn.getTypesAndValues()) {
                    attributes.add(label(atv.getType()) + "=" + IETFUtils.valueToString(atv.getValue()));
                }
                parts.add(String.join("+", attributes));
            }
            return parts.isEmpty() ? "(empty DN)" : IkeIdentity.printable(String.join(", ", parts));
        } catch (RuntimeException e) {
            return jdkName(principal);
        }
    }

    /** "CN=branch-7" when the name has a common name, else the whole DN. */
    static String shortName(X500Principal principal) {
        try {
            RDN[] cns = X500Name.getInstance(principal.getEncoded()).getRDNs(BCStyle.CN);
            if (cns.length > 0) {
                RDN last = cns[cns.length - 1];
                return IkeIdentity.printable("CN=" + IETFUtils.valueToString(last.getFirst().getValue()));
            }
        } catch (RuntimeException e) {
            return jdkName(principal);
        }
        return dn(principal);
    }

    private static String jdkName(X500Principal principal) {
        try {
            return IkeIdentity.printable(principal.getName());
        } catch (RuntimeException e) {
            return "(unreadable name)";
        }
    }

    /** The subject's short name. */
    static String subject(X509Certificate cert) {
        return shortName(cert.getSubjectX500Principal());
    }

    /** The issuer's short name. */
    static String issuer(X509Certificate cert) {
        return shortName(cert.getIssuerX500Principal());
    }

    /**
     * Whether two DNs name the same entity: the same DER, or (RFC 5280 section 7.1, as far
     * as RFC 4518 string preparation goes in Bouncy Castle's IETFUtils) the same RDNs in
     * the same order whose values compare equal ignoring case and repeated white space.
     */
    static boolean sameName(X500Principal a, X500Principal b) {
        byte[] da = a.getEncoded();
        byte[] db = b.getEncoded();
        if (Arrays.equals(da, db)) {
            return true;
        }
        try {
            RDN[] ra = X500Name.getInstance(da).getRDNs();
            RDN[] rb = X500Name.getInstance(db).getRDNs();
            if (ra.length != rb.length) {
                return false;
            }
            for (int i = 0; i < ra.length; i++) {
                if (!IETFUtils.rDNAreEqual(ra[i], rb[i])) {
                    return false;
                }
            }
            return true;
        } catch (RuntimeException e) {
            return false; // a name Bouncy Castle cannot read equals only its exact DER
        }
    }

    /** The subjectAltName entries; empty without the extension or when it cannot be read. */
    static List<GeneralName> generalNames(X509Certificate cert) {
        byte[] extension = cert.getExtensionValue(Extension.subjectAlternativeName.getId());
        if (extension == null) {
            return List.of();
        }
        try {
            ASN1Primitive value = ASN1Primitive.fromByteArray(ASN1OctetString.getInstance(extension).getOctets());
            return List.of(GeneralNames.getInstance(value).getNames());
        } catch (IOException | RuntimeException e) {
            return List.of();
        }
    }

    /** The subjectAltName entries as "DNS:x", "IP:192.0.2.1", "EMAIL:a@b", for messages. */
    static List<String> subjectAltNames(X509Certificate cert) {
        List<String> out = new ArrayList<>();
        for (GeneralName name : generalNames(cert)) {
            out.add(describe(name));
        }
        return out;
    }

    static String describe(GeneralName name) {
        String text = switch (name.getTagNo()) {
            case GeneralName.rfc822Name -> "EMAIL:" + string(name);
            case GeneralName.dNSName -> "DNS:" + string(name);
            case GeneralName.uniformResourceIdentifier -> "URI:" + string(name);
            case GeneralName.iPAddress -> "IP:" + ipText(octets(name));
            case GeneralName.directoryName -> "DIRNAME:" + X500Name.getInstance(name.getName());
            default -> "OTHER(" + name.getTagNo() + ")";
        };
        return IkeIdentity.printable(text);
    }

    /** The IA5String of a dNSName, rfc822Name or URI entry. */
    static String string(GeneralName name) {
        return ASN1IA5String.getInstance(name.getName()).getString();
    }

    /** The address bytes of an iPAddress entry. */
    static byte[] octets(GeneralName name) {
        return ASN1OctetString.getInstance(name.getName()).getOctets();
    }

    private static String ipText(byte[] address) {
        if (address.length == 4 || address.length == 16) {
            try {
                return InetAddress.getByAddress(address).getHostAddress();
            } catch (UnknownHostException e) {
                // cannot happen for 4 or 16 bytes
            }
        }
        return "(" + address.length + " bytes)";
    }

    private static String label(ASN1ObjectIdentifier type) {
        String label = BCStyle.INSTANCE.oidToDisplayName(type);
        return label != null ? label : type.getId();
    }
}
