package io.gatewise.agent.ike.auth;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.StringReader;
import java.security.PrivateKey;
import java.security.cert.CertificateException;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.List;
import org.bouncycastle.asn1.ASN1ObjectIdentifier;
import org.bouncycastle.asn1.pkcs.PrivateKeyInfo;
import org.bouncycastle.cert.X509CertificateHolder;
import org.bouncycastle.openssl.PEMEncryptedKeyPair;
import org.bouncycastle.openssl.PEMKeyPair;
import org.bouncycastle.openssl.PEMParser;
import org.bouncycastle.openssl.jcajce.JcaPEMKeyConverter;
import org.bouncycastle.pkcs.PKCS8EncryptedPrivateKeyInfo;

/**
 * Reads certificates and private keys from PEM text with Bouncy Castle's PEMParser.
 * Messages name the source ("certificate file /etc/gatewise/gw.pem") but never echo
 * its content.
 */
final class Pem {

    private Pem() {
    }

    /** Every {@code CERTIFICATE} block, in order; other blocks are refused. */
    static List<X509Certificate> certificates(String pem, String source) throws CredentialException {
        List<X509Certificate> out = new ArrayList<>();
        for (Object object : objects(pem, source)) {
            if (!(object instanceof X509CertificateHolder holder)) {
                throw new CredentialException(source + " contains a " + kind(object) + " where certificates were expected");
            }
            try {
                out.add((X509Certificate) CertificateFactory.getInstance("X.509")
                        .generateCertificate(new ByteArrayInputStream(holder.getEncoded())));
            } catch (CertificateException | IOException e) {
                throw new CredentialException(source + " contains a certificate that cannot be decoded");
            }
        }
        return out;
    }

    /**
     * The one private key of a PEM text: PKCS#8 ({@code PRIVATE KEY}), PKCS#1
     * ({@code RSA PRIVATE KEY}) or SEC 1 ({@code EC PRIVATE KEY}, optionally after
     * {@code EC PARAMETERS}). Encrypted keys are refused.
     */
    static PrivateKey privateKey(String pem, String source) throws CredentialException {
        PrivateKey key = null;
        JcaPEMKeyConverter converter = new JcaPEMKeyConverter();
        for (Object object : objects(pem, source)) {
            PrivateKey found;
            try {
                if (object instanceof PEMKeyPair pair) {
                    found = converter.getPrivateKey(pair.getPrivateKeyInfo());
                } else if (object instanceof PrivateKeyInfo info) {
                    found = converter.getPrivateKey(info);
                } else if (object instanceof ASN1ObjectIdentifier) {
                    continue; // EC PARAMETERS written by "openssl ecparam -genkey"
                } else if (object instanceof PEMEncryptedKeyPair || object instanceof PKCS8EncryptedPrivateKeyInfo) {
                    throw new CredentialException(source + " holds an encrypted private key; give the agent an"
                            + " unencrypted PKCS#8 or PKCS#1 key and protect the file instead (mode 0600)");
                } else {
                    throw new CredentialException(source + " contains a " + kind(object)
                            + " where a private key was expected");
                }
            } catch (IOException e) {
                throw new CredentialException(source + " holds a private key that cannot be decoded");
            }
            if (key != null) {
                throw new CredentialException(source + " holds more than one private key");
            }
            key = found;
        }
        if (key == null) {
            throw new CredentialException(source + " holds no private key");
        }
        return key;
    }

    private static List<Object> objects(String pem, String source) throws CredentialException {
        List<Object> out = new ArrayList<>();
        try (PEMParser parser = new PEMParser(new StringReader(pem))) {
            Object object;
            while ((object = parser.readObject()) != null) {
                out.add(object);
            }
        } catch (IOException | RuntimeException e) {
            throw new CredentialException(source + " is not valid PEM");
        }
        return out;
    }

    private static String kind(Object object) {
        return object.getClass().getSimpleName();
    }
}
