package io.gatewise.server.pki;

import java.io.IOException;
import java.io.StringReader;
import java.math.BigInteger;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.PublicKey;
import java.security.spec.X509EncodedKeySpec;
import java.util.Map;
import java.util.Set;

import org.bouncycastle.asn1.ASN1ObjectIdentifier;
import org.bouncycastle.asn1.nist.NISTNamedCurves;
import org.bouncycastle.asn1.pkcs.PKCSObjectIdentifiers;
import org.bouncycastle.asn1.pkcs.RSAPublicKey;
import org.bouncycastle.asn1.sec.SECObjectIdentifiers;
import org.bouncycastle.asn1.x500.RDN;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x500.style.BCStyle;
import org.bouncycastle.asn1.x500.style.IETFUtils;
import org.bouncycastle.asn1.x509.SubjectPublicKeyInfo;
import org.bouncycastle.asn1.x9.X9ObjectIdentifiers;
import org.bouncycastle.operator.OperatorCreationException;
import org.bouncycastle.operator.jcajce.JcaContentVerifierProviderBuilder;
import org.bouncycastle.openssl.PEMParser;
import org.bouncycastle.pkcs.PKCS10CertificationRequest;
import org.bouncycastle.pkcs.PKCSException;

/**
 * What an agent's certificate signing request (PKCS#10, RFC 2986) must satisfy before
 * the CA signs it:
 * <ul>
 *   <li>one PEM {@code CERTIFICATE REQUEST}, at most {@value #MAX_PEM_LENGTH} characters;</li>
 *   <li>the key is RSA of at least 2048 bits, or EC on P-256 or P-384;</li>
 *   <li>its self-signature verifies (proof that the agent holds the private key);</li>
 *   <li>the subject is empty, {@code CN=gatewise-agent} (the agent does not know its
 *       gateway id before enrolling) or {@code CN=<the gateway id>}.</li>
 * </ul>
 * The issued certificate's subject is always {@code CN=<gateway id>}, whatever was asked.
 */
public final class CsrPolicy {
    public static final int MAX_PEM_LENGTH = 16 * 1024;
    public static final int MIN_RSA_BITS = 2048;
    public static final int MAX_RSA_BITS = 8192;
    public static final String PLACEHOLDER_CN = "gatewise-agent";
    private static final Map<ASN1ObjectIdentifier, String> CURVES = Map.of(
            SECObjectIdentifiers.secp256r1, "P-256",
            SECObjectIdentifiers.secp384r1, "P-384");

    private CsrPolicy() {
    }

    /** @throws CsrRejectedException with the reason when the CSR is not acceptable */
    public static AcceptedCsr check(String csrPem, String gatewayId) {
        if (csrPem == null || csrPem.isBlank()) {
            throw new CsrRejectedException("the CSR is empty");
        }
        if (csrPem.length() > MAX_PEM_LENGTH) {
            throw new CsrRejectedException("the CSR is larger than " + MAX_PEM_LENGTH + " characters");
        }
        PKCS10CertificationRequest csr = parse(csrPem);
        String keyDescription = checkKey(csr.getSubjectPublicKeyInfo());
        verifySignature(csr);
        checkSubject(csr.getSubject(), gatewayId);
        return new AcceptedCsr(csr.getSubjectPublicKeyInfo(), keyDescription);
    }

    private static PKCS10CertificationRequest parse(String pem) {
        try (PEMParser parser = new PEMParser(new StringReader(pem))) {
            Object object = parser.readObject();
            if (object instanceof PKCS10CertificationRequest csr) {
                if (parser.readObject() != null) {
                    throw new CsrRejectedException("the CSR PEM contains more than one object");
                }
                return csr;
            }
            throw new CsrRejectedException("the CSR is not a PEM certificate signing request (expected -----BEGIN CERTIFICATE REQUEST-----)");
        } catch (IOException | RuntimeException e) {
            if (e instanceof CsrRejectedException rejected) {
                throw rejected;
            }
            throw new CsrRejectedException("the CSR is malformed: it is not valid PEM/DER PKCS#10");
        }
    }

