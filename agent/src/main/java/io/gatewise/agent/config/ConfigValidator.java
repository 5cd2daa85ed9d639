package io.gatewise.agent.config;

import io.gatewise.agent.ike.proposal.ProposalParser;
import io.gatewise.agent.ike.proposal.ProposalSyntaxException;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.security.cert.CertificateException;
import java.security.cert.CertificateFactory;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import javax.security.auth.x500.X500Principal;

/**
 * Checks an {@link AgentConfig} before anything applies it, and says what is wrong in
 * words a gateway operator understands, naming the tunnel, the child and the field:
 * {@code tunnel branch-7, child net: remote selector '10.0.0.0/33' is not a valid IPv4
 * prefix: length 33 is larger than 32}.
 *
 * <p>It checks every field and reports every problem, not only the first, so that one
 * round trip to the server shows them all. It checks syntax and consistency; whether
 * the IKE engine implements an algorithm is the engine's decision when it applies the
 * config ({@link ConfigApplier}).
 */
public final class ConfigValidator {
    /** Longest tunnel or child name accepted. */
    static final int MAX_NAME_LENGTH = 128;

    private ConfigValidator() {
    }

    /** Throws with every problem when the config is not valid. */
    public static void check(AgentConfig config) throws ConfigRejectedException {
        List<String> problems = validate(config);
        if (!problems.isEmpty()) {
            throw new ConfigRejectedException(problems);
        }
    }

    /** Every problem in the config, in config order; empty when it is valid. */
    public static List<String> validate(AgentConfig config) {
        List<String> problems = new ArrayList<>();
        config.localAddress().ifPresent(address -> {
            if (IpLiterals.tryParse(address).isEmpty()) {
                problems.add("local address '" + address + "' is not an IPv4 or IPv6 address");
            }
        });
        Set<String> names = new HashSet<>();
        int index = 0;
        for (TunnelConfig tunnel : config.tunnels()) {
            index++;
            String where = tunnel.name().isBlank() ? "tunnel #" + index : "tunnel " + tunnel.name();
            if (!tunnel.name().isBlank() && !names.add(tunnel.name())) {
                problems.add("duplicate tunnel name '" + tunnel.name() + "': tunnel names must be unique");
            }
            new TunnelCheck(where, tunnel, problems).run();
        }
        return problems;
    }

    /** The checks of one tunnel; {@code where} prefixes every message. */
    private record TunnelCheck(String where, TunnelConfig tunnel, List<String> problems) {

        void run() {
            checkName("tunnel name", tunnel.name(), where);
            checkRemoteAddress();
            tunnel.localIdentity().ifPresent(id -> checkIdentity("local identity", id));
            tunnel.remoteIdentity().ifPresent(id -> checkIdentity("remote identity", id));
            checkIke();
            checkIpsec();
            checkChildren();
            checkRoutes();
            checkAuthentication();
        }

        private void problem(String text) {
            problems.add(where + ": " + text);
        }

        private void checkName(String what, String name, String prefix) {
            if (name.isBlank()) {
                problems.add(prefix + ": " + what + " is empty");
            } else if (name.length() > MAX_NAME_LENGTH) {
                problems.add(prefix + ": " + what + " is longer than " + MAX_NAME_LENGTH + " characters");
            } else if (!name.strip().equals(name) || name.chars().anyMatch(Character::isISOControl)) {
                problems.add(prefix + ": " + what + " '" + printable(name)
                        + "' has leading/trailing spaces or control characters");
            }
        }

        private void checkRemoteAddress() {
            String address = tunnel.remoteAddress();
            if (address.isBlank()) {
                problem("remote address is empty");
                return;
            }
            if (IpLiterals.tryParse(address).isPresent()) {
                return;
            }
            if (address.indexOf('/') >= 0 || (address.indexOf('-') >= 0 && IpLiterals.tryParse(
                    address.substring(0, address.indexOf('-')).trim()).isPresent())) {
                // A block of peer addresses: only meaningful when we wait for peers to call.
                try {
                    AddressRange.parse(address);
                } catch (IllegalArgumentException e) {
                    problem("remote address '" + printable(address) + "' " + e.getMessage());
                    return;
                }
                if (tunnel.startAction() != TunnelConfig.StartAction.RESPOND) {
                    problem("remote address '" + address + "' is an address block; only a tunnel with"
                            + " start action RESPOND may accept peers from a block");
                }
                return;
            }
            String hostProblem = hostNameProblem(address);
            if (hostProblem != null) {
                problem("remote address '" + printable(address) + "' " + hostProblem);
            }
        }

