package io.gatewise.agent.gateway;

import io.gatewise.agent.config.AddressRange;
import io.gatewise.agent.config.Authentication;
import io.gatewise.agent.config.IkeSettings;
import io.gatewise.agent.config.IpsecSettings;
import io.gatewise.agent.config.TunnelConfig;
import io.gatewise.agent.ike.codec.Bytes;
import io.gatewise.agent.ike.codec.IdType;
import io.gatewise.agent.ike.config.ChildConfig;
import io.gatewise.agent.ike.config.DpdSettings;
import io.gatewise.agent.ike.config.Identity;
import io.gatewise.agent.ike.config.PeerConfig;
import io.gatewise.agent.ike.config.PreSharedKey;
import io.gatewise.agent.ike.proposal.EspProposal;
import io.gatewise.agent.ike.proposal.IkeProposal;
import io.gatewise.agent.ike.proposal.ProposalParser;
import io.gatewise.agent.ipsec.SaSpec;
import io.gatewise.agent.ipsec.TrafficSelector;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.function.Function;
import javax.security.auth.x500.X500Principal;

/**
 * Turns a validated {@link TunnelConfig} into the IKE engine's {@link PeerConfig} and the
 * routes the tunnel needs. Pure apart from resolving a DNS name of the peer.
 *
 * <ul>
 *   <li>Each child's selectors become one Quick Mode per (local, remote) pair: IKEv1
 *       carries exactly one ID pair per Quick Mode (RFC 2409 section 5.5), so a child with
 *       two remote prefixes becomes {@code net#1} and {@code net#2}.</li>
 *   <li>ESP always travels in UDP 4500: the running datapath has no raw ESP socket, and
 *       forcing encapsulation (RFC 3947 NAT-D with a made-up hash) is what strongSwan's
 *       kernel-libipsec does too.</li>
 *   <li>Routes: the remote selectors (policy-based) or the configured routes
 *       (route-based), as CIDR prefixes into the TUN device.</li>
 * </ul>
 *
 * What the running engine cannot do yet is refused with a plain reason, so that the
 * config is rejected as a whole instead of half-running.
 */
public final class TunnelTranslator {
    private TunnelTranslator() {
    }

    /**
     * @param local our IKE address
     * @return the plan, or throws {@link IllegalArgumentException} whose messages are the
     *         problems, each prefixed with the tunnel name
     */
    public static TunnelPlan translate(TunnelConfig t, InetAddress local) {
        List<String> problems = new ArrayList<>();
        String where = "tunnel " + t.name() + ": ";
        if (t.ike().mode() == IkeSettings.Mode.AGGRESSIVE) {
            problems.add(where + "Aggressive Mode is not available in this agent's IKE engine yet; use Main Mode");
        }
        if (t.auth().method() != Authentication.Method.PSK) {
            problems.add(where + t.auth().method() + " authentication is not available in this agent's IKE engine"
                    + " yet; use a pre-shared key");
        }
        if (t.ipsec().protocol() == IpsecSettings.Protocol.AH) {
            problems.add(where + "AH is not negotiated by this agent's IKE engine yet; use ESP");
        }
        if (t.ipsec().mode() == IpsecSettings.Mode.TRANSPORT) {
            problems.add(where + "transport mode is not wired into the running datapath yet; use tunnel mode");
        }
        List<IkeProposal> ike = parseAll(t.ike().proposals(), ProposalParser::parseIke, where + "IKE", problems);
        List<EspProposal> esp = parseAll(t.ipsec().proposals(), ProposalParser::parseEsp, where + "ESP", problems);

        InetAddress remote = null;
        int prefix = -1;
        try {
            AddressRange block = t.remoteAddress().contains("/") || looksLikeRange(t.remoteAddress())
                    ? AddressRange.parse(t.remoteAddress()) : null;
            if (block != null) {
                if (!block.isPrefix()) {
                    problems.add(where + "remote address range " + t.remoteAddress()
                            + " must be a CIDR prefix for the IKE engine");
                } else {
                    remote = block.first();
                    prefix = block.prefixLength();
                }
            } else {
                remote = InetAddress.getByName(t.remoteAddress());
                prefix = remote.getAddress().length * 8;
            }
        } catch (UnknownHostException e) {
            problems.add(where + "cannot resolve the remote address " + t.remoteAddress());
        } catch (IllegalArgumentException e) {
            problems.add(where + "remote address " + t.remoteAddress() + " " + e.getMessage());
        }
        if (remote != null && remote.getAddress().length != local.getAddress().length) {
            problems.add(where + "remote address " + t.remoteAddress() + " and local address "
                    + local.getHostAddress() + " are of different address families");
        }
        boolean single = remote != null && prefix == remote.getAddress().length * 8;
        if (!single && remote != null && t.startAction() != TunnelConfig.StartAction.RESPOND) {
            problems.add(where + "a tunnel to a network of peers can only respond");
        }

        Identity localId = identity(t.localIdentity(), local, where + "local identity", problems);
        Identity remoteId = t.remoteIdentity().isPresent() || !single
                ? (t.remoteIdentity().isPresent()
                        ? identity(t.remoteIdentity(), remote, where + "remote identity", problems) : Identity.ANY)
                : Identity.address(remote);

        List<ChildConfig> children = new ArrayList<>();
        LinkedHashSet<String> routes = new LinkedHashSet<>();
        long ipsecLifetime = Math.max(1, t.ipsec().lifetime().toSeconds());
        for (var c : t.children()) {
            List<AddressRange> locals = c.localRanges();
            List<AddressRange> remotes = c.remoteRanges();
            int pairs = locals.size() * remotes.size();
            int n = 0;
            for (AddressRange l : locals) {
                for (AddressRange r : remotes) {
                    n++;
                    if (esp.isEmpty()) {
                        continue;
                    }
                    String name = pairs == 1 ? c.name() : c.name() + "#" + n;
                    children.add(new ChildConfig(name, selector(l), selector(r), esp, SaSpec.Mode.TUNNEL,
                            ipsecLifetime, t.ipsec().lifetimeKilobytes(), (int) t.ipsec().replayWindow()));
                }
            }
            if (t.vpnType() == TunnelConfig.VpnType.POLICY_BASED) {
                remotes.forEach(r -> routes.addAll(Cidrs.cover(r)));
            }
        }
        if (t.vpnType() == TunnelConfig.VpnType.ROUTE_BASED) {
            routes.addAll(t.routes());
        }
        if (!problems.isEmpty()) {
            throw new IllegalArgumentException(String.join("\n", problems));
        }
        byte[] secret = t.auth().preSharedKey().orElseThrow().bytes();
        PeerConfig peer;
        try {
            peer = new PeerConfig(t.name(), local, remote, prefix, localId, remoteId, PreSharedKey.of(secret), ike,
                    Math.max(1, t.ike().lifetime().toSeconds()), true, true, children).withDpd(dpd(t.ike()));
        } finally {
            java.util.Arrays.fill(secret, (byte) 0);
        }
        return new TunnelPlan(t, peer, List.copyOf(routes));
    }

