package io.gatewise.agent.ike.config;

import io.gatewise.agent.ike.auth.IkeIdentity;
import io.gatewise.agent.ike.proposal.IkeProposal;

import java.net.InetAddress;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * A peer we negotiate with: addresses, identities, the pre-shared key, phase 1 proposals
 * in preference order, lifetime and its children.
 *
 * <p>As responder a Main Mode peer is found by the initiator's address before any
 * identity is known (the PSK keys message 5, RFC 2409 section 5.4), so
 * {@code remoteAddress}/{@code remotePrefixLength} may name a whole network (a prefix
 * shorter than the address) for responder-only peers such as road warriors or a load
 * test; initiating needs a single address.
 *
 * @param forceEncapsulation behave as if behind a NAT (RFC 3947 NAT-D with a made-up
 *                           local hash), so ESP runs in UDP 4500 even without NAT, as the
 *                           userspace datapath needs; strongSwan's kernel-libipsec does
 *                           the same
 * @param sendInitialContact send INITIAL-CONTACT in Main Mode message 5/6 (RFC 2407
 *                           section 4.6.3.3)
 * @param mode               Main Mode or Aggressive Mode
 * @param certificates       signature authentication (certificates), or {@code null} for
 *                           the pre-shared key {@code psk}; exactly one of the two is set
 * @param dpd                our Dead Peer Detection probes and the action on a dead peer
 */
