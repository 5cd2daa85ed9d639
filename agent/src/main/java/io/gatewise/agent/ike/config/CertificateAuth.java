package io.gatewise.agent.ike.config;

import java.util.Objects;

import io.gatewise.agent.ike.auth.LocalCredentials;
import io.gatewise.agent.ike.auth.PeerCertificateValidator;

/**
 * Signature authentication of a peer (RFC 2409 section 5.1): our certificate and key, and
 * the trust anchors (with the clock) the peer's certificate must chain to.
 *
 * @param credentials our certificate, chain and private key; its key type fixes the
 *                    authentication method we offer (RSA 3, ECDSA 9/10/11)
 * @param validator   the peer's certificate is validated against its trust anchors; we
 *                    send one CR payload per anchor
 * @param sendCertificate when to send our CERT payloads
 */
public record CertificateAuth(LocalCredentials credentials, PeerCertificateValidator validator,
        SendCertificate sendCertificate) {

    /** When our CERT payloads go out (strongSwan's {@code send_cert}). */
    public enum SendCertificate {
        /** In every authentication message (the default: the peer may not have our certificate). */
        ALWAYS,
        /** Only when a CR of the peer names a CA of our chain, or any CA. */
        IF_ASKED
    }

    public CertificateAuth {
        Objects.requireNonNull(credentials, "credentials");
        Objects.requireNonNull(validator, "validator");
        Objects.requireNonNull(sendCertificate, "sendCertificate");
    }

    public static CertificateAuth of(LocalCredentials credentials, PeerCertificateValidator validator) {
        return new CertificateAuth(credentials, validator, SendCertificate.ALWAYS);
    }

    /** Names the certificate and the anchors; never the key. */
    @Override
    public String toString() {
        return "CertificateAuth[" + credentials + ", " + validator.trustAnchors().size() + " trust anchor(s), send "
                + sendCertificate + "]";
    }
}
