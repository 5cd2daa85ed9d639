package io.gatewise.agent.ike.auth;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.Objects;
import javax.security.auth.x500.X500Principal;

/**
 * A Phase 1 identity: the ID payload's type and identification data (RFC 2407 section
 * 4.6.2), independent of the codec's payload class. Immutable.
 *
 * <pre>
 *   FQDN / USER_FQDN   ASCII string, no terminator           "FQDN:gw1.example.net"
 *   IPV4_ADDR / IPV6   4 / 16 address bytes                  "IPV4:192.0.2.1"
 *   DER_ASN1_DN        DER of an X.501 Name (RFC 4945 3.1.5)  "DN:CN=branch-7, O=Example"
 * </pre>
 */
public final class IkeIdentity {

    /** ID payloads are small; anything longer is refused when read from the wire. */
    public static final int MAX_DATA_LENGTH = 2048;

    private final IdentityType type;
    private final byte[] data;

    private IkeIdentity(IdentityType type, byte[] data) {
        this.type = Objects.requireNonNull(type, "type");
        this.data = data.clone();
    }

    /**
     * The identity of a received ID payload.
     *
     * @param idType the payload's ID Type value
     * @param data   the identification data (after the protocol id and port)
     * @throws IllegalArgumentException for an unknown type or data that does not fit it
     */
    public static IkeIdentity fromPayload(int idType, byte[] data) {
        IdentityType type = IdentityType.fromValue(idType)
                .orElseThrow(() -> new IllegalArgumentException("unknown ID type " + idType));
        Objects.requireNonNull(data, "data");
        if (data.length > MAX_DATA_LENGTH) {
            throw new IllegalArgumentException("identification data of " + data.length + " bytes");
        }
        switch (type) {
            case IPV4_ADDR -> requireLength(data, 4, type);
            case IPV6_ADDR -> requireLength(data, 16, type);
            case FQDN, USER_FQDN -> {
                if (data.length == 0) {
                    throw new IllegalArgumentException("empty " + type.label() + " identity");
                }
            }
            case DER_ASN1_DN -> {
                try {
                    new X500Principal(data);
                } catch (IllegalArgumentException e) {
                    throw new IllegalArgumentException("ID_DER_ASN1_DN is not a DER-encoded Name");
                }
            }
            default -> {
                // kept as bytes; the validator explains that they cannot be matched
            }
        }
        return new IkeIdentity(type, data);
    }

    public static IkeIdentity fqdn(String name) {
        return new IkeIdentity(IdentityType.FQDN, ascii(name));
    }

    public static IkeIdentity userFqdn(String email) {
        return new IkeIdentity(IdentityType.USER_FQDN, ascii(email));
    }

    /** ID_IPV4_ADDR or ID_IPV6_ADDR, by the address family. */
    public static IkeIdentity address(InetAddress address) {
        byte[] bytes = address.getAddress();
        return new IkeIdentity(bytes.length == 4 ? IdentityType.IPV4_ADDR : IdentityType.IPV6_ADDR, bytes);
    }

    /** ID_DER_ASN1_DN of a distinguished name, e.g. a certificate's subject. */
    public static IkeIdentity distinguishedName(X500Principal name) {
        return new IkeIdentity(IdentityType.DER_ASN1_DN, name.getEncoded());
    }

    public IdentityType type() {
        return type;
    }

    /** A copy of the identification data, as it goes into the ID payload. */
    public byte[] data() {
        return data.clone();
    }

    /** The data as text for FQDN and USER_FQDN (ASCII by RFC 2407; other bytes are replaced). */
    String text() {
        return new String(data, StandardCharsets.US_ASCII);
    }

    /** For IPV4_ADDR and IPV6_ADDR. */
    InetAddress inetAddress() {
        try {
            return InetAddress.getByAddress(data);
        } catch (UnknownHostException e) {
            throw new IllegalStateException(e);
        }
    }

    /** For DER_ASN1_DN. */
    X500Principal principal() {
        return new X500Principal(data);
    }

    /** "FQDN:gw.example.net", "IPV4:192.0.2.1", "DN:CN=x, O=y": for logs and audit events. */
    @Override
    public String toString() {
        String value = switch (type) {
            case FQDN, USER_FQDN -> printable(text());
            case IPV4_ADDR, IPV6_ADDR -> inetAddress().getHostAddress();
            case DER_ASN1_DN -> CertificateNames.dn(principal());
            default -> HexFormat.of().formatHex(data);
        };
        return type.label() + ":" + value;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof IkeIdentity other && type == other.type && Arrays.equals(data, other.data);
    }

    @Override
    public int hashCode() {
        return 31 * type.hashCode() + Arrays.hashCode(data);
    }

    private static void requireLength(byte[] data, int length, IdentityType type) {
        if (data.length != length) {
            throw new IllegalArgumentException(type.label() + " identity of " + data.length + " bytes, not " + length);
        }
    }

    private static byte[] ascii(String s) {
        Objects.requireNonNull(s);
        if (s.isEmpty() || !StandardCharsets.US_ASCII.newEncoder().canEncode(s)) {
            throw new IllegalArgumentException("identity must be non-empty ASCII: " + printable(s));
        }
        return s.getBytes(StandardCharsets.US_ASCII);
    }

    /** Control and non-ASCII characters escaped, so that peer-chosen text is safe in a log line. */
    static String printable(String s) {
        StringBuilder out = new StringBuilder(s.length());
        for (int i = 0; i < s.length() && i < 256; i++) {
            char c = s.charAt(i);
            if (c >= 0x20 && c < 0x7f) {
                out.append(c);
            } else {
                out.append(String.format("\\x%02x", (int) c & 0xff));
            }
        }
        if (s.length() > 256) {
            out.append("...");
        }
        return out.toString();
    }
}
