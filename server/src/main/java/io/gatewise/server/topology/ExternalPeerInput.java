package io.gatewise.server.topology;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

import io.gatewise.server.system.InetSyntax;
import io.gatewise.server.topology.compiler.Cidr;
import io.gatewise.server.topology.compiler.ExternalPeer;
import io.gatewise.server.topology.compiler.Identity;
import io.gatewise.server.topology.compiler.IkePolicy;
import io.gatewise.server.topology.compiler.IpsecPolicy;
import io.gatewise.server.topology.compiler.Problem;

/**
 * Checks external peer input field by field, the same for the external peer form and
 * {@code /api/v1/external-peers}, as {@link PolicyInput} does for policies. What passes
 * can still be refused by the whole-model validation (a name a gateway has, a change that
 * leaves a link without a common proposal); nothing is written then either.
 *
 * <p>An identity is typed as text and its ID type (RFC 2407 section 4.6.2.1) inferred as
 * {@link Identity#of} does, unless a type is given; the value must then fit it (an
 * {@code IPV4_ADDR} is an IPv4 literal, an {@code FQDN} a DNS name, a {@code USER_FQDN}
 * "user@host", a {@code DER_ASN1_DN} has "attribute=value" parts).
 */
public final class ExternalPeerInput {
    private ExternalPeerInput() {
    }

    /**
     * An external peer as {@code /api/v1} reads and writes it (a GET's body can be PUT back).
     * Nulls: no identity means its address; Main Mode, PSK, ESP; {@code expectsIdentity}
     * null means it accepts the identity we send; empty {@code expectsSubnets} means it
     * mirrors our subnets.
     */
    public record Json(String name, String address, String identityType, String identity, List<String> subnets,
                       String mode, String auth, List<String> ikeProposals, String ipsecProtocol,
                       List<String> ipsecProposals, String expectsIdentityType, String expectsIdentity,
                       List<String> expectsSubnets, Boolean weakAcknowledged) {
        static Json of(ExternalPeer p) {
            return new Json(p.name(), p.address(), p.identity() == null ? null : p.identity().type().name(),
                    p.identity() == null ? null : p.identity().value(), p.subnets(), p.mode().name(), p.auth().name(),
                    p.ikeProposals(), p.ipsecProtocol().name(), p.ipsecProposals(),
                    p.expectsIdentity() == null ? null : p.expectsIdentity().type().name(),
                    p.expectsIdentity() == null ? null : p.expectsIdentity().value(), p.expectsSubnets(),
                    p.weakAcknowledged());
        }

        Json withName(String newName) {
            return new Json(newName, address, identityType, identity, subnets, mode, auth, ikeProposals, ipsecProtocol,
                    ipsecProposals, expectsIdentityType, expectsIdentity, expectsSubnets, weakAcknowledged);
        }
    }

    /** The peer, or {@link InvalidInputException} with one message per bad field. */
    public static ExternalPeer peer(Json in) {
        Map<String, String> errors = new LinkedHashMap<>();
        String name = PolicyInput.name(in.name(), errors);
        if (!errors.containsKey("name") && name.contains("--")) {
            errors.put("name", "No '--' in a name: tunnel names join two endpoints' names with it.");
        }
        String address = in.address() == null ? "" : in.address().trim();
        if (address.isEmpty()) {
            errors.put("address", "The peer's IKE address is required: an IP address or a DNS name.");
        } else if (!InetSyntax.isHost(address)) {
            errors.put("address", "'" + address + "' is neither an IP address nor a DNS name (like "
                    + "vpn.partner.example).");
        }
        Identity identity = identity(in.identityType(), in.identity(), "identity", errors);
        Identity expects = identity(in.expectsIdentityType(), in.expectsIdentity(), "expectsIdentity", errors);
        List<String> subnets = subnets(in.subnets(), "subnets", errors);
        List<String> expectsSubnets = subnets(in.expectsSubnets(), "expectsSubnets", errors);
        IkePolicy.Mode mode = EnumInput.option(IkePolicy.Mode.class, in.mode(), IkePolicy.Mode.MAIN, "mode", errors);
        IkePolicy.Auth auth = EnumInput.option(IkePolicy.Auth.class, in.auth(), IkePolicy.Auth.PSK, "auth", errors);
        IpsecPolicy.Protocol protocol = EnumInput.option(IpsecPolicy.Protocol.class, in.ipsecProtocol(),
                IpsecPolicy.Protocol.ESP, "ipsecProtocol", errors);
        List<String> ike = PolicyInput.proposals(in.ikeProposals(), true, "ikeProposals", errors);
        List<String> phase2 = PolicyInput.proposals(in.ipsecProposals(),
                protocol == IpsecPolicy.Protocol.AH ? Boolean.FALSE : null, "ipsecProposals", errors);
        boolean ack = Boolean.TRUE.equals(in.weakAcknowledged());
        if (errors.isEmpty()) {
            ExternalPeer p = new ExternalPeer(name, address, identity, subnets, mode, auth, ike, protocol, phase2,
                    expects, expectsSubnets, ack);
            List<String> weak = weakness(p);
            if (!weak.isEmpty() && !ack) {
                errors.put("weakAcknowledged", "Weak: " + String.join(", ", weak) + ". Tick the acknowledgement to "
                        + "save it anyway (a legacy box may need it); the peer stays flagged as weak.");
            }
            if (errors.isEmpty()) {
                return p;
            }
        }
        throw new InvalidInputException(errors);
    }