    private static void verifySignature(PKCS10CertificationRequest csr) {
        boolean valid;
        try {
            valid = csr.isSignatureValid(new JcaContentVerifierProviderBuilder().build(publicKey(csr.getSubjectPublicKeyInfo())));
        } catch (CsrRejectedException e) {
            throw e;
        } catch (OperatorCreationException | PKCSException | GeneralSecurityException | IOException | RuntimeException e) {
            throw new CsrRejectedException("the CSR signature cannot be checked: " + e.getMessage());
        }
        if (!valid) {
            throw new CsrRejectedException("the CSR signature does not verify with its own public key");
        }
    }

    /** The JDK's key factories are named "EC"/"RSA", not by OID: map explicitly. */
    private static PublicKey publicKey(SubjectPublicKeyInfo info) throws GeneralSecurityException, IOException {
        ASN1ObjectIdentifier algorithm = info.getAlgorithm().getAlgorithm();
        String name = X9ObjectIdentifiers.id_ecPublicKey.equals(algorithm) ? "EC"
                : PKCSObjectIdentifiers.rsaEncryption.equals(algorithm) ? "RSA" : null;
        if (name == null) {
            throw new CsrRejectedException("key algorithm " + algorithm + " is not accepted; use EC P-256/P-384 or RSA >= 2048");
        }
        return KeyFactory.getInstance(name).generatePublic(new X509EncodedKeySpec(info.getEncoded()));
    }

    private static String checkKey(SubjectPublicKeyInfo key) {
        ASN1ObjectIdentifier algorithm = key.getAlgorithm().getAlgorithm();
        if (PKCSObjectIdentifiers.rsaEncryption.equals(algorithm)) {
            int bits;
            try {
                BigInteger modulus = RSAPublicKey.getInstance(key.parsePublicKey()).getModulus();
                bits = modulus.bitLength();
            } catch (IOException | RuntimeException e) {
                throw new CsrRejectedException("the CSR's RSA public key is malformed");
            }
            if (bits < MIN_RSA_BITS) {
                throw new CsrRejectedException("RSA key of " + bits + " bits is too weak; use at least "
                        + MIN_RSA_BITS + " bits or EC P-256");
            }
            if (bits > MAX_RSA_BITS) {
                throw new CsrRejectedException("RSA key of " + bits + " bits is larger than " + MAX_RSA_BITS);
            }
            return "RSA " + bits;
        }
        if (X9ObjectIdentifiers.id_ecPublicKey.equals(algorithm)) {
            var parameters = key.getAlgorithm().getParameters();
            String curve = parameters instanceof ASN1ObjectIdentifier oid ? CURVES.get(oid) : null;
            if (curve == null) {
                String name = parameters instanceof ASN1ObjectIdentifier oid && NISTNamedCurves.getName(oid) != null
                        ? NISTNamedCurves.getName(oid) : String.valueOf(parameters);
                throw new CsrRejectedException("EC curve " + name + " is not accepted; use P-256 or P-384");
            }
            return "EC " + curve;
        }
        throw new CsrRejectedException("key algorithm " + algorithm + " is not accepted; use EC P-256/P-384 or RSA >= 2048");
    }

    private static void checkSubject(X500Name subject, String gatewayId) {
        RDN[] rdns = subject.getRDNs();
        if (rdns.length == 0) {
            return;
        }
        Set<String> accepted = Set.of(PLACEHOLDER_CN, gatewayId);
        RDN[] cns = subject.getRDNs(BCStyle.CN);
        if (rdns.length == 1 && cns.length == 1 && !cns[0].isMultiValued()
                && accepted.contains(IETFUtils.valueToString(cns[0].getFirst().getValue()))) {
            return;
        }
        throw new CsrRejectedException("the CSR subject '" + subject + "' does not match; use CN="
                + PLACEHOLDER_CN + " or CN=<gateway id>");
    }
}
