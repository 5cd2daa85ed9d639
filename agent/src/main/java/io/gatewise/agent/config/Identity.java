package io.gatewise.agent.config;

import java.util.Objects;

/**
 * An IKE identity: what a gateway says it is in the Phase 1 ID payload, and what it
 * expects the peer to say.
 *
 * @param type  the ISAKMP identification type (RFC 2407 section 4.6.2.1)
 * @param value the identity in text form: {@code 192.0.2.1}, {@code branch-7.example.net},
 *              {@code ops@example.net}, {@code 2001:db8::1}, {@code CN=branch-7,O=Gatewise}
 */
public record Identity(Type type, String value) {

    /** ISAKMP identification types in use (RFC 2407 section 4.6.2.1, the values in parentheses). */
    public enum Type {
        /** ID_IPV4_ADDR (1). */
        IPV4_ADDR,
        /** ID_FQDN (2). */
        FQDN,
        /** ID_USER_FQDN (3), an e-mail-like name. */
        USER_FQDN,
        /** ID_IPV6_ADDR (5). */
        IPV6_ADDR,
        /** ID_DER_ASN1_DN (9), an X.500 distinguished name. */
        DER_ASN1_DN
    }

    public Identity {
        Objects.requireNonNull(type, "type");
        Objects.requireNonNull(value, "value");
    }

    @Override
    public String toString() {
        return type + ":" + value;
    }
}