public record PeerConfig(String name, InetAddress localAddress, InetAddress remoteAddress, int remotePrefixLength,
        Identity localId, Identity remoteId, PreSharedKey psk, List<IkeProposal> proposals, long lifetimeSeconds,
        boolean forceEncapsulation, boolean sendInitialContact, List<ChildConfig> children, Phase1Mode mode,
        CertificateAuth certificates, DpdSettings dpd) {

    public static final long DEFAULT_LIFETIME_SECONDS = 28800;

    public PeerConfig {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(localAddress, "localAddress");
        Objects.requireNonNull(remoteAddress, "remoteAddress");
        Objects.requireNonNull(localId, "localId");
        Objects.requireNonNull(remoteId, "remoteId");
        Objects.requireNonNull(mode, "mode");
        Objects.requireNonNull(dpd, "dpd");
        if ((psk == null) == (certificates == null)) {
            throw new IllegalArgumentException("peer " + name + " needs either a pre-shared key or certificates");
        }
        proposals = List.copyOf(proposals);
        children = List.copyOf(children);
        int bits = remoteAddress.getAddress().length * 8;
        if (remotePrefixLength < 0 || remotePrefixLength > bits) {
            throw new IllegalArgumentException("peer " + name + ": prefix length " + remotePrefixLength);
        }
        if (localAddress.getAddress().length != remoteAddress.getAddress().length) {
            throw new IllegalArgumentException("peer " + name + " mixes address families");
        }
        if (proposals.isEmpty()) {
            throw new IllegalArgumentException("peer " + name + " has no IKE proposal");
        }
        if (localId.isAny()) {
            throw new IllegalArgumentException("peer " + name + " needs a local identity");
        }
        if (lifetimeSeconds <= 0) {
            throw new IllegalArgumentException("peer " + name + ": bad lifetime");
        }
        if (certificates != null && !certificates.credentials().vouchesFor(toAuth(localId))) {
            // RFC 4945 section 3.1: the peer checks our ID against our certificate and refuses us
            throw new IllegalArgumentException("peer " + name + ": our certificate "
                    + certificates.credentials().subject() + " does not contain our identity " + localId);
        }
    }

    /** A Main Mode peer (the form before Aggressive Mode and certificates existed). */
    public PeerConfig(String name, InetAddress localAddress, InetAddress remoteAddress, int remotePrefixLength,
            Identity localId, Identity remoteId, PreSharedKey psk, List<IkeProposal> proposals, long lifetimeSeconds,
            boolean forceEncapsulation, boolean sendInitialContact, List<ChildConfig> children) {
        this(name, localAddress, remoteAddress, remotePrefixLength, localId, remoteId, psk, proposals,
                lifetimeSeconds, forceEncapsulation, sendInitialContact, children, Phase1Mode.MAIN, null,
                DpdSettings.OFF);
    }

    /** Main or Aggressive Mode, PSK or certificates, without DPD probes of our own. */
    public PeerConfig(String name, InetAddress localAddress, InetAddress remoteAddress, int remotePrefixLength,
            Identity localId, Identity remoteId, PreSharedKey psk, List<IkeProposal> proposals, long lifetimeSeconds,
            boolean forceEncapsulation, boolean sendInitialContact, List<ChildConfig> children, Phase1Mode mode,
            CertificateAuth certificates) {
        this(name, localAddress, remoteAddress, remotePrefixLength, localId, remoteId, psk, proposals,
                lifetimeSeconds, forceEncapsulation, sendInitialContact, children, mode, certificates, DpdSettings.OFF);
    }

    /** Dead Peer Detection probes (RFC 3706) with these settings. */
    public PeerConfig withDpd(DpdSettings d) {
        return new PeerConfig(name, localAddress, remoteAddress, remotePrefixLength, localId, remoteId, psk,
                proposals, lifetimeSeconds, forceEncapsulation, sendInitialContact, children, mode, certificates, d);
    }

    /** An identity in the form the certificate checks use. */
    public static IkeIdentity toAuth(Identity id) {
        return IkeIdentity.fromPayload(id.type().value(), id.data().toByteArray());
    }

    /** True when the peer authenticates with certificates (signatures), false for a pre-shared key. */
    public boolean usesCertificates() {
        return certificates != null;
    }

    /**
     * Configuration risks to log (and show) whenever this peer is configured, e.g. that
     * Aggressive Mode with a pre-shared key exposes a hash of the key to offline guessing
     * (RFC 2409 section 5.4: HASH_R in message 2 is keyed with SKEYID, i.e. the PSK).
     */
    public List<String> warnings() {
        List<String> out = new ArrayList<>();
        if (mode == Phase1Mode.AGGRESSIVE && psk != null) {
            out.add("tunnel " + name + " uses Aggressive Mode with a pre-shared key: the PSK hash can be attacked "
                    + "offline");
        }
        if (mode == Phase1Mode.AGGRESSIVE && proposals.stream().map(IkeProposal::group).distinct().count() > 1) {
            out.add("tunnel " + name + " uses Aggressive Mode with several DH groups: only the first proposal's "
                    + "group can be used (KE travels in message 1)");
        }
        return out;
    }

    public PeerConfig withMode(Phase1Mode m) {
        return new PeerConfig(name, localAddress, remoteAddress, remotePrefixLength, localId, remoteId, psk,
                proposals, lifetimeSeconds, forceEncapsulation, sendInitialContact, children, m, certificates, dpd);
    }

    /** Signature authentication instead of the pre-shared key. */
    public PeerConfig withCertificates(CertificateAuth c) {
        return new PeerConfig(name, localAddress, remoteAddress, remotePrefixLength, localId, remoteId, null,
                proposals, lifetimeSeconds, forceEncapsulation, sendInitialContact, children, mode, c, dpd);
    }

    /** A single-address peer, identities = addresses, encapsulation forced, INITIAL-CONTACT on. */
    public static PeerConfig simple(String name, InetAddress local, InetAddress remote, PreSharedKey psk,
            List<IkeProposal> proposals, List<ChildConfig> children) {
        return new PeerConfig(name, local, remote, remote.getAddress().length * 8, Identity.address(local),
                Identity.address(remote), psk, proposals, DEFAULT_LIFETIME_SECONDS, true, true, children);
    }

    /** Whether an initiator at {@code address} may be this peer. */
    public boolean matchesRemote(InetAddress address) {
        byte[] a = address.getAddress();
        byte[] n = remoteAddress.getAddress();
        if (a.length != n.length) {
            return false;
        }
        for (int bit = 0; bit < remotePrefixLength; bit++) {
            int mask = 0x80 >>> (bit % 8);
            if ((a[bit / 8] & mask) != (n[bit / 8] & mask)) {
                return false;
            }
        }
        return true;
    }

    /** True when the peer is one address we can initiate to. */
    public boolean canInitiate() {
        return remotePrefixLength == remoteAddress.getAddress().length * 8;
    }

    public Optional<ChildConfig> child(String childName) {
        return children.stream().filter(c -> c.name().equals(childName)).findFirst();
    }

    public PeerConfig withLifetime(long seconds) {
        return new PeerConfig(name, localAddress, remoteAddress, remotePrefixLength, localId, remoteId, psk,
                proposals, seconds, forceEncapsulation, sendInitialContact, children, mode, certificates, dpd);
    }

    public PeerConfig withIdentities(Identity local, Identity remote) {
        return new PeerConfig(name, localAddress, remoteAddress, remotePrefixLength, local, remote, psk, proposals,
                lifetimeSeconds, forceEncapsulation, sendInitialContact, children, mode, certificates, dpd);
    }

    public PeerConfig withRemotePrefix(int prefixLength) {
        return new PeerConfig(name, localAddress, remoteAddress, prefixLength, localId, remoteId, psk, proposals,
                lifetimeSeconds, forceEncapsulation, sendInitialContact, children, mode, certificates, dpd);
    }

    public PeerConfig withForceEncapsulation(boolean force) {
        return new PeerConfig(name, localAddress, remoteAddress, remotePrefixLength, localId, remoteId, psk,
                proposals, lifetimeSeconds, force, sendInitialContact, children, mode, certificates, dpd);
    }
}