    /** DPD delay, timeout and action as configured; off when the delay is 0 (RFC 3706). */
    static DpdSettings dpd(IkeSettings ike) {
        if (!ike.dpdEnabled()) {
            return DpdSettings.OFF;
        }
        DpdSettings.Action action = switch (ike.dpdAction()) {
            case RESTART -> DpdSettings.Action.RESTART;
            case CLEAR -> DpdSettings.Action.CLEAR;
            case HOLD -> DpdSettings.Action.HOLD;
        };
        long timeout = (ike.dpdTimeout().isZero() ? IkeSettings.DEFAULT_DPD_TIMEOUT : ike.dpdTimeout()).toMillis();
        return DpdSettings.of(ike.dpdDelay().toMillis(), timeout, action);
    }

    private static boolean looksLikeRange(String s) {
        return s.indexOf('-') > 0 && s.chars().allMatch(ch -> Character.digit(ch, 16) >= 0 || ch == '.' || ch == ':'
                || ch == '-');
    }

    private static TrafficSelector selector(AddressRange r) {
        return new TrafficSelector(r.first(), r.last(), 0, 0, 65535);
    }

    private static <T> List<T> parseAll(List<String> texts, Function<String, List<T>> parser, String what,
            List<String> problems) {
        List<T> out = new ArrayList<>();
        for (String text : texts) {
            try {
                for (T p : parser.apply(text)) {
                    if (!out.contains(p)) {
                        out.add(p);
                    }
                }
            } catch (IllegalArgumentException e) {
                problems.add(what + " proposal '" + text + "': " + e.getMessage());
            }
        }
        return out;
    }

    private static Identity identity(java.util.Optional<io.gatewise.agent.config.Identity> configured,
            InetAddress address, String what, List<String> problems) {
        if (configured.isEmpty()) {
            return address == null ? Identity.ANY : Identity.address(address);
        }
        var id = configured.get();
        try {
            return switch (id.type()) {
                case IPV4_ADDR, IPV6_ADDR -> Identity.address(InetAddress.getByName(id.value()));
                case FQDN -> Identity.fqdn(id.value());
                case USER_FQDN -> Identity.userFqdn(id.value());
                case DER_ASN1_DN -> new Identity(IdType.DER_ASN1_DN,
                        Bytes.of(new X500Principal(id.value()).getEncoded()));
            };
        } catch (UnknownHostException | IllegalArgumentException e) {
            problems.add(what + " " + id.value() + " is not usable: " + e.getMessage());
            return Identity.ANY;
        }
    }
}
