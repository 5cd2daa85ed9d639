package io.gatewise.server.topology.compiler;

import java.net.Inet6Address;
import java.net.InetAddress;
import java.util.Objects;
import java.util.Optional;

import io.gatewise.server.system.InetSyntax;

/**
 * An IKE identity: ID payload type and value (RFC 2407 section 4.6.2.1).
 *
 * @param value text form: "192.0.2.1", "branch-7.example.net", "CN=branch-7,O=Gatewise"
 */
public record Identity(Type type, String value) {
    public enum Type { IPV4_ADDR, IPV6_ADDR, FQDN, USER_FQDN, DER_ASN1_DN }

    public Identity {
        Objects.requireNonNull(type, "type");
        Objects.requireNonNull(value, "value");
    }

    /**
     * The identity an operator means by a bare string: an IP literal is an address ID,
     * "user@host" a USER_FQDN, something with '=' a distinguished name, else an FQDN.
     */
    public static Identity of(String text) {
        Optional<InetAddress> ip = InetSyntax.parseIpLiteral(text);
        if (ip.isPresent()) {
            return new Identity(ip.get() instanceof Inet6Address ? Type.IPV6_ADDR : Type.IPV4_ADDR, text);
        }
        if (text.contains("=")) {
            return new Identity(Type.DER_ASN1_DN, text);
        }
        return new Identity(text.contains("@") ? Type.USER_FQDN : Type.FQDN, text);
    }

    @Override
    public String toString() {
        return type + ":" + value;
    }
}
