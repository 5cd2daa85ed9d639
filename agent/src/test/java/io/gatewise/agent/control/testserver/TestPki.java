package io.gatewise.agent.control.testserver;

import java.math.BigInteger;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.cert.X509Certificate;
import java.security.spec.ECGenParameterSpec;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.concurrent.atomic.AtomicLong;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x509.BasicConstraints;
import org.bouncycastle.asn1.x509.ExtendedKeyUsage;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.GeneralNames;
import org.bouncycastle.asn1.x509.KeyPurposeId;
import org.bouncycastle.asn1.x509.KeyUsage;
import org.bouncycastle.cert.X509v3CertificateBuilder;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;

/** A throw-away CA made with BouncyCastle, like the server's internal CA. */
public final class TestPki {
    private static final AtomicLong SERIAL = new AtomicLong(System.currentTimeMillis());

    private final KeyPair caKeys;
    private final X509Certificate caCertificate;

    public TestPki(String name) throws GeneralSecurityException {
        caKeys = newKeyPair();
        try {
            X500Name subject = new X500Name("CN=" + name + ",O=Gatewise test");
            X509v3CertificateBuilder b = new JcaX509v3CertificateBuilder(subject, serial(), notBefore(), notAfter(),
                    subject, caKeys.getPublic())
                    .addExtension(Extension.basicConstraints, true, new BasicConstraints(0))
                    .addExtension(Extension.keyUsage, true, new KeyUsage(KeyUsage.keyCertSign | KeyUsage.cRLSign));
            caCertificate = sign(b);
        } catch (Exception e) {
            throw new GeneralSecurityException(e);
        }
    }

    public static KeyPair newKeyPair() throws GeneralSecurityException {
        KeyPairGenerator g = KeyPairGenerator.getInstance("EC");
        g.initialize(new ECGenParameterSpec("secp256r1"));
        return g.generateKeyPair();
    }

    public X509Certificate caCertificate() {
        return caCertificate;
    }

    /** A TLS server certificate for localhost / 127.0.0.1. */
    public X509Certificate serverCertificate(PublicKey key) throws GeneralSecurityException {
        try {
            X509v3CertificateBuilder b = new JcaX509v3CertificateBuilder(caCertificate, serial(), notBefore(), notAfter(),
                    new X500Name("CN=gatewise-server"), key)
                    .addExtension(Extension.subjectAlternativeName, false, new GeneralNames(new GeneralName[] {
                            new GeneralName(GeneralName.dNSName, "localhost"),
                            new GeneralName(GeneralName.iPAddress, "127.0.0.1")}))
                    .addExtension(Extension.extendedKeyUsage, false, new ExtendedKeyUsage(KeyPurposeId.id_kp_serverAuth));
            return sign(b);
        } catch (Exception e) {
            throw new GeneralSecurityException(e);
        }
    }

    /** A client certificate with subject CN=cn, as the server issues to agents. */
    public X509Certificate clientCertificate(String cn, PublicKey key) throws GeneralSecurityException {
        try {
            X509v3CertificateBuilder b = new JcaX509v3CertificateBuilder(caCertificate, serial(), notBefore(), notAfter(),
                    new X500Name("CN=" + cn), key)
                    .addExtension(Extension.basicConstraints, true, new BasicConstraints(false))
                    .addExtension(Extension.extendedKeyUsage, false, new ExtendedKeyUsage(KeyPurposeId.id_kp_clientAuth));
            return sign(b);
        } catch (Exception e) {
            throw new GeneralSecurityException(e);
        }
    }

    public PrivateKey caKey() {
        return caKeys.getPrivate();
    }

    private X509Certificate sign(X509v3CertificateBuilder b) throws Exception {
        return new JcaX509CertificateConverter().getCertificate(
                b.build(new JcaContentSignerBuilder("SHA256withECDSA").build(caKeys.getPrivate())));
    }

    private static BigInteger serial() {
        return BigInteger.valueOf(SERIAL.incrementAndGet());
    }

    private static Date notBefore() {
        return Date.from(Instant.now().minus(Duration.ofMinutes(5)));
    }

    private static Date notAfter() {
        return Date.from(Instant.now().plus(Duration.ofDays(365)));
    }
}
