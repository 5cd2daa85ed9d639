package io.gatewise.server.pki;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.security.cert.CertificateException;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;

import org.bouncycastle.openssl.jcajce.JcaPEMWriter;

/** PEM text for certificates (RFC 7468). */
public final class Pem {
    private Pem() {
    }

    public static String encode(X509Certificate certificate) {
        return encodeObject(certificate);
    }

    public static String encodeAll(Collection<X509Certificate> certificates) {
        StringBuilder sb = new StringBuilder();
        certificates.forEach(c -> sb.append(encode(c)));
        return sb.toString();
    }

    static String encodeObject(Object object) {
        StringWriter out = new StringWriter();
        try (JcaPEMWriter writer = new JcaPEMWriter(out)) {
            writer.writeObject(object);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toString();
    }

    public static X509Certificate parseCertificate(String pem) {
        List<X509Certificate> all = parseCertificates(pem);
        if (all.size() != 1) {
            throw new IllegalArgumentException("expected one certificate, found " + all.size());
        }
        return all.get(0);
    }

    public static List<X509Certificate> parseCertificates(String pem) {
        try {
            CertificateFactory factory = CertificateFactory.getInstance("X.509");
            List<X509Certificate> result = new ArrayList<>();
            for (var c : factory.generateCertificates(new ByteArrayInputStream(pem.getBytes(StandardCharsets.US_ASCII)))) {
                result.add((X509Certificate) c);
            }
            return result;
        } catch (CertificateException e) {
            throw new IllegalArgumentException("not a PEM certificate: " + e.getMessage(), e);
        }
    }
}
