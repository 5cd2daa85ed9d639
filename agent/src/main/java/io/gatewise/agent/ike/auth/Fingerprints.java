package io.gatewise.agent.ike.auth;

import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.cert.CertificateEncodingException;
import java.security.cert.X509Certificate;
import java.util.HexFormat;

/**
 * Certificate fingerprints as the audit events carry them ({@code peer_certificate_sha256}
 * in {@code gatewise/v1/events.proto}): SHA-256 of the DER certificate, lowercase hex.
 */
public final class Fingerprints {

    private Fingerprints() {
    }

    /** SHA-256 of the certificate's DER encoding, 64 lowercase hex digits. */
    public static String sha256(X509Certificate certificate) {
        try {
            return sha256(certificate.getEncoded());
        } catch (CertificateEncodingException e) {
            throw new IllegalArgumentException("certificate cannot be encoded", e);
        }
    }

    /** SHA-256 of DER bytes, 64 lowercase hex digits. */
    public static String sha256(byte[] der) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(der));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("JDK lacks SHA-256", e);
        }
    }
}
