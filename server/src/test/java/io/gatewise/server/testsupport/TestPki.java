package io.gatewise.server.testsupport;

import java.io.StringWriter;
import java.math.BigInteger;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.PrivateKey;
import java.security.cert.X509Certificate;
import java.security.spec.ECGenParameterSpec;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Date;

import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x509.BasicConstraints;
import org.bouncycastle.asn1.x509.ExtendedKeyUsage;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.KeyPurposeId;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.openssl.jcajce.JcaPEMWriter;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;
import org.bouncycastle.pkcs.jcajce.JcaPKCS10CertificationRequestBuilder;

/** Key pairs, CSRs and a foreign CA for tests, made with BouncyCastle like an agent would. */
public final class TestPki {
    private TestPki() {
    }

    public static KeyPair ec(String curve) {
        try {
            KeyPairGenerator generator = KeyPairGenerator.getInstance("EC");
            generator.initialize(new ECGenParameterSpec(curve));
            return generator.generateKeyPair();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    public static KeyPair ecP256() {
        return ec("secp256r1");
    }

    public static KeyPair ed25519() {
        try {
            return KeyPairGenerator.getInstance("Ed25519").generateKeyPair();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    public static KeyPair rsa(int bits) {
        try {
            KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
            generator.initialize(bits);
            return generator.generateKeyPair();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    /** A PKCS#10 CSR in PEM, signed with the key pair's private key. */
    public static String csrPem(KeyPair keys, String subject) {
        try {
            String algorithm = switch (keys.getPrivate().getAlgorithm()) {
                case "RSA" -> "SHA256withRSA";
                case "EdDSA", "Ed25519" -> "Ed25519";
                default -> "SHA256withECDSA";
            };
            var csr = new JcaPKCS10CertificationRequestBuilder(new X500Name(subject), keys.getPublic())
                    .build(new JcaContentSignerBuilder(algorithm).build(keys.getPrivate()));
            return pem(csr);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    public static String pem(Object object) {
        StringWriter out = new StringWriter();
        try (JcaPEMWriter writer = new JcaPEMWriter(out)) {
            writer.writeObject(object);
        } catch (java.io.IOException e) {
            throw new IllegalStateException(e);
        }
        return out.toString();
    }

    /** A self-signed CA that is not the Gatewise CA, and a client certificate from it. */
    public record ForeignIdentity(X509Certificate ca, X509Certificate certificate, PrivateKey key) {
    }

    /** A client certificate naming {@code cn} but issued by some other CA. */
    public static ForeignIdentity foreignClient(String cn) {
        try {
            KeyPair caKeys = ecP256();
            KeyPair clientKeys = ecP256();
            Instant now = Instant.now().truncatedTo(ChronoUnit.SECONDS);
            X500Name caName = new X500Name("CN=Not the Gatewise CA");
            var caBuilder = new JcaX509v3CertificateBuilder(caName, BigInteger.valueOf(7), Date.from(now.minusSeconds(60)),
                    Date.from(now.plusSeconds(3600)), caName, caKeys.getPublic());
            caBuilder.addExtension(Extension.basicConstraints, true, new BasicConstraints(true));
            X509Certificate ca = new JcaX509CertificateConverter().getCertificate(
                    caBuilder.build(new JcaContentSignerBuilder("SHA256withECDSA").build(caKeys.getPrivate())));
            var builder = new JcaX509v3CertificateBuilder(caName, BigInteger.valueOf(8), Date.from(now.minusSeconds(60)),
                    Date.from(now.plusSeconds(3600)), new X500Name("CN=" + cn), clientKeys.getPublic());
            builder.addExtension(Extension.extendedKeyUsage, false, new ExtendedKeyUsage(KeyPurposeId.id_kp_clientAuth));
            X509Certificate certificate = new JcaX509CertificateConverter().getCertificate(
                    builder.build(new JcaContentSignerBuilder("SHA256withECDSA").build(caKeys.getPrivate())));
            return new ForeignIdentity(ca, certificate, clientKeys.getPrivate());
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }
}
