package io.gatewise.server.topology;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Pattern;

import io.gatewise.agent.ike.proposal.ProposalParser;
import io.gatewise.agent.ike.proposal.ProposalSyntaxException;
import io.gatewise.server.config.TunnelDefaults;
import io.gatewise.server.topology.compiler.IkePolicy;
import io.gatewise.server.topology.compiler.IpsecPolicy;

/**
 * Checks policy input field by field, the same for the policy forms and {@code /api/v1}:
 * each message names the field's problem plainly (a bad proposal token, a lifetime out of
 * range, weak algorithms without the acknowledgement). What passes here can still be
 * refused by the topology validator (e.g. a policy in use that would leave a link without
 * a common proposal); nothing is written in either case.
 *
 * <p>Weak (DES, 3DES, MD5, NULL, MODP-1024 and below, as the agent's proposal model's
 * {@code weakAlgorithms()} defines them; and Aggressive Mode with PSK, RFC 2409 section
 * 5.4: its hash travels in clear and allows an offline guess of the key) is allowed only
 * with {@code weakAcknowledged}; {@link #weakness} lists it for the badges.
 */
public final class PolicyInput {
    /** Names appear in URLs and tunnel settings: letters, digits, dot, dash, underscore. */
    static final Pattern NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0,62}");
    static final String NAME_RULE = "1 to 63 letters, digits, '.', '-' or '_', starting with a letter or digit.";

    private PolicyInput() {
    }

    /** Raw Phase 1 input; nulls take the defaults (Main Mode, PSK, {@link TunnelDefaults}, NAT-T on). */
    public record Ike(String name, String mode, List<String> proposals, String auth, Integer lifetimeSeconds,
                      Integer dpdDelaySeconds, Integer dpdTimeoutSeconds, String dpdAction, Boolean natTraversal,
                      Boolean weakAcknowledged) {
    }

    /** Raw Phase 2 input; nulls take the defaults (ESP, tunnel mode, {@link TunnelDefaults}, no volume limit). */
    public record Ipsec(String name, String protocol, List<String> proposals, Integer lifetimeSeconds,
                        Long lifetimeKilobytes, String encapsulation, Boolean weakAcknowledged) {
    }

    /** The policy, or {@link InvalidInputException} with one message per bad field. */
    public static IkePolicy ike(Ike in) {
        Map<String, String> errors = new LinkedHashMap<>();
        String name = name(in.name(), errors);
        IkePolicy.Mode mode = EnumInput.option(IkePolicy.Mode.class, in.mode(), IkePolicy.Mode.MAIN, "mode", errors);
        IkePolicy.Auth auth = EnumInput.option(IkePolicy.Auth.class, in.auth(), IkePolicy.Auth.PSK, "auth", errors);
        IkePolicy.DpdAction action = EnumInput.option(IkePolicy.DpdAction.class, in.dpdAction(),
                IkePolicy.DpdAction.RESTART, "dpdAction", errors);
        List<String> proposals = proposals(in.proposals(), true, "proposals", errors);
        int lifetime = range(in.lifetimeSeconds(), TunnelDefaults.IKE_LIFETIME_SECONDS, 300, 86_400,
                "lifetimeSeconds", errors);
        int delay = range(in.dpdDelaySeconds(), TunnelDefaults.DPD_DELAY_SECONDS, 0, 3_600, "dpdDelaySeconds", errors);
        int timeout = range(in.dpdTimeoutSeconds(), TunnelDefaults.DPD_TIMEOUT_SECONDS, 0, 86_400,
                "dpdTimeoutSeconds", errors);
        if (!errors.containsKey("dpdDelaySeconds") && !errors.containsKey("dpdTimeoutSeconds") && delay > 0
                && timeout <= delay) {
            errors.put("dpdTimeoutSeconds", "Must be longer than the DPD delay (" + delay + " s): the peer is "
                    + "declared dead only after several unanswered R-U-THERE messages (RFC 3706).");
        }
        boolean ack = Boolean.TRUE.equals(in.weakAcknowledged());
        if (errors.isEmpty()) {
            IkePolicy p = new IkePolicy(name, mode, proposals, auth, lifetime, delay, timeout, action,
                    in.natTraversal() == null || in.natTraversal(), ack);
            requireAcknowledged(weakness(p), ack, errors);
            if (errors.isEmpty()) {
                return p;
            }
        }
        throw new InvalidInputException(errors);
    }

    /** The policy, or {@link InvalidInputException} with one message per bad field. */
    public static IpsecPolicy ipsec(Ipsec in) {
        Map<String, String> errors = new LinkedHashMap<>();
        String name = name(in.name(), errors);
        IpsecPolicy.Protocol protocol = EnumInput.option(IpsecPolicy.Protocol.class, in.protocol(),
                IpsecPolicy.Protocol.ESP, "protocol", errors);
        IpsecPolicy.Encapsulation encapsulation = EnumInput.option(IpsecPolicy.Encapsulation.class, in.encapsulation(),
                IpsecPolicy.Encapsulation.TUNNEL, "encapsulation", errors);
        List<String> proposals = proposals(in.proposals(), protocol != IpsecPolicy.Protocol.AH ? null : Boolean.FALSE,
                "proposals", errors);
        int lifetime = range(in.lifetimeSeconds(), TunnelDefaults.IPSEC_LIFETIME_SECONDS, 120, 86_400,
                "lifetimeSeconds", errors);
        long kilobytes = in.lifetimeKilobytes() == null ? 0 : in.lifetimeKilobytes();
        if (kilobytes < 0) {
            errors.put("lifetimeKilobytes", "Must be 0 (no volume limit) or more.");
        }
        boolean ack = Boolean.TRUE.equals(in.weakAcknowledged());
        if (errors.isEmpty()) {
            IpsecPolicy p = new IpsecPolicy(name, protocol, proposals, lifetime, kilobytes, encapsulation, ack);
            requireAcknowledged(weakness(p), ack, errors);
            if (errors.isEmpty()) {
                return p;
            }
        }
        throw new InvalidInputException(errors);
    }

    /** What is weak in the policy ("3DES", "MODP-1024", "Aggressive Mode with PSK"); empty when nothing. */
    public static List<String> weakness(IkePolicy p) {
        return ikeWeakness(p.proposals(), p.mode(), p.auth());
    }

    /** What is weak in the transform set; empty when nothing. */
    public static List<String> weakness(IpsecPolicy p) {
        return phase2Weakness(p.protocol(), p.proposals());
    }

    /** What is weak in Phase 1 settings (a policy's, or an external peer's). */
    static List<String> ikeWeakness(List<String> proposals, IkePolicy.Mode mode, IkePolicy.Auth auth) {
        List<String> weak = new ArrayList<>();
        try {
            ProposalParser.parseIke(String.join(",", proposals))
                    .forEach(x -> x.weakAlgorithms().forEach(a -> addOnce(weak, a)));
        } catch (ProposalSyntaxException e) {
            // stored proposals were parsed when saved; nothing to flag for an unparsable one
        }
        if (mode == IkePolicy.Mode.AGGRESSIVE && auth == IkePolicy.Auth.PSK) {
            weak.add("Aggressive Mode with PSK");
        }
        return weak;
    }

    /** What is weak in Phase 2 proposals (a policy's, or an external peer's). */
    static List<String> phase2Weakness(IpsecPolicy.Protocol protocol, List<String> proposals) {
        List<String> weak = new ArrayList<>();
        try {
            String joined = String.join(",", proposals);
            if (protocol == IpsecPolicy.Protocol.AH) {
                ProposalParser.parseAh(joined).forEach(x -> x.weakAlgorithms().forEach(a -> addOnce(weak, a)));
            } else {
                ProposalParser.parseEsp(joined).forEach(x -> x.weakAlgorithms().forEach(a -> addOnce(weak, a)));
            }
        } catch (ProposalSyntaxException e) {
            // as above
        }
        return weak;
    }

    /** Proposal text as typed: split on commas, whitespace and new lines, blanks dropped. */
    public static List<String> splitProposals(String text) {
        List<String> out = new ArrayList<>();
        if (text == null) {
            return out;
        }
        for (String part : text.split("[,\\s]+")) {
            if (!part.isBlank()) {
                out.add(part.trim().toLowerCase(Locale.ROOT));
            }
        }
        return out;
    }

    static void requireAcknowledged(List<String> weak, boolean ack, Map<String, String> errors) {
        if (!weak.isEmpty() && !ack) {
            errors.put("weakAcknowledged", "Weak: " + String.join(", ", weak) + ". Tick the acknowledgement to save "
                    + "it anyway; the policy stays flagged as weak.");
        }
    }

    static String name(String name, Map<String, String> errors) {
        String n = name == null ? "" : name.trim();
        if (n.isEmpty()) {
            errors.put("name", "A name is required.");
        } else if (!NAME.matcher(n).matches()) {
            errors.put("name", NAME_RULE);
        }
        return n;
    }

    /**
     * Each proposal parsed on its own so the message names the one that fails.
     *
     * @param ike   true: IKE proposals; null: ESP; false: AH
     * @param field the input field the messages are for
     */
    static List<String> proposals(List<String> raw, Boolean ike, String field, Map<String, String> errors) {
        List<String> proposals = new ArrayList<>();
        if (raw != null) {
            raw.forEach(r -> proposals.addAll(splitProposals(r)));
        }
        if (proposals.isEmpty()) {
            errors.put(field, "At least one proposal is required, e.g. "
                    + (Boolean.TRUE.equals(ike) ? "aes256-sha256-ecp256." : "aes256gcm16-ecp256."));
            return proposals;
        }
        for (String p : proposals) {
            try {
                if (Boolean.TRUE.equals(ike)) {
                    ProposalParser.parseIke(p);
                } else if (ike == null) {
                    ProposalParser.parseEsp(p);
                } else {
                    ProposalParser.parseAh(p);
                }
            } catch (ProposalSyntaxException e) {
                errors.put(field, e.getMessage());
                break;
            }
        }
        return proposals;
    }


    private static int range(Integer value, int fallback, int min, int max, String field, Map<String, String> errors) {
        int v = value == null ? fallback : value;
        if (v < min || v > max) {
            errors.put(field, "Must be between " + min + " and " + max + ".");
        }
        return v;
    }

    private static void addOnce(List<String> list, String item) {
        if (!list.contains(item)) {
            list.add(item);
        }
    }
}
