package io.gatewise.agent.ike.auth;

import java.util.Objects;

/**
 * Why a peer did not authenticate: what kind of failure, the notify type to send, and a
 * reason in plain words naming the certificate or identity concerned, e.g.
 * "peer certificate CN=branch-7 expired 2026-10-01 (not after 2026-10-01T12:00:00Z)".
 * The reason contains no secrets and escapes control characters from the peer, so it can
 * go into a log line and an audit event as is.
 */
public record AuthFailure(Kind kind, String reason) {

    /** What went wrong, each with the notify type RFC 2408 assigns to it. */
    public enum Kind {
        /** No CERT payload with an X.509 certificate. */
        NO_CERTIFICATE(AuthNotify.CERTIFICATE_UNAVAILABLE),
        /** Only CERT payloads of other encodings (PGP, Kerberos, ...). */
        UNSUPPORTED_CERTIFICATE_TYPE(AuthNotify.CERT_TYPE_UNSUPPORTED),
        /** Not a parsable DER X.509 certificate, or too large / too many. */
        MALFORMED_CERTIFICATE(AuthNotify.INVALID_CERT_ENCODING),
        EXPIRED(AuthNotify.INVALID_CERTIFICATE),
        NOT_YET_VALID(AuthNotify.INVALID_CERTIFICATE),
        /** The chain ends at an issuer that is not one of our trust anchors. */
        UNTRUSTED_ISSUER(AuthNotify.INVALID_CERT_AUTHORITY),
        /** A certificate's signature does not verify with its issuer's key. */
        BAD_CERTIFICATE_SIGNATURE(AuthNotify.INVALID_CERTIFICATE),
        /** An issuing certificate is not a CA, or a path length constraint is exceeded. */
        NOT_A_CA(AuthNotify.INVALID_CERTIFICATE),
        /** keyUsage / extendedKeyUsage forbid IKE use (RFC 4945 section 5.1.3). */
        KEY_USAGE(AuthNotify.INVALID_CERTIFICATE),
        /** An RSA key below the configured minimum, a weak signature algorithm. */
        WEAK_CRYPTO(AuthNotify.INVALID_CERTIFICATE),
        /** A critical extension we do not process (RFC 5280 section 4.2). */
        UNSUPPORTED_CRITICAL_EXTENSION(AuthNotify.INVALID_CERTIFICATE),
        /** The peer's ID payload is not in its certificate. */
        IDENTITY_MISMATCH(AuthNotify.INVALID_ID_INFORMATION),
        /** The ID type cannot be checked against a certificate (subnets, ranges, KEY_ID ...). */
        UNSUPPORTED_IDENTITY_TYPE(AuthNotify.INVALID_ID_INFORMATION),
        /** The negotiated authentication method does not fit the certificate's key. */
        KEY_TYPE_MISMATCH(AuthNotify.AUTHENTICATION_FAILED),
        /** The SIG payload does not verify over HASH_I / HASH_R. */
        BAD_SIGNATURE(AuthNotify.INVALID_SIGNATURE);

        private final AuthNotify notify;

        Kind(AuthNotify notify) {
            this.notify = notify;
        }

        /** The notify message type RFC 2408 assigns to this failure. */
        public AuthNotify notification() {
            return notify;
        }
    }

    public AuthFailure {
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(reason, "reason");
    }

    /** The notify message type the exchange should send for this failure. */
    public AuthNotify notification() {
        return kind.notification();
    }

    /** The Notify Message Type value, e.g. 22 for INVALID-CERT-AUTHORITY. */
    public int notifyType() {
        return kind.notification().value();
    }

    /** The RFC 2408 name of the notify type. */
    public String notifyName() {
        return kind.notification().rfcName();
    }

    @Override
    public String toString() {
        return reason + " [" + notifyName() + "]";
    }
}
