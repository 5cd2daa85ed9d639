package io.gatewise.server.config;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;

import io.gatewise.server.system.AddressText;
import io.gatewise.server.system.InetSyntax;

/** Turns {@link TunnelInput} into checked values, or a plain-words message per field. */
final class TunnelValidator {
    static final int MIN_PSK_LENGTH = 16;
    static final int MAX_PSK_LENGTH = 256;
    static final int MAX_SUBNETS = 64;

    private TunnelValidator() {
    }

    /** The checked parts of a tunnel, PSK still as entered (may be blank = keep). */
    record Checked(String name, String remoteAddress, List<String> localSubnets, List<String> remoteSubnets,
                   String psk, List<String> ikeProposals, List<String> espProposals) {
        @Override
        public String toString() {
            return "Checked[" + name + "]";
        }
    }

    /**
     * @param pskRequired false when editing a tunnel that already has a PSK
     * @throws InvalidTunnelException listing every mistake, not just the first
     */
    static Checked check(TunnelInput input, boolean pskRequired) {
        Map<String, String> errors = new LinkedHashMap<>();
        String name = trim(input.name());
        if (!name.matches("[A-Za-z0-9][A-Za-z0-9._-]{0,62}")) {
            errors.put("name", "Use 1-63 letters, digits, '.', '_' or '-', starting with a letter or digit.");
        } else if (DesiredConfigService.isCompiledName(name)) {
            errors.put("name", "Names with '--' are reserved for tunnels compiled from topologies.");
        }
        String remote = trim(input.remoteAddress());
        if (!InetSyntax.isHost(remote)) {
            errors.put("remoteAddress", "Enter the peer's IP address or DNS name.");
        }
        List<String> local = subnets(input.localSubnets(), "localSubnets", errors);
        List<String> remoteNets = subnets(input.remoteSubnets(), "remoteSubnets", errors);
        if (!errors.containsKey("localSubnets") && !errors.containsKey("remoteSubnets")) {
            families(local, remoteNets, errors);
        }
        String psk = input.psk() == null ? "" : input.psk();
        if (psk.isEmpty()) {
            if (pskRequired) {
                errors.put("psk", "Enter a pre-shared key of at least " + MIN_PSK_LENGTH + " characters.");
            }
        } else if (psk.length() < MIN_PSK_LENGTH || psk.length() > MAX_PSK_LENGTH) {
            errors.put("psk", "The pre-shared key needs " + MIN_PSK_LENGTH + " to " + MAX_PSK_LENGTH + " characters.");
        } else if (!psk.chars().allMatch(c -> c >= 0x21 && c <= 0x7e)) {
            errors.put("psk", "Use printable ASCII characters without spaces.");
        }
        List<String> ike = proposals(input.ikeProposal(), ProposalSyntax.DEFAULT_IKE, ProposalSyntax::checkIke,
                "ikeProposal", errors);
        List<String> esp = proposals(input.espProposal(), ProposalSyntax.DEFAULT_ESP, ProposalSyntax::checkEsp,
                "espProposal", errors);
        if (!errors.isEmpty()) {
            throw new InvalidTunnelException(errors);
        }
        return new Checked(name, remote, local, remoteNets, psk, ike, esp);
    }

    /**
     * The agent's family rule: a child SA joins one local and one remote selector of one
     * address family (an IKEv1 Quick Mode ID pair, RFC 2409 section 5.5), and the agent
     * refuses a selector whose family the other side lacks, and with it the gateway's whole
     * config. A hand-written tunnel is taken as meant, so an unpaired subnet is an error on
     * the field that has it, never silently dropped.
     */
    private static void families(List<String> local, List<String> remote, Map<String, String> errors) {
        for (boolean v6 : new boolean[] {false, true}) {
            List<String> l = local.stream().filter(x -> isIpv6(x) == v6).toList();
            List<String> r = remote.stream().filter(x -> isIpv6(x) == v6).toList();
            if (l.isEmpty() == r.isEmpty()) {
                continue;
            }
            String family = v6 ? "IPv6" : "IPv4";
            String field = l.isEmpty() ? "remoteSubnets" : "localSubnets";
            List<String> unpaired = l.isEmpty() ? r : l;
            String side = l.isEmpty() ? "remote" : "local";
            String other = l.isEmpty() ? "local" : "remote";
            errors.merge(field, (unpaired.size() == 1 ? "The " + side + " subnet " + unpaired.get(0) + " is "
                    : "The " + side + " subnets " + String.join(", ", unpaired) + " are ") + family + " but no "
                    + other + " subnet is; each IPv4 subnet pairs with IPv4 ones and each IPv6 subnet with IPv6 ones."
                    + " Add an " + family + " " + other + " subnet, or remove " + (unpaired.size() == 1 ? "it" : "them")
                    + ".", (a, b) -> a + " " + b);
        }
    }

    private static boolean isIpv6(String subnet) {
        return subnet.indexOf(':') >= 0;
    }

    private static List<String> subnets(List<String> given, String field, Map<String, String> errors) {
        List<String> result = new ArrayList<>();
        if (given != null) {
            for (String s : given) {
                String subnet = trim(s);
                if (subnet.isEmpty()) {
                    continue;
                }
                Optional<String> problem = InetSyntax.checkCidr(subnet);
                if (problem.isPresent()) {
                    errors.put(field, sentence(problem.get()));
                    return result;
                }
                Optional<String> canonical = AddressText.cidr(subnet); // RFC 5952: one prefix, one text
                if (canonical.isEmpty()) {
                    errors.put(field, "'" + subnet + "' is an IPv4-mapped IPv6 address; write the IPv4 subnet"
                            + " (like 10.1.0.0/24) instead.");
                    return result;
                }
                subnet = canonical.get();
                if (!result.contains(subnet)) {
                    result.add(subnet);
                }
            }
        }
        if (result.isEmpty()) {
            errors.put(field, "Enter at least one subnet, like 10.1.0.0/24.");
        } else if (result.size() > MAX_SUBNETS) {
            errors.put(field, "At most " + MAX_SUBNETS + " subnets.");
        }
        return result;
    }

    private static List<String> proposals(String text, String defaultProposal, Function<String, Optional<String>> check,
                                          String field, Map<String, String> errors) {
        List<String> proposals = ProposalSyntax.split(text, defaultProposal);
        for (String proposal : proposals) {
            Optional<String> problem = check.apply(proposal);
            if (problem.isPresent()) {
                errors.put(field, sentence(problem.get()));
                break;
            }
        }
        return proposals;
    }

    private static String trim(String s) {
        return s == null ? "" : s.trim();
    }

    /** Capitalised, with a full stop unless it already ends in punctuation. */
    private static String sentence(String s) {
        String capitalised = s.isEmpty() ? s : Character.toUpperCase(s.charAt(0)) + s.substring(1);
        return capitalised.endsWith(".") || capitalised.endsWith("?") ? capitalised : capitalised + ".";
    }
}
