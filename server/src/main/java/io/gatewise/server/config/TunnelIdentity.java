package io.gatewise.server.config;

import java.util.Objects;

/**
 * An IKE identity of a {@link TunnelSpec}: ID payload type and value (RFC 2407 section
 * 4.6.2.1).
 *
 * @param value text form: "192.0.2.1", "gw.example.net", "ops@example.net",
 *              "CN=0f8e...,O=Gatewise" (a distinguished name, RFC 4514 syntax)
 */
public record TunnelIdentity(Type type, String value) {
    public enum Type { IPV4_ADDR, IPV6_ADDR, FQDN, USER_FQDN, DER_ASN1_DN }

    public TunnelIdentity {
        Objects.requireNonNull(type, "type");
        Objects.requireNonNull(value, "value");
    }

    @Override
    public String toString() {
        return type + ":" + value;
    }
}
