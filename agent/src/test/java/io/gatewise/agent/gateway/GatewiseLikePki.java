package io.gatewise.agent.gateway;

import java.io.IOException;
import java.io.StringWriter;
import java.math.BigInteger;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.spec.ECGenParameterSpec;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x500.X500NameBuilder;
import org.bouncycastle.asn1.x500.style.BCStyle;
import org.bouncycastle.asn1.x509.BasicConstraints;
import org.bouncycastle.asn1.x509.ExtendedKeyUsage;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.KeyPurposeId;
import org.bouncycastle.asn1.x509.KeyUsage;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.openssl.jcajce.JcaPEMWriter;
import org.bouncycastle.operator.OperatorCreationException;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;

/**
 * Certificates shaped like the Gatewise CA's (server {@code CertificateAuthority}): an EC
 * P-256 CA and agent certificates with subject {@code CN=<gateway id>} built by
 * BouncyCastle's X500NameBuilder (UTF8String), EKU clientAuth, no subjectAltName; written
 * as the files enrollment leaves in the state directory.
 */
public final class GatewiseLikePki {
    private static final Instant NOW = Instant.now();

    /** The three PEM files of one agent. */
    public record Files3(Path certificate, Path privateKey, Path ca) {
    }

    private final KeyPair caKey = ec();
    private final X500Name caName = new X500NameBuilder(BCStyle.INSTANCE).addRDN(BCStyle.O, "Gatewise")
            .addRDN(BCStyle.CN, "Gatewise Test CA").build();
    private final java.security.cert.X509Certificate ca;
    private long serial = 1;

    public GatewiseLikePki() throws Exception {
        JcaX509v3CertificateBuilder b = new JcaX509v3CertificateBuilder(caName, BigInteger.valueOf(serial++),
                Date.from(NOW.minus(Duration.ofDays(1))), Date.from(NOW.plus(Duration.ofDays(365))), caName,
                caKey.getPublic());
        b.addExtension(Extension.basicConstraints, true, new BasicConstraints(true));
        b.addExtension(Extension.keyUsage, true, new KeyUsage(KeyUsage.keyCertSign | KeyUsage.cRLSign));
        ca = sign(b);
    }

    /** Writes agent.crt, agent.key and ca.crt for gateway {@code gatewayId} into {@code dir}. */
    public Files3 agent(String gatewayId, Path dir) throws Exception {
        KeyPair key = ec();
        X500Name subject = new X500NameBuilder(BCStyle.INSTANCE).addRDN(BCStyle.CN, gatewayId).build();
        JcaX509v3CertificateBuilder b = new JcaX509v3CertificateBuilder(caName, BigInteger.valueOf(serial++),
                Date.from(NOW.minus(Duration.ofMinutes(5))), Date.from(NOW.plus(Duration.ofDays(30))), subject,
                key.getPublic());
        b.addExtension(Extension.extendedKeyUsage, false, new ExtendedKeyUsage(KeyPurposeId.id_kp_clientAuth));
        b.addExtension(Extension.keyUsage, true, new KeyUsage(KeyUsage.digitalSignature));
        java.security.cert.X509Certificate cert = sign(b);
        Files.createDirectories(dir);
        Files3 f = new Files3(dir.resolve("agent.crt"), dir.resolve("agent.key"), dir.resolve("ca.crt"));
        Files.writeString(f.certificate(), pem(cert));
        Files.writeString(f.privateKey(), pem(new org.bouncycastle.openssl.jcajce.JcaPKCS8Generator(
                key.getPrivate(), null).generate()));
        Files.writeString(f.ca(), pem(ca));
        return f;
    }

    private java.security.cert.X509Certificate sign(JcaX509v3CertificateBuilder b)
            throws OperatorCreationException, GeneralSecurityException {
        return new JcaX509CertificateConverter().getCertificate(
                b.build(new JcaContentSignerBuilder("SHA256withECDSA").build(caKey.getPrivate())));
    }

    private static KeyPair ec() {
        try {
            KeyPairGenerator g = KeyPairGenerator.getInstance("EC");
            g.initialize(new ECGenParameterSpec("secp256r1"));
            return g.generateKeyPair();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    private static String pem(Object o) throws IOException {
        StringWriter out = new StringWriter();
        try (JcaPEMWriter w = new JcaPEMWriter(out)) {
            w.writeObject(o);
        }
        return out.toString();
    }
}
