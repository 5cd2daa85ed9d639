package io.gatewise.agent.config;

import java.util.Objects;
import java.util.Optional;

/**
 * How a tunnel authenticates in Phase 1.
 *
 * @param method        the authentication method
 * @param preSharedKey  the key, present exactly when {@code method} is {@link Method#PSK}
 * @param trustedCaPem  with signature methods: PEM CA certificate(s) the peer's certificate
 *                      must chain to; empty means the Gatewise CA from enrollment
 * @param files         standalone mode: certificate, key and CA files instead of the
 *                      enrolled ones ({@link CertificateFiles#NONE} otherwise)
 */
public record Authentication(Method method, Optional<PreSharedKey> preSharedKey, String trustedCaPem,
                             CertificateFiles files) {

    /** Phase 1 authentication methods (RFC 2409 section 5, attribute class 3). */
    public enum Method {
        /** Pre-shared key. */
        PSK,
        /** RSA signatures with certificates. */
        RSA_SIGNATURE,
        /** ECDSA signatures with certificates (RFC 4754). */
        ECDSA_SIGNATURE
    }

    public Authentication {
        Objects.requireNonNull(method, "method");
        Objects.requireNonNull(preSharedKey, "preSharedKey");
        Objects.requireNonNull(trustedCaPem, "trustedCaPem");
        Objects.requireNonNull(files, "files");
    }

    /** Without certificate files: the enrolled certificate, key and CA. */
    public Authentication(Method method, Optional<PreSharedKey> preSharedKey, String trustedCaPem) {
        this(method, preSharedKey, trustedCaPem, CertificateFiles.NONE);
    }

    /** True for the signature methods (certificates). */
    public boolean usesCertificates() {
        return method != Method.PSK;
    }

    public static Authentication psk(String key) {
        return new Authentication(Method.PSK, Optional.of(PreSharedKey.of(key)), "");
    }

    @Override
    public String toString() {
        // The record's generated toString would be fine (PreSharedKey redacts itself), but
        // spell it out so that a later field can never leak by accident.
        return "Authentication[method=" + method + ", preSharedKey=" + (preSharedKey.isPresent() ? "<set>" : "<none>")
                + ", trustedCa=" + (trustedCaPem.isEmpty() ? "<gatewise>" : "<pem>")
                + (files.isNone() ? "" : ", files=" + files) + "]";
    }
}
