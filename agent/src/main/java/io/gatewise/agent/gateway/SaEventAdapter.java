package io.gatewise.agent.gateway;

import io.gatewise.agent.events.NegotiatedSa;
import io.gatewise.agent.events.NegotiationFailure;
import io.gatewise.agent.events.SaDeletion;
import io.gatewise.agent.events.SaEventKind;
import io.gatewise.agent.events.SaEventSink;
import io.gatewise.agent.events.SaRole;
import io.gatewise.agent.events.TunnelEvent;
import io.gatewise.agent.ike.event.ChildSaDeleted;
import io.gatewise.agent.ike.event.ChildSaEstablished;
import io.gatewise.agent.ike.event.ChildSaFailed;
import io.gatewise.agent.ike.event.ChildSaRekeyed;
import io.gatewise.agent.ike.event.DpdTimeout;
import io.gatewise.agent.ike.event.IkeEvent;
import io.gatewise.agent.ike.event.IkeEventListener;
import io.gatewise.agent.ike.event.IkeSaDeleted;
import io.gatewise.agent.ike.event.IkeSaEstablished;
import io.gatewise.agent.ike.event.IkeSaFailed;
import io.gatewise.agent.ike.event.IkeSaRekeyed;
import java.util.List;
import java.util.function.Supplier;

/**
 * Turns the IKE engine's events into the audit trail's {@link TunnelEvent}s (the agent's
 * disk queue, then the server). Runs on the IKE thread, as {@link SaEventSink} wants.
 *
 * <p>Chosen proposals are given in the engine's plain form ("AES-128/SHA1/MODP-2048"); a failure
 * carries the offered and accepted lists in strongSwan syntax when proposals were the problem and the engine
 * knows them: both when we responded, only our offer when the peer refused it.
 */
public final class SaEventAdapter implements IkeEventListener {
    private final Supplier<SaEventSink> sink;

    /** @param sink looked up per event, so that the sink may appear after the engine starts */
    public SaEventAdapter(Supplier<SaEventSink> sink) {
        this.sink = sink;
    }

    @Override
    public void onEvent(IkeEvent event) {
        SaEventSink s = sink.get();
        if (s != null) {
            s.report(map(event));
        }
    }

    static TunnelEvent map(IkeEvent event) {
        if (event instanceof IkeSaEstablished e) {
            return cookies(TunnelEvent.builder(SaEventKind.PHASE1_ESTABLISHED, e.peer()), e.ikeSa())
                    .peerEndpoint(endpoint(e.remote())).role(e.initiator() ? SaRole.INITIATOR : SaRole.RESPONDER)
                    .stage(e.mode() + "_mode")
                    .negotiated(NegotiatedSa.phase1(e.mode(), e.proposal(), lastPart(e.proposal()), e.authMethod(),
                            e.remoteId(), e.peerCertificateSha256(), e.natT(), e.lifetimeSeconds()))
                    .build();
        }
        if (event instanceof IkeSaFailed e) {
            return cookies(TunnelEvent.builder(SaEventKind.PHASE1_FAILED, e.peer()), e.ikeSa())
                    .stage("main_mode")
                    .failure(new NegotiationFailure(e.notifyType(), !e.byPeer(), e.offered(), e.accepted(), e.reason()))
                    .build();
        }
        if (event instanceof IkeSaDeleted e) {
            return cookies(TunnelEvent.builder(SaEventKind.PHASE1_DELETED, e.peer()), e.ikeSa())
                    .stage("informational")
                    .deletion(new SaDeletion(e.reason().contains("by peer"), e.reason(), "", "")).build();
        }
        if (event instanceof ChildSaEstablished e) {
            return cookies(TunnelEvent.builder(SaEventKind.CHILD_ESTABLISHED, e.peer()), e.ikeSa())
                    .child(e.child()).stage("quick_mode")
                    .negotiated(NegotiatedSa.quickMode(e.proposal(), pfsGroup(e.proposal()), e.spiIn(), e.spiOut(),
                            e.lifetimeSeconds(), 0, List.of(e.localTs()), List.of(e.remoteTs()),
                            e.mode().contains("udp") ? "udp-tunnel" : "tunnel", e.mode().contains("udp")))
                    .build();
        }
        if (event instanceof ChildSaFailed e) {
            return cookies(TunnelEvent.builder(SaEventKind.QUICK_MODE_FAILED, e.peer()), e.ikeSa())
                    .child(e.child()).stage("quick_mode")
                    .failure(new NegotiationFailure(e.notifyType(), !e.byPeer(), e.offered(), e.accepted(), e.reason()))
                    .build();
        }
        if (event instanceof ChildSaDeleted e) {
            return TunnelEvent.builder(SaEventKind.CHILD_DELETED, e.peer()).child(e.child())
                    .stage("informational")
                    .deletion(new SaDeletion(e.reason().contains("by peer"), e.reason(), e.spiIn(), e.spiOut()))
                    .build();
        }
        if (event instanceof IkeSaRekeyed e) {
            // the new SA's cookies: the one that carries the tunnel from now on
            return cookies(TunnelEvent.builder(SaEventKind.PHASE1_REKEYED, e.peer()), e.newIkeSa())
                    .role(e.byPeer() ? SaRole.RESPONDER : SaRole.INITIATOR).stage("main_mode")
                    .deletion(new SaDeletion(e.byPeer(), "rekeyed", "", "")).build();
        }
        if (event instanceof ChildSaRekeyed e) {
            return cookies(TunnelEvent.builder(SaEventKind.CHILD_REKEYED, e.peer()), e.ikeSa())
                    .child(e.child()).role(e.byPeer() ? SaRole.RESPONDER : SaRole.INITIATOR).stage("quick_mode")
                    .deletion(new SaDeletion(e.byPeer(), "rekeyed", e.oldSpiIn(), e.oldSpiOut()))
                    .build();
        }
        if (event instanceof DpdTimeout e) {
            return cookies(TunnelEvent.builder(SaEventKind.DPD_TIMEOUT, e.peer()), e.ikeSa())
                    .peerEndpoint(endpoint(e.remote())).stage("dpd")
                    .deletion(new SaDeletion(false, "dpd timeout: " + e.describe(), "", "")).build();
        }
        throw new IllegalArgumentException("unknown event " + event.getClass());
    }

    private static TunnelEvent.Builder cookies(TunnelEvent.Builder b, String ikeSa) {
        int sep = ikeSa.indexOf('_');
        return sep < 0 ? b : b.cookies(ikeSa.substring(0, sep), ikeSa.substring(sep + 1));
    }

    /** "/192.0.2.1:4500" (InetSocketAddress text) → "192.0.2.1:4500". */
    private static String endpoint(String socketAddress) {
        int slash = socketAddress.indexOf('/');
        return slash < 0 ? socketAddress : socketAddress.substring(slash + 1);
    }

    private static String lastPart(String proposal) {
        return proposal.substring(proposal.lastIndexOf('/') + 1);
    }

    /** "ESP AES-128/SHA1/MODP-2048" → "MODP-2048"; "" without PFS. */
    private static String pfsGroup(String proposal) {
        String last = lastPart(proposal);
        return last.startsWith("MODP") || last.startsWith("ECP") ? last : "";
    }
}
