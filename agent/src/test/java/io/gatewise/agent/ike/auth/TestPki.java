package io.gatewise.agent.ike.auth;

import java.io.IOException;
import java.io.StringWriter;
import java.math.BigInteger;
import java.net.InetAddress;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.PrivateKey;
import java.security.SecureRandom;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.security.spec.ECGenParameterSpec;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Date;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.io.ByteArrayInputStream;
import javax.security.auth.x500.X500Principal;
import org.bouncycastle.asn1.ASN1Encodable;
import org.bouncycastle.asn1.ASN1ObjectIdentifier;
import org.bouncycastle.asn1.DEROctetString;
import org.bouncycastle.asn1.DERSequence;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x509.BasicConstraints;
import org.bouncycastle.asn1.x509.ExtendedKeyUsage;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.GeneralNames;
import org.bouncycastle.asn1.x509.KeyPurposeId;
import org.bouncycastle.asn1.x509.KeyUsage;
import org.bouncycastle.asn1.x509.PolicyInformation;
import org.bouncycastle.asn1.x509.SubjectPublicKeyInfo;
import org.bouncycastle.cert.X509v3CertificateBuilder;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.openssl.jcajce.JcaPEMWriter;
import org.bouncycastle.operator.OperatorCreationException;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;
import org.bouncycastle.util.io.pem.PemObject;
import org.bouncycastle.util.io.pem.PemWriter;

/**
 * Mints test CAs and certificates with Bouncy Castle, at fixed times around {@link #NOW}
 * (every test uses {@link #CLOCK}). Keys are generated once per JVM and reused: RSA key
 * generation is the slow part of these tests.
 */
final class TestPki {

    static final Instant NOW = Instant.parse("2026-11-27T10:00:00Z");
    static final Clock CLOCK = Clock.fixed(NOW, ZoneOffset.UTC);

    private static final SecureRandom RANDOM = new SecureRandom();
    private static final Map<String, KeyPair> KEYS = new HashMap<>();
    private static long serial = 1000;

    private TestPki() {
    }

    /** A key pair by name, generated on first use: "rsa2048-a", "ec256-ca", "rsa1024" ... */
    static synchronized KeyPair key(String name) {
        return KEYS.computeIfAbsent(name, TestPki::generate);
    }

