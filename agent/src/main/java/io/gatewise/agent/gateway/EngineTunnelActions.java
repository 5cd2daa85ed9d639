package io.gatewise.agent.gateway;

import io.gatewise.agent.config.TunnelActions.Outcome;
import io.gatewise.agent.ike.IkeEngine;
import io.gatewise.agent.ike.IkeSaInfo;
import io.gatewise.agent.ike.config.ChildConfig;
import io.gatewise.agent.ike.config.PeerConfig;
import io.gatewise.agent.ike.sa.ChildSa;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * The operator's per-tunnel actions on the IKE engine, run on the engine's thread. Pure
 * engine calls, so the same code runs in {@link LinuxGateway} and in engine-vs-engine
 * tests without sockets.
 *
 * <pre>
 *   bring up   missing children only: Main Mode (if no IKE SA) + one Quick Mode each
 *   clear      every IKE SA of the tunnel deleted: ESP and ISAKMP Delete payloads
 *              (RFC 2408 section 3.15, RFC 2409 section 5.5), SAs removed from the datapath
 *   reset      clear, then bring up (a new Main Mode, new cookies, new SPIs)
 *   rekey      a new Phase 1 takes over the children, then one Quick Mode each;
 *              make-before-break, the old SAs deleted once the new ones carry traffic
 * </pre>
 */
public final class EngineTunnelActions {
    private EngineTunnelActions() {
    }

    /**
     * Negotiates what is missing: nothing when every child SA is installed, Quick Modes
     * on the established IKE SA when only children are missing, Main Mode and Quick Modes
     * otherwise. A Phase 1 already in progress is left to finish.
     */
    public static Outcome bringUp(IkeEngine engine, String tunnel, long now) {
        Optional<PeerConfig> peer = engine.peer(tunnel);
        if (peer.isEmpty()) {
            return Outcome.refused("no tunnel named " + tunnel + " runs on this gateway");
        }
        if (!peer.get().canInitiate()) {
            return Outcome.refused("tunnel " + tunnel + " accepts a whole network of peers; only a peer can initiate");
        }
        List<IkeSaInfo> sas = saOf(engine, tunnel);
        boolean established = sas.stream().anyMatch(s -> s.state().equals("ESTABLISHED"));
        boolean connecting = sas.stream().anyMatch(s -> s.state().equals("CONNECTING") && s.initiator());
        Set<String> installed = new HashSet<>();
        sas.forEach(s -> s.children().forEach(c -> installed.add(c.name())));
        List<String> missing = new ArrayList<>();
        for (ChildConfig c : peer.get().children()) {
            if (!installed.contains(c.name())) {
                missing.add(c.name());
            }
        }
        if (missing.isEmpty()) {
            return Outcome.done("already up: " + installed.size() + " IPsec SA(s) installed; nothing negotiated");
        }
        if (connecting && !established) {
            return Outcome.done("Main Mode already in progress; its Quick Modes follow");
        }
        for (String child : missing) {
            engine.initiate(tunnel, child, now);
        }
        return Outcome.done(established
                ? "negotiating " + missing.size() + " Quick Mode(s) on the established IKE SA"
                : "negotiating Main Mode and " + missing.size() + " Quick Mode(s)");
    }

    /** Deletes every SA of the tunnel, telling the peer; the tunnel stays configured. */
    public static Outcome clear(IkeEngine engine, String tunnel, long now) {
        if (engine.peer(tunnel).isEmpty()) {
            return Outcome.refused("no tunnel named " + tunnel + " runs on this gateway");
        }
        List<IkeSaInfo> sas = saOf(engine, tunnel);
        int children = sas.stream().mapToInt(s -> s.children().size()).sum();
        if (sas.isEmpty()) {
            return Outcome.done("no SAs to delete");
        }
        engine.terminate(tunnel, now);
        return Outcome.done("deleted " + sas.size() + " IKE SA(s) and " + children
                + " IPsec SA(s), Delete payloads sent to the peer");
    }

    /** Clear, then bring up: new IKE and IPsec SAs with new keys and SPIs. */
    public static Outcome reset(IkeEngine engine, String tunnel, long now) {
        Outcome cleared = clear(engine, tunnel, now);
        if (!cleared.ok()) {
            return cleared;
        }
        Outcome up = bringUp(engine, tunnel, now);
        return up.ok() ? Outcome.done(cleared.detail() + "; then " + up.detail()) : up;
    }

    /**
     * New keys now without a gap ({@link IkeEngine#rekeyTunnel}): traffic stays on the old
     * SAs until the new ones are installed. A tunnel that is not up has nothing to rekey;
     * bring it up instead.
     */
    public static Outcome rekey(IkeEngine engine, String tunnel, long now) {
        if (engine.peer(tunnel).isEmpty()) {
            return Outcome.refused("no tunnel named " + tunnel + " runs on this gateway");
        }
        if (!engine.rekeyTunnel(tunnel, now)) {
            return Outcome.refused("tunnel " + tunnel + " has no established IKE SA to rekey; bring it up instead");
        }
        return Outcome.done("rekeying: a new Main Mode, then a Quick Mode for each of "
                + childrenOf(engine, tunnel).size() + " child SA pair(s); the old SAs are deleted once"
                + " the new ones are installed");
    }

    /** The tunnel's IKE SAs that are not dead. */
    static List<IkeSaInfo> saOf(IkeEngine engine, String tunnel) {
        return engine.ikeSas().stream().filter(s -> tunnel.equals(s.peer()) && !s.state().equals("DEAD")).toList();
    }

    /** The tunnel's installed IPsec SAs. */
    static List<ChildSa> childrenOf(IkeEngine engine, String tunnel) {
        List<ChildSa> out = new ArrayList<>();
        saOf(engine, tunnel).forEach(s -> out.addAll(s.children()));
        return out;
    }
}