        private void checkIdentity(String what, Identity id) {
            String value = id.value();
            String reason = null;
            if (value.isEmpty()) {
                reason = "has type " + id.type() + " but no value";
            } else {
                switch (id.type()) {
                    case IPV4_ADDR -> reason = IpLiterals.isIpv4(value) ? null : "is not an IPv4 address";
                    case IPV6_ADDR -> reason = IpLiterals.isIpv6(value) ? null : "is not an IPv6 address";
                    case FQDN -> reason = hostNameProblem(value);
                    case USER_FQDN -> {
                        int at = value.lastIndexOf('@');
                        if (at <= 0 || value.chars().anyMatch(c -> c <= ' ')) {
                            reason = "is not a user@domain name";
                        } else {
                            reason = hostNameProblem(value.substring(at + 1));
                        }
                    }
                    case DER_ASN1_DN -> {
                        try {
                            new X500Principal(value);
                        } catch (IllegalArgumentException e) {
                            reason = "is not a distinguished name such as CN=branch-7,O=Example";
                        }
                    }
                    default -> throw new IllegalStateException(id.type().name());
                }
            }
            if (reason != null) {
                problem(what + " '" + printable(value) + "' " + reason);
            }
        }

        private void checkIke() {
            IkeSettings ike = tunnel.ike();
            if (ike.proposals().isEmpty()) {
                problem("no IKE proposals");
            }
            for (String proposal : ike.proposals()) {
                try {
                    ProposalParser.parseIke(proposal);
                } catch (ProposalSyntaxException e) {
                    problem(printable(e.getMessage()));
                }
            }
            if (ike.lifetime().isZero() || ike.lifetime().isNegative()) {
                problem("IKE lifetime must be positive");
            }
            if (ike.dpdEnabled() && ike.dpdTimeout().compareTo(ike.dpdDelay()) < 0) {
                problem("DPD timeout " + ike.dpdTimeout().toSeconds() + " s is shorter than the DPD delay "
                        + ike.dpdDelay().toSeconds() + " s");
            }
        }

        private void checkIpsec() {
            IpsecSettings ipsec = tunnel.ipsec();
            if (ipsec.proposals().isEmpty()) {
                problem("no " + ipsec.protocol() + " proposals");
            }
            for (String proposal : ipsec.proposals()) {
                try {
                    if (ipsec.protocol() == IpsecSettings.Protocol.AH) {
                        ProposalParser.parseAh(proposal);
                    } else {
                        ProposalParser.parseEsp(proposal);
                    }
                } catch (ProposalSyntaxException e) {
                    problem(printable(e.getMessage()));
                }
            }
            if (ipsec.lifetime().isZero() || ipsec.lifetime().isNegative()) {
                problem("IPsec lifetime must be positive");
            }
            if (ipsec.lifetimeKilobytes() < 0) {
                problem("IPsec lifetime in kilobytes is out of range");
            }
            if (ipsec.replayWindow() < 1 || ipsec.replayWindow() > IpsecSettings.MAX_REPLAY_WINDOW) {
                problem("replay window " + Long.toUnsignedString(ipsec.replayWindow())
                        + " is out of range (1 to " + IpsecSettings.MAX_REPLAY_WINDOW + ")");
            }
            if (ipsec.protocol() == IpsecSettings.Protocol.AH && tunnel.ike().forceEncapsulation()) {
                problem("AH cannot be encapsulated in UDP (RFC 3948 covers ESP only); use ESP or turn off"
                        + " force_encapsulation");
            }
        }

        private void checkChildren() {
            if (tunnel.children().isEmpty()) {
                problem("no child SAs: a tunnel needs at least one pair of traffic selectors");
            }
            Set<String> childNames = new HashSet<>();
            int index = 0;
            for (ChildConfig child : tunnel.children()) {
                index++;
                String childWhere = where + ", child " + (child.name().isBlank() ? "#" + index : child.name());
                checkName("child name", child.name(), childWhere);
                if (!child.name().isBlank() && !childNames.add(child.name())) {
                    problems.add(where + ": duplicate child name '" + child.name() + "'");
                }
                List<AddressRange> local = selectors(childWhere, "local", child.localSelectors());
                List<AddressRange> remote = selectors(childWhere, "remote", child.remoteSelectors());
                if (!local.isEmpty() && !remote.isEmpty()) {
                    checkFamilies(childWhere, "local", local, "remote", remote);
                    checkFamilies(childWhere, "remote", remote, "local", local);
                }
            }
        }

