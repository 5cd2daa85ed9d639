package io.gatewise.agent.ike.codec;

import java.util.Optional;

/** Values of the phase 1 Authentication Method attribute (RFC 2409 Appendix A, RFC 4754). */
public enum AuthenticationMethod {
    PRE_SHARED_KEY(1),
    DSS_SIGNATURES(2),
    RSA_SIGNATURES(3),
    RSA_ENCRYPTION(4),
    RSA_REVISED_ENCRYPTION(5),
    ECDSA_SHA256_P256(9),
    ECDSA_SHA384_P384(10),
    ECDSA_SHA512_P521(11),
    /** draft-ietf-ipsec-isakmp-hybrid-auth / XAUTH: the initiator's PSK variant. */
    XAUTH_INIT_PSK(65001),
    XAUTH_RESP_PSK(65002),
    XAUTH_INIT_RSA(65005),
    XAUTH_RESP_RSA(65006);

    private final int value;

    AuthenticationMethod(int value) {
        this.value = value;
    }

    public int value() {
        return value;
    }

    public static Optional<AuthenticationMethod> fromValue(long value) {
        for (AuthenticationMethod m : values()) {
            if (m.value == value) {
                return Optional.of(m);
            }
        }
        return Optional.empty();
    }

    /** The short name the audit trail uses: "psk", "rsa-sig", "ecdsa-256" ... */
    public String auditName() {
        return switch (this) {
            case PRE_SHARED_KEY -> "psk";
            case RSA_SIGNATURES -> "rsa-sig";
            case DSS_SIGNATURES -> "dss-sig";
            case ECDSA_SHA256_P256 -> "ecdsa-256";
            case ECDSA_SHA384_P384 -> "ecdsa-384";
            case ECDSA_SHA512_P521 -> "ecdsa-521";
            default -> name().toLowerCase(java.util.Locale.ROOT).replace('_', '-');
        };
    }
}