    /**
     * A whole-model refusal of a peer's change, each finding placed at the peer's field it
     * is about: a name a gateway has, its subnets, or the proposals a linked gateway's
     * policy no longer shares (the validator says which phase in its message); else "general".
     */
    static Map<String, String> fieldsOf(TopologyValidationException e) {
        Map<String, String> errors = new LinkedHashMap<>();
        for (Problem p : e.problems()) {
            String field = switch (p.rule()) {
                case DUPLICATE_NAME -> "name";
                case BAD_SUBNET, OVERLAPPING_SUBNETS, MEMBER_WITHOUT_SUBNETS, NO_COMMON_FAMILY -> "subnets";
                case NO_COMMON_PROPOSAL -> p.message().contains("no IKE proposal") ? "ikeProposals" : "ipsecProposals";
                case WEAK_ALGORITHM -> "weakAcknowledged";
                default -> "general";
            };
            errors.merge(field, p.message(), (a, b) -> a + " " + b);
        }
        return errors;
    }

    /** What is weak in the peer's Phase 1 and Phase 2 settings; empty when nothing. */
    public static List<String> weakness(ExternalPeer p) {
        List<String> weak = new ArrayList<>(PolicyInput.ikeWeakness(p.ikeProposals(), p.mode(), p.auth()));
        PolicyInput.phase2Weakness(p.ipsecProtocol(), p.ipsecProposals()).stream().filter(w -> !weak.contains(w))
                .forEach(weak::add);
        return weak;
    }

    /** Subnets as typed: split on commas, whitespace and new lines, blanks dropped. */
    public static List<String> split(String text) {
        List<String> out = new ArrayList<>();
        if (text != null) {
            for (String part : text.split("[,\\s]+")) {
                if (!part.isBlank()) {
                    out.add(part.trim());
                }
            }
        }
        return out;
    }

    private static List<String> subnets(List<String> raw, String field, Map<String, String> errors) {
        List<String> out = new ArrayList<>();
        if (raw != null) {
            raw.forEach(r -> out.addAll(split(r)));
        }
        for (String s : out) {
            Optional<String> bad = InetSyntax.checkCidr(s);
            if (bad.isPresent()) {
                errors.put(field, bad.get().endsWith("?") ? bad.get() : bad.get() + ".");
                return out;
            }
        }
        // canonical text (IPv6 compressed, RFC 5952): the pre-flight matches selectors as text
        return Cidr.canonical(out);
    }

    /** Null when no value is given (the default applies); the type inferred unless named. */
    private static Identity identity(String rawType, String rawValue, String field, Map<String, String> errors) {
        String value = rawValue == null ? "" : rawValue.trim();
        String type = rawType == null ? "" : rawType.trim();
        if (value.isEmpty()) {
            if (!type.isEmpty()) {
                errors.put(field, "An identity of type " + type.toUpperCase(Locale.ROOT) + " needs a value.");
            }
            return null;
        }
        Map<String, String> typeErrors = new LinkedHashMap<>();
        Identity.Type t = EnumInput.option(Identity.Type.class, type, null, field, typeErrors);
        if (!typeErrors.isEmpty()) {
            errors.putAll(typeErrors);
            return null;
        }
        Identity id = t == null ? Identity.of(value) : new Identity(t, value);
        String problem = switch (id.type()) {
            case IPV4_ADDR -> InetSyntax.parseIpLiteral(value).filter(a -> a.getAddress().length == 4).isPresent()
                    ? null : "'" + value + "' is not an IPv4 address.";
            case IPV6_ADDR -> InetSyntax.parseIpLiteral(value).filter(a -> a.getAddress().length == 16).isPresent()
                    ? null : "'" + value + "' is not an IPv6 address.";
            case FQDN -> InetSyntax.isHostname(value) ? null
                    : "'" + value + "' is not a DNS name (FQDN identity) like vpn.partner.example.";
            case USER_FQDN -> {
                int at = value.indexOf('@');
                yield at > 0 && InetSyntax.isHostname(value.substring(at + 1)) && value.indexOf('@', at + 1) < 0
                        && !value.substring(0, at).isBlank() ? null
                        : "'" + value + "' is not a user@host identity (USER_FQDN) like vpn@partner.example.";
            }
            case DER_ASN1_DN -> value.matches("\\s*[A-Za-z][A-Za-z0-9.]*\\s*=.+") ? null
                    : "'" + value + "' is not a distinguished name like CN=vpn,O=Partner.";
        };
        if (problem != null) {
            errors.put(field, problem);
            return null;
        }
        return id;
    }
}