    private static KeyPair generate(String name) {
        try {
            if (name.startsWith("rsa")) {
                KeyPairGenerator g = KeyPairGenerator.getInstance("RSA");
                g.initialize(Integer.parseInt(name.substring(3, name.indexOf('-') < 0 ? name.length()
                        : name.indexOf('-'))), RANDOM);
                return g.generateKeyPair();
            }
            if (name.startsWith("ec")) {
                String bits = name.substring(2, name.indexOf('-') < 0 ? name.length() : name.indexOf('-'));
                KeyPairGenerator g = KeyPairGenerator.getInstance("EC");
                g.initialize(new ECGenParameterSpec("secp" + bits + "r1"), RANDOM);
                return g.generateKeyPair();
            }
            if (name.startsWith("ed25519")) {
                return KeyPairGenerator.getInstance("Ed25519").generateKeyPair();
            }
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
        throw new IllegalArgumentException(name);
    }

    /**
     * A name written in DER order, as strongSwan prints DNs ("C=XX, O=Example, CN=x"); the
     * JDK's X500Principal(String) reads RFC 2253 strings the other way round.
     */
    static X500Principal name(String derOrder) {
        try {
            return new X500Principal(new X500Name(derOrder).getEncoded());
        } catch (IOException e) {
            throw new IllegalArgumentException(e);
        }
    }

    static CertBuilder cert(String subject) {
        return new CertBuilder(subject);
    }

    /** A self-signed CA, valid from a year before {@link #NOW} for ten years. */
    static Issued rootCa(String subject, String keyName) {
        return cert(subject).key(keyName).ca(-1).selfSigned();
    }

    /** A certificate with its key. */
    record Issued(X509Certificate certificate, KeyPair keyPair) {
        PrivateKey privateKey() {
            return keyPair.getPrivate();
        }

        byte[] der() {
            return PeerCertificateValidatorTest.der(certificate);
        }

        EncodedCertificate payload() {
            return EncodedCertificate.x509(der());
        }
    }

    static final class CertBuilder {
        private final String subject;
        private String keyName = "ec256-ee";
        private Instant notBefore = NOW.minus(Duration.ofDays(30));
        private Instant notAfter = NOW.plus(Duration.ofDays(365));
        private Integer caPathLen;
        private boolean ca;
        private Integer keyUsage = KeyUsage.digitalSignature;
        private boolean noKeyUsage;
        private KeyPurposeId[] eku;
        private boolean ekuCritical;
        private final List<GeneralName> altNames = new ArrayList<>();
        private boolean criticalPolicies;
        private String signatureAlgorithm;

        private CertBuilder(String subject) {
            this.subject = subject;
        }

        CertBuilder key(String name) {
            this.keyName = name;
            return this;
        }

        CertBuilder validity(Instant from, Instant to) {
            this.notBefore = from;
            this.notAfter = to;
            return this;
        }

        /** A CA; {@code pathLen < 0} for no pathLenConstraint. */
        CertBuilder ca(int pathLen) {
            this.ca = true;
            this.caPathLen = pathLen < 0 ? null : pathLen;
            this.keyUsage = KeyUsage.keyCertSign | KeyUsage.cRLSign;
            return this;
        }

        CertBuilder keyUsage(int bits) {
            this.keyUsage = bits;
            return this;
        }

        CertBuilder noKeyUsage() {
            this.noKeyUsage = true;
            return this;
        }

        CertBuilder eku(boolean critical, KeyPurposeId... purposes) {
            this.eku = purposes;
            this.ekuCritical = critical;
            return this;
        }

        CertBuilder dns(String name) {
            altNames.add(new GeneralName(GeneralName.dNSName, name));
            return this;
        }

        CertBuilder email(String name) {
            altNames.add(new GeneralName(GeneralName.rfc822Name, name));
            return this;
        }

        CertBuilder ip(String address) {
            try {
                altNames.add(new GeneralName(GeneralName.iPAddress,
                        new DEROctetString(InetAddress.getByName(address).getAddress())));
            } catch (IOException e) {
                throw new IllegalArgumentException(e);
            }
            return this;
        }

        CertBuilder criticalPolicies() {
            this.criticalPolicies = true;
            return this;
        }

        CertBuilder signatureAlgorithm(String name) {
            this.signatureAlgorithm = name;
            return this;
        }

        Issued selfSigned() {
            KeyPair pair = TestPki.key(keyName);
            return build(pair, name(subject), pair.getPrivate());
        }

        Issued issuedBy(Issued issuer) {
            return build(TestPki.key(keyName), issuer.certificate().getSubjectX500Principal(), issuer.privateKey());
        }

        /** Signed by {@code signingKey} while naming {@code issuer}: an impostor CA of the same name. */
        Issued issuedBy(X500Principal issuer, PrivateKey signingKey) {
            return build(TestPki.key(keyName), issuer, signingKey);
        }

        private Issued build(KeyPair pair, X500Principal issuer, PrivateKey signingKey) {
            try {
                X509v3CertificateBuilder b = new JcaX509v3CertificateBuilder(issuer, nextSerial(),
                        Date.from(notBefore), Date.from(notAfter), name(subject), pair.getPublic());
                b.addExtension(Extension.basicConstraints, true,
                        ca ? (caPathLen == null ? new BasicConstraints(true) : new BasicConstraints(caPathLen))
                                : new BasicConstraints(false));
                if (!noKeyUsage) {
                    b.addExtension(Extension.keyUsage, true, new KeyUsage(keyUsage));
                }
                if (eku != null) {
                    b.addExtension(Extension.extendedKeyUsage, ekuCritical, new ExtendedKeyUsage(eku));
                }
                if (!altNames.isEmpty()) {
                    // RFC 5280 section 4.2.1.6: critical when the subject is empty
                    b.addExtension(Extension.subjectAlternativeName, subject.isEmpty(),
                            new GeneralNames(altNames.toArray(GeneralName[]::new)));
                }
                if (criticalPolicies) {
                    b.addExtension(Extension.certificatePolicies, true, new DERSequence(
                            new PolicyInformation(new ASN1ObjectIdentifier("1.3.6.1.4.1.99999.1"))));
                }
                String alg = signatureAlgorithm != null ? signatureAlgorithm
                        : signingKey.getAlgorithm().equals("RSA") ? "SHA256withRSA" : "SHA256withECDSA";
                byte[] der = b.build(new JcaContentSignerBuilder(alg).build(signingKey)).getEncoded();
                X509Certificate cert = (X509Certificate) CertificateFactory.getInstance("X.509")
                        .generateCertificate(new ByteArrayInputStream(der));
                return new Issued(cert, pair);
            } catch (IOException | GeneralSecurityException | OperatorCreationException e) {
                throw new IllegalStateException(e);
            }
        }
    }

    private static synchronized BigInteger nextSerial() {
        return BigInteger.valueOf(++serial);
    }

    /**
     * An EC key as "openssl ecparam -name prime256v1 -genkey" writes it: an EC PARAMETERS
     * block, then SEC 1 (RFC 5915) EC PRIVATE KEY with the curve and the public key.
     */
    static String sec1Pem(KeyPair pair) {
        try {
            java.security.interfaces.ECPrivateKey key = (java.security.interfaces.ECPrivateKey) pair.getPrivate();
            SubjectPublicKeyInfo spki = SubjectPublicKeyInfo.getInstance(pair.getPublic().getEncoded());
            ASN1Encodable curve = spki.getAlgorithm().getParameters();
            byte[] sec1 = new org.bouncycastle.asn1.sec.ECPrivateKey(key.getParams().getOrder().bitLength(),
                    key.getS(), spki.getPublicKeyData(), curve).getEncoded();
            StringWriter out = new StringWriter();
            try (PemWriter writer = new PemWriter(out)) {
                writer.writeObject(new PemObject("EC PARAMETERS", curve.toASN1Primitive().getEncoded()));
                writer.writeObject(new PemObject("EC PRIVATE KEY", sec1));
            }
            return out.toString();
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    /** PEM of certificates or keys (RSA keys in their "traditional" PKCS#1 form). */
    static String pem(Object... objects) {
        StringWriter out = new StringWriter();
        try (JcaPEMWriter writer = new JcaPEMWriter(out)) {
            for (Object o : objects) {
                writer.writeObject(o);
            }
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
        return out.toString();
    }
}
