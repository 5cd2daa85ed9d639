package io.gatewise.agent.gateway;

import io.gatewise.agent.config.AddressRange;
import io.gatewise.agent.config.Authentication;
import io.gatewise.agent.config.IkeSettings;
import io.gatewise.agent.config.IpsecSettings;
import io.gatewise.agent.config.TunnelConfig;
import io.gatewise.agent.ike.auth.CredentialException;
import io.gatewise.agent.ike.codec.Bytes;
import io.gatewise.agent.ike.codec.IdType;
import io.gatewise.agent.ike.config.CertificateAuth;
import io.gatewise.agent.ike.config.ChildConfig;
import io.gatewise.agent.ike.config.DpdSettings;
import io.gatewise.agent.ike.config.Identity;
import io.gatewise.agent.ike.config.PeerConfig;
import io.gatewise.agent.ike.config.Phase1Mode;
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
 *   <li>Routes: the remote selectors (policy-based, into the shared TUN device) or the
 *       configured routes (route-based, into the tunnel's own {@link RouteInterface}, to
 *       which its children's SAs and policies are bound), as CIDR prefixes.</li>
 * </ul>
 *
 * <ul>
 *   <li>Phase 1: Main or Aggressive Mode (RFC 2409 sections 5.4, 5.5); pre-shared key or
 *       certificate signatures with the credentials of {@link TunnelCredentials} (the
 *       key in our certificate decides RSA or ECDSA, RFC 4754).</li>
 *   <li>Identities as configured. With certificates and no local identity we present our
 *       certificate's subject DN (ID_DER_ASN1_DN), and a configured DN equal to that
 *       subject is sent in the certificate's own encoding, so a peer comparing bytes
 *       with the certificate agrees.</li>
 *   <li>Lifetimes in seconds and kilobytes as configured; DPD delay, timeout and action
 *       go to the engine, which probes an idle peer and acts (RFC 3706).</li>
 *   <li>Start action: START negotiates at once, ON_TRAFFIC through the datapath's trap
 *       policies, RESPOND never initiates (LinuxGateway).</li>
 * </ul>
 *
 * What the running engine cannot do is refused with a plain reason, so that the
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
        return translate(t, local, TunnelCredentials.none());
    }

    /**
     * @param local       our IKE address
     * @param credentials where certificate tunnels get our certificate, key and trusted CA
     * @return the plan, or throws {@link IllegalArgumentException} whose messages are the
     *         problems, each prefixed with the tunnel name
     */
    public static TunnelPlan translate(TunnelConfig t, InetAddress local, TunnelCredentials credentials) {
        List<String> problems = new ArrayList<>();
        String where = "tunnel " + t.name() + ": ";
        if (t.ipsec().protocol() == IpsecSettings.Protocol.AH) {
            // Quick Mode proposes and accepts PROTO_IPSEC_ESP only (Phase2Proposals)
            problems.add(where + "AH is not negotiated by this agent's IKE engine; use ESP");
        }
        if (t.ipsec().mode() == IpsecSettings.Mode.TRANSPORT) {
            // transport mode would protect the gateways' own addresses: routing the peer's
            // address into the TUN device would capture IKE itself
            problems.add(where + "transport mode is not wired into the running datapath; use tunnel mode");
        }
        CertificateAuth certificates = null;
        if (t.auth().usesCertificates()) {
            try {
                certificates = credentials.forTunnel(t.auth());
            } catch (CredentialException e) {
                problems.add(where + e.getMessage());
            }
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

        Identity localId = certificates != null
                ? certificateLocalIdentity(t.localIdentity(), certificates, local, where, problems)
                : identity(t.localIdentity(), local, where + "local identity", problems);
        Identity remoteId = t.remoteIdentity().isPresent() || !single
                ? (t.remoteIdentity().isPresent()
                        ? identity(t.remoteIdentity(), remote, where + "remote identity", problems) : Identity.ANY)
                : Identity.address(remote);

        List<ChildConfig> children = new ArrayList<>();
        long ipsecLifetime = Math.max(1, t.ipsec().lifetime().toSeconds());
        // route-based: the children's SAs and policies belong to the tunnel's own interface
        int interfaceId = t.vpnType() == TunnelConfig.VpnType.ROUTE_BASED
                ? RouteInterface.forTunnel(t.name()).id() : SaSpec.MAIN_INTERFACE;
        for (var c : t.children()) {
            // one SA pair per local x remote selector of the same family (the validator
            // made sure every selector has a partner): an IPv4 source never reaches an IPv6 host
            List<AddressRange[]> pairs = new ArrayList<>();
            for (AddressRange l : c.localRanges()) {
                for (AddressRange r : c.remoteRanges()) {
                    if (r.isIpv4() == l.isIpv4()) {
                        pairs.add(new AddressRange[] {l, r});
                    }
                }
            }
            for (int n = 1; n <= pairs.size() && !esp.isEmpty(); n++) {
                AddressRange[] pair = pairs.get(n - 1);
                String name = pairs.size() == 1 ? c.name() : c.name() + "#" + n;
                children.add(new ChildConfig(name, selector(pair[0]), selector(pair[1]), esp, SaSpec.Mode.TUNNEL,
                        ipsecLifetime, t.ipsec().lifetimeKilobytes(), (int) t.ipsec().replayWindow(), interfaceId));
            }
        }
        if (!problems.isEmpty()) {
            throw new IllegalArgumentException(String.join("\n", problems));
        }
        Phase1Mode mode = t.ike().mode() == IkeSettings.Mode.AGGRESSIVE ? Phase1Mode.AGGRESSIVE : Phase1Mode.MAIN;
        long ikeLifetime = Math.max(1, t.ike().lifetime().toSeconds());
        PeerConfig peer;
        try {
            if (certificates != null) {
                // PeerConfig checks that our certificate vouches for localId (RFC 4945 section 3.1)
                peer = new PeerConfig(t.name(), local, remote, prefix, localId, remoteId, null, ike, ikeLifetime,
                        true, true, children, mode, certificates).withDpd(dpd(t.ike()));
            } else {
                byte[] secret = t.auth().preSharedKey().orElseThrow().bytes();
                try {
                    peer = new PeerConfig(t.name(), local, remote, prefix, localId, remoteId,
                            PreSharedKey.of(secret), ike, ikeLifetime, true, true, children, mode, null)
                            .withDpd(dpd(t.ike()));
                } finally {
                    java.util.Arrays.fill(secret, (byte) 0);
                }
            }
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(where + e.getMessage(), e);
        }
        return new TunnelPlan(t, peer, routes(t), warnings(t, certificates));
    }

    /**
     * The prefixes a tunnel routes while it exists: policy-based, the CIDRs covering each
     * child's remote ranges (into the shared TUN device); route-based, the configured routes
     * (into its own interface). From the config alone, no DNS.
     */
    static List<String> routes(TunnelConfig t) {
        LinkedHashSet<String> routes = new LinkedHashSet<>();
        if (t.vpnType() == TunnelConfig.VpnType.ROUTE_BASED) {
            // canonical text, so that 2001:DB8:9:0::/64 and 2001:db8:9::/64 are one prefix
            // (RouteConflicts compares the texts)
            t.routes().forEach(r -> routes.add(canonicalPrefix(r)));
        } else {
            t.children().forEach(c -> c.remoteRanges().forEach(r -> routes.addAll(Cidrs.cover(r))));
        }
        return List.copyOf(routes);
    }

    /**
     * Things to tell the operator once when the tunnel is configured (not problems: the
     * tunnel runs).
     */
    static List<String> warnings(TunnelConfig t, CertificateAuth certificates) {
        List<String> out = new ArrayList<>();
        String where = "tunnel " + t.name() + ": ";
        if (t.ike().mode() == IkeSettings.Mode.AGGRESSIVE && t.auth().method() == Authentication.Method.PSK) {
            // RFC 2409 section 5.4: HASH_R in message 2 is keyed with SKEYID = prf(PSK, Ni | Nr)
            out.add(where + "Aggressive Mode with a pre-shared key: identity sent in clear; PSK hash exposed to"
                    + " offline guessing");
        }
        if (certificates != null) {
            String key = certificates.credentials().certificate().getPublicKey().getAlgorithm();
            boolean rsa = key.equals("RSA");
            if ((t.auth().method() == Authentication.Method.RSA_SIGNATURE) != rsa) {
                out.add(where + "configured for " + t.auth().method() + " but our certificate has an " + key
                        + " key: authenticating with " + certificates.credentials().scheme());
            }
        }
        return out;
    }

    /**
     * Our identity with certificates: the configured one, except that a distinguished name
     * equal to our certificate's subject is sent in the certificate's own DER encoding
     * (X.500 names compare by value, RFC 5280 section 7.1, but some peers compare bytes);
     * none configured: the subject DN.
     */
    private static Identity certificateLocalIdentity(java.util.Optional<io.gatewise.agent.config.Identity> configured,
            CertificateAuth certificates, InetAddress local, String where, List<String> problems) {
        X500Principal subject = certificates.credentials().certificate().getSubjectX500Principal();
        if (configured.isEmpty()) {
            return Identity.distinguishedName(subject);
        }
        if (configured.get().type() == io.gatewise.agent.config.Identity.Type.DER_ASN1_DN) {
            try {
                if (new X500Principal(configured.get().value()).equals(subject)) {
                    return Identity.distinguishedName(subject);
                }
            } catch (IllegalArgumentException e) {
                problems.add(where + "local identity " + configured.get().value() + " is not a distinguished name");
                return Identity.distinguishedName(subject);
            }
        }
        return identity(configured, local, where + "local identity", problems);
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

    private static String canonicalPrefix(String route) {
        try {
            return AddressRange.parsePrefix(route).toString();
        } catch (IllegalArgumentException e) {
            return route;   // not validated yet: the validator reports it
        }
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
