package io.gatewise.agent.ike.config;

import java.util.List;
import java.util.Objects;

import io.gatewise.agent.ike.proposal.EspProposal;
import io.gatewise.agent.ipsec.SaSpec;
import io.gatewise.agent.ipsec.TrafficSelector;

/**
 * One IPsec SA pair to negotiate with a peer (one Quick Mode): the selector pair carried
 * in the Quick Mode client IDs (RFC 2409 section 5.5), ESP proposals in preference
 * order, mode and lifetimes.
 *
 * @param local             our protected side (IDci when we initiate)
 * @param remote            the peer's protected side
 * @param lifetimeSeconds   hard lifetime proposed or accepted (RFC 2407 section 4.5)
 * @param lifetimeKilobytes 0 for no volume limit
 * @param replayWindow      anti-replay window of the inbound SA in packets (RFC 4303
 *                          section 3.4.3)
 * @param interfaceId       the datapath interface the child's SAs and policy are bound to
 *                          (strongSwan's {@code if_id_in/if_id_out}):
 *                          {@link SaSpec#MAIN_INTERFACE} for policy-based tunnels, the
 *                          tunnel's own interface for route-based ones
 */
public record ChildConfig(String name, TrafficSelector local, TrafficSelector remote, List<EspProposal> proposals,
        SaSpec.Mode mode, long lifetimeSeconds, long lifetimeKilobytes, int replayWindow, int interfaceId) {

    public static final long DEFAULT_LIFETIME_SECONDS = 3600;
    /** Large enough for multi-gigabit reordering across pipelines; strongSwan's 32 is too small there. */
    public static final int DEFAULT_REPLAY_WINDOW = 1024;

    public ChildConfig {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(local, "local");
        Objects.requireNonNull(remote, "remote");
        Objects.requireNonNull(mode, "mode");
        proposals = List.copyOf(proposals);
        if (proposals.isEmpty()) {
            throw new IllegalArgumentException("child " + name + " has no ESP proposal");
        }
        if (lifetimeSeconds <= 0 || lifetimeKilobytes < 0) {
            throw new IllegalArgumentException("child " + name + ": bad lifetime");
        }
        if (replayWindow < 1) {
            throw new IllegalArgumentException("child " + name + ": replay window must be at least 1");
        }
        if (interfaceId < 0) {
            throw new IllegalArgumentException("child " + name + ": interface id must not be negative");
        }
    }

    /** On the shared TUN device. */
    public ChildConfig(String name, TrafficSelector local, TrafficSelector remote, List<EspProposal> proposals,
            SaSpec.Mode mode, long lifetimeSeconds, long lifetimeKilobytes, int replayWindow) {
        this(name, local, remote, proposals, mode, lifetimeSeconds, lifetimeKilobytes, replayWindow,
                SaSpec.MAIN_INTERFACE);
    }

    /** With the default replay window. */
    public ChildConfig(String name, TrafficSelector local, TrafficSelector remote, List<EspProposal> proposals,
            SaSpec.Mode mode, long lifetimeSeconds, long lifetimeKilobytes) {
        this(name, local, remote, proposals, mode, lifetimeSeconds, lifetimeKilobytes, DEFAULT_REPLAY_WINDOW);
    }

    /** A tunnel-mode child with the default lifetime. */
    public static ChildConfig tunnel(String name, TrafficSelector local, TrafficSelector remote,
            List<EspProposal> proposals) {
        return new ChildConfig(name, local, remote, proposals, SaSpec.Mode.TUNNEL, DEFAULT_LIFETIME_SECONDS, 0);
    }
}
