package io.gatewise.agent.ike.config;

import java.net.Inet4Address;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.charset.StandardCharsets;
import java.util.Objects;

import io.gatewise.agent.ike.codec.Bytes;
import io.gatewise.agent.ike.codec.IdType;
import io.gatewise.agent.ike.codec.IdentificationPayload;

/**
 * A phase 1 identity (RFC 2407 section 4.6.2): what we send as IDii/IDir, and what we
 * require of the peer. {@link #ANY} accepts every identity (the pre-shared key, chosen by
 * the peer's address in Main Mode, still authenticates).
 */
public record Identity(IdType type, Bytes data) {
    /** Matches any identity; never sent. */
    public static final Identity ANY = new Identity(IdType.KEY_ID, Bytes.EMPTY);

    public Identity {
        Objects.requireNonNull(type, "type");
        Objects.requireNonNull(data, "data");
    }

    public static Identity address(InetAddress a) {
        return new Identity(a instanceof Inet4Address ? IdType.IPV4_ADDR : IdType.IPV6_ADDR, Bytes.of(a.getAddress()));
    }

    public static Identity fqdn(String name) {
        return new Identity(IdType.FQDN, Bytes.of(name.getBytes(StandardCharsets.US_ASCII)));
    }

    /** ID_DER_ASN1_DN of a distinguished name, e.g. our certificate's subject (RFC 4945 section 3.1.5). */
    public static Identity distinguishedName(javax.security.auth.x500.X500Principal name) {
        return new Identity(IdType.DER_ASN1_DN, Bytes.of(name.getEncoded()));
    }

    public static Identity userFqdn(String name) {
        return new Identity(IdType.USER_FQDN, Bytes.of(name.getBytes(StandardCharsets.US_ASCII)));
    }

    /** Parses "192.0.2.1", "fqdn:host.example", "host.example", "user@host.example". */
    public static Identity parse(String text) {
        String t = text.strip();
        if (t.equals("%any") || t.equals("any")) {
            return ANY;
        }
        if (t.startsWith("fqdn:")) {
            return fqdn(t.substring(5));
        }
        if (t.startsWith("email:") || t.startsWith("userfqdn:")) {
            return userFqdn(t.substring(t.indexOf(':') + 1));
        }
        if (t.matches("[0-9.]+") || t.contains(":")) {
            try {
                return address(InetAddress.getByName(t));
            } catch (UnknownHostException e) {
                throw new IllegalArgumentException("bad address identity " + t, e);
            }
        }
        return t.contains("@") ? userFqdn(t) : fqdn(t);
    }

    public boolean isAny() {
        return this == ANY || (type == IdType.KEY_ID && data.isEmpty());
    }

    /**
     * Whether a received identity satisfies this requirement. Distinguished names compare
     * by value (RFC 5280 section 7.1: the same name may arrive as PrintableString or
     * UTF8String, e.g. "CN=x" typed in a config vs. the subject of a certificate).
     */
    public boolean matches(Identity received) {
        return isAny() || equals(received) || (type == IdType.DER_ASN1_DN && received.type == IdType.DER_ASN1_DN
                && sameName(data, received.data));
    }

    private static boolean sameName(Bytes a, Bytes b) {
        try {
            return new javax.security.auth.x500.X500Principal(a.toByteArray())
                    .equals(new javax.security.auth.x500.X500Principal(b.toByteArray()));
        } catch (IllegalArgumentException e) {
            return false;
        }
    }

    /** Phase 1 ID payload: protocol and port zero (RFC 2407 section 4.6.2). */
    public IdentificationPayload toPayload() {
        if (isAny()) {
            throw new IllegalStateException("%any is not an identity to send");
        }
        return new IdentificationPayload(type, 0, 0, data);
    }

    public static Identity of(IdentificationPayload id) {
        return new Identity(id.idType(), id.data());
    }

    private String dn() {
        try {
            return new javax.security.auth.x500.X500Principal(data.toByteArray()).getName();
        } catch (IllegalArgumentException e) {
            return "DER_ASN1_DN:" + data;
        }
    }

    @Override
    public String toString() {
        if (isAny()) {
            return "%any";
        }
        return switch (type) {
            case FQDN, USER_FQDN -> new String(data.toByteArray(), StandardCharsets.US_ASCII);
            case IPV4_ADDR, IPV6_ADDR -> new IdentificationPayload(type, 0, 0, data).firstAddress().getHostAddress();
            case DER_ASN1_DN -> dn();
            default -> type + ":" + data;
        };
    }
}