        /**
         * Each selector needs a partner of its own family on the other side: a child's SAs
         * join one local and one remote selector (a Quick Mode pair of IDs), and an IPv4
         * source never talks to an IPv6 destination. IPv4 and IPv6 pairs may share a child.
         */
        private void checkFamilies(String childWhere, String side, List<AddressRange> these, String otherSide,
                List<AddressRange> others) {
            for (AddressRange r : these) {
                if (others.stream().noneMatch(o -> o.isIpv4() == r.isIpv4())) {
                    String family = r.isIpv4() ? "IPv4" : "IPv6";
                    problems.add(childWhere + ": " + side + " selector " + r + " is " + family + " but no "
                            + otherSide + " selector is; a child's local and remote selectors must be of the same"
                            + " address family (put IPv4 and IPv6 subnets in separate children)");
                }
            }
        }

        private List<AddressRange> selectors(String childWhere, String side, List<String> texts) {
            if (texts.isEmpty()) {
                problems.add(childWhere + ": no " + side + " selectors");
            }
            List<AddressRange> out = new ArrayList<>();
            for (String text : texts) {
                try {
                    out.add(AddressRange.parse(text));
                } catch (IllegalArgumentException e) {
                    problems.add(childWhere + ": " + side + " selector '" + printable(text) + "' " + e.getMessage());
                }
            }
            return out;
        }

        private void checkRoutes() {
            if (!tunnel.routes().isEmpty() && tunnel.vpnType() != TunnelConfig.VpnType.ROUTE_BASED) {
                problem("has routes but is not route-based; policy-based tunnels are steered by their selectors");
            }
            for (String route : tunnel.routes()) {
                try {
                    AddressRange.parsePrefix(route);
                } catch (IllegalArgumentException e) {
                    problem("route '" + printable(route) + "' " + e.getMessage());
                }
            }
        }

        private void checkAuthentication() {
            Authentication auth = tunnel.auth();
            if (auth.method() == Authentication.Method.PSK) {
                if (auth.preSharedKey().map(PreSharedKey::isEmpty).orElse(true)) {
                    problem("authentication is PSK but the pre-shared key is empty");
                }
            } else if (auth.preSharedKey().isPresent() && !auth.preSharedKey().get().isEmpty()) {
                problem("a pre-shared key is set but the authentication method is " + auth.method());
            }
            CertificateFiles files = auth.files();
            if (!files.isNone() && auth.method() == Authentication.Method.PSK) {
                problem("certificate files are set but the authentication method is PSK");
            }
            if (files.certificate().isEmpty() != files.privateKey().isEmpty()) {
                problem("certificateFile and privateKeyFile go together: set both, or neither to use the enrolled"
                        + " certificate and key");
            }
            if (!files.ca().isEmpty() && !auth.trustedCaPem().isBlank()) {
                problem("set either caFile or trustedCaPem, not both");
            }
            if (!auth.trustedCaPem().isBlank()) {
                try {
                    var certificates = CertificateFactory.getInstance("X.509").generateCertificates(
                            new ByteArrayInputStream(auth.trustedCaPem().getBytes(StandardCharsets.US_ASCII)));
                    if (certificates.isEmpty()) {
                        problem("trusted CA PEM contains no certificate");
                    }
                } catch (CertificateException e) {
                    problem("trusted CA PEM is not a valid certificate list");
                }
            }
        }
    }

    /** Why a text is not a DNS host name (RFC 1123 section 2.1), or null when it is one. */
    static String hostNameProblem(String name) {
        String n = name.endsWith(".") ? name.substring(0, name.length() - 1) : name;
        if (n.isEmpty() || n.length() > 253) {
            return "is not a valid host name (1 to 253 characters)";
        }
        String[] labels = n.split("\\.", -1);
        boolean allNumeric = true;
        for (String label : labels) {
            if (label.isEmpty() || label.length() > 63) {
                return "is not a valid host name (empty or over-long label)";
            }
            if (label.startsWith("-") || label.endsWith("-")) {
                return "is not a valid host name (a label starts or ends with '-')";
            }
            for (char c : label.toLowerCase(Locale.ROOT).toCharArray()) {
                if (!((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-')) {
                    return "is not a valid host name or address (character '" + printable(String.valueOf(c)) + "')";
                }
            }
            allNumeric &= label.chars().allMatch(Character::isDigit);
        }
        if (allNumeric) {
            return "is not a valid IPv4 address";
        }
        return null;
    }

    /** The text with control characters escaped, so that a message stays one line. */
    static String printable(String text) {
        StringBuilder out = new StringBuilder();
        for (char c : text.toCharArray()) {
            if (Character.isISOControl(c)) {
                out.append(String.format("\\u%04x", (int) c));
            } else {
                out.append(c);
            }
        }
        return out.length() > 200 ? out.substring(0, 200) + "..." : out.toString();
    }
}
