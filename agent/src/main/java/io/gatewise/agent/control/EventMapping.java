package io.gatewise.agent.control;

import io.gatewise.agent.events.NegotiatedSa;
import io.gatewise.agent.events.NegotiationFailure;
import io.gatewise.agent.events.SaDeletion;
import io.gatewise.agent.events.StatusSnapshot;
import io.gatewise.agent.events.TunnelEvent;
import io.gatewise.proto.v1.ChildSaStatus;
import io.gatewise.proto.v1.Deletion;
import io.gatewise.proto.v1.EventKind;
import io.gatewise.proto.v1.Failure;
import io.gatewise.proto.v1.IkeSaStatus;
import io.gatewise.proto.v1.Negotiated;
import io.gatewise.proto.v1.Role;
import io.gatewise.proto.v1.SaEvent;
import io.gatewise.proto.v1.StatusReport;

/** The one place where the engine's plain-Java events and status become protobuf messages. */
final class EventMapping {
    private EventMapping() {
    }

    static SaEvent event(TunnelEvent e) {
        SaEvent.Builder b = SaEvent.newBuilder()
                .setTimestampMillis(e.at().toEpochMilli())
                .setKind(kind(e))
                .setTunnel(e.tunnel())
                .setChild(e.child())
                .setPeerEndpoint(e.peerEndpoint())
                .setRole(switch (e.role()) {
                    case INITIATOR -> Role.ROLE_INITIATOR;
                    case RESPONDER -> Role.ROLE_RESPONDER;
                    case UNKNOWN -> Role.ROLE_UNSPECIFIED;
                })
                .setStage(e.stage())
                .setInitiatorCookie(e.initiatorCookie())
                .setResponderCookie(e.responderCookie());
        e.negotiated().ifPresent(n -> b.setNegotiated(negotiated(n)));
        e.failure().ifPresent(f -> b.setFailure(failure(f)));
        e.deletion().ifPresent(d -> b.setDeletion(deletion(d)));
        return b.build();
    }

    private static EventKind kind(TunnelEvent e) {
        return switch (e.kind()) {
            case PHASE1_STARTED -> EventKind.EVENT_KIND_PHASE1_STARTED;
            case PHASE1_ESTABLISHED -> EventKind.EVENT_KIND_PHASE1_ESTABLISHED;
            case PHASE1_FAILED -> EventKind.EVENT_KIND_PHASE1_FAILED;
            case PHASE1_REKEYED -> EventKind.EVENT_KIND_PHASE1_REKEYED;
            case PHASE1_DELETED -> EventKind.EVENT_KIND_PHASE1_DELETED;
            case QUICK_MODE_STARTED -> EventKind.EVENT_KIND_QUICK_MODE_STARTED;
            case CHILD_ESTABLISHED -> EventKind.EVENT_KIND_CHILD_ESTABLISHED;
            case QUICK_MODE_FAILED -> EventKind.EVENT_KIND_QUICK_MODE_FAILED;
            case CHILD_REKEYED -> EventKind.EVENT_KIND_CHILD_REKEYED;
            case CHILD_DELETED -> EventKind.EVENT_KIND_CHILD_DELETED;
            case DPD_TIMEOUT -> EventKind.EVENT_KIND_DPD_TIMEOUT;
        };
    }

    private static Negotiated negotiated(NegotiatedSa n) {
        return Negotiated.newBuilder()
                .setMode(n.mode())
                .setProposal(n.proposal())
                .setDhGroup(n.dhGroup())
                .setAuthMethod(n.authMethod())
                .setPeerIdentity(n.peerIdentity())
                .setPeerCertificateSha256(n.peerCertificateSha256())
                .setNatDetected(n.natDetected())
                .setSpiIn(n.spiIn())
                .setSpiOut(n.spiOut())
                .setLifetimeSeconds((int) Math.min(n.lifetimeSeconds(), 0xffff_ffffL))
                .setLifetimeKilobytes(n.lifetimeKilobytes())
                .addAllLocalSelectors(n.localSelectors())
                .addAllRemoteSelectors(n.remoteSelectors())
                .setEncapsulation(n.encapsulation())
                .build();
    }

    private static Failure failure(NegotiationFailure f) {
        return Failure.newBuilder()
                .setNotification(f.notification())
                .setSentByUs(f.sentByUs())
                .addAllOfferedProposals(f.offeredProposals())
                .addAllAcceptedProposals(f.acceptedProposals())
                .setReason(f.reason())
                .build();
    }

    private static Deletion deletion(SaDeletion d) {
        return Deletion.newBuilder().setByPeer(d.byPeer()).setReason(d.reason())
                .setSpiIn(d.spiIn()).setSpiOut(d.spiOut()).build();
    }

    static StatusReport status(StatusSnapshot s) {
        StatusReport.Builder b = StatusReport.newBuilder().setTimestampMillis(s.takenAt().toEpochMilli());
        for (StatusSnapshot.IkeSaState ike : s.ikeSas()) {
            b.addIkeSas(IkeSaStatus.newBuilder()
                    .setTunnel(ike.tunnel())
                    .setInitiatorCookie(ike.initiatorCookie())
                    .setResponderCookie(ike.responderCookie())
                    .setState(ike.state())
                    .setPeerEndpoint(ike.peerEndpoint())
                    .setAgeSeconds(ike.ageSeconds())
                    .setSecondsToRekey(ike.secondsToRekey()));
        }
        for (StatusSnapshot.ChildSaState c : s.childSas()) {
            b.addChildSas(ChildSaStatus.newBuilder()
                    .setTunnel(c.tunnel())
                    .setChild(c.child())
                    .setSpiIn(c.spiIn())
                    .setSpiOut(c.spiOut())
                    .setState(c.state())
                    .setAgeSeconds(c.ageSeconds())
                    .setSecondsToRekey(c.secondsToRekey())
                    .setBytesIn(c.bytesIn())
                    .setBytesOut(c.bytesOut())
                    .setPacketsIn(c.packetsIn())
                    .setPacketsOut(c.packetsOut())
                    .setReplayDrops(c.replayDrops())
                    .setAuthFailures(c.authFailures())
                    .setLastPacketMillis(c.lastPacket() == null ? 0 : c.lastPacket().toEpochMilli())
                    .setProposal(c.proposal()));
        }
        return b.build();
    }
}
