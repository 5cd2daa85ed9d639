package io.gatewise.server.controlplane;

import java.net.Inet6Address;
import java.net.InetAddress;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

import com.google.protobuf.InvalidProtocolBufferException;
import com.google.protobuf.MessageOrBuilder;
import com.google.protobuf.util.JsonFormat;

import io.gatewise.proto.v1.AuthMethod;
import io.gatewise.proto.v1.Authentication;
import io.gatewise.proto.v1.ChildSa;
import io.gatewise.proto.v1.ConfigUpdate;
import io.gatewise.proto.v1.DpdAction;
import io.gatewise.proto.v1.EncapsulationMode;
import io.gatewise.proto.v1.EnrollResponse;
import io.gatewise.proto.v1.EventAck;
import io.gatewise.proto.v1.GatewayConfig;
import io.gatewise.proto.v1.Identity;
import io.gatewise.proto.v1.IdentityType;
import io.gatewise.proto.v1.IkeMode;
import io.gatewise.proto.v1.IkeSettings;
import io.gatewise.proto.v1.IpsecProtocol;
import io.gatewise.proto.v1.IpsecSettings;
import io.gatewise.proto.v1.ServerMessage;
import io.gatewise.proto.v1.StartAction;
import io.gatewise.proto.v1.SaEvent;
import io.gatewise.proto.v1.SaEventBatch;
import io.gatewise.proto.v1.StatusReport;
import io.gatewise.proto.v1.Tunnel;
import io.gatewise.proto.v1.VpnType;
import io.gatewise.server.audit.AuditEvent;
import io.gatewise.server.config.DesiredConfig;
import io.gatewise.server.config.TunnelIdentity;
import io.gatewise.server.config.TunnelOptions;
import io.gatewise.server.config.TunnelSpec;
import io.gatewise.server.enrollment.EnrollmentResult;
import io.gatewise.server.gateway.Gateway;
import io.gatewise.server.pki.Pem;
import io.gatewise.server.status.SaReport;
import io.gatewise.server.system.InetSyntax;

/**
 * The one place where server domain types become {@code gatewise.v1} protobuf messages.
 * Nothing outside this package sees a protobuf class, and nothing here makes decisions
 * beyond the mapping itself.
 */
final class ProtoMapping {
    private ProtoMapping() {
    }

    static EnrollResponse enrollResponse(EnrollmentResult result) {
        return EnrollResponse.newBuilder()
                .setGatewayId(result.gatewayId().toString())
                .setCertificatePem(Pem.encode(result.certificate()))
                .setCaChainPem(Pem.encode(result.caCertificate()))
                .build();
    }

    static ServerMessage configUpdate(Gateway gateway, DesiredConfig config) {
        return ServerMessage.newBuilder()
                .setConfigUpdate(ConfigUpdate.newBuilder()
                        .setVersion(config.version())
                        .setConfig(gatewayConfig(gateway, config)))
                .build();
    }

    static GatewayConfig gatewayConfig(Gateway gateway, DesiredConfig config) {
        GatewayConfig.Builder builder = GatewayConfig.newBuilder()
                .setGatewayId(gateway.getId().toString())
                .setGatewayName(gateway.getName())
                // The public address may be a NAT's; IKE binds to any local address.
                .setLocalAddress("");
        config.tunnels().forEach(t -> builder.addTunnels(tunnel(gateway, t)));
        return builder.build();
    }

    /**
     * A tunnel with everything its {@link TunnelOptions} say. IKEv1 quick mode negotiates
     * one pair of traffic selectors per IPsec SA (RFC 2409 section 5.5), so every
     * local/remote subnet pair of the same IP version becomes its own child SA (a
     * route-based tunnel has 0.0.0.0/0 on both sides, one child). Identities left open
     * are the addresses: ours is the gateway's public address. With certificate
     * authentication the agent signs with its enrolled key and trusts the Gatewise CA
     * (trusted_ca_pem stays empty); the method names the key type of agent certificates,
     * EC P-256 (the agent checks it against its actual key).
     */
    static Tunnel tunnel(Gateway gateway, TunnelSpec spec) {
        return tunnel(gateway.getPublicAddress(), spec);
    }

    /** As {@link #tunnel(Gateway, TunnelSpec)} for a gateway whose public address is {@code publicAddress}. */
    static Tunnel tunnel(String publicAddress, TunnelSpec spec) {
        TunnelOptions o = spec.options();
        Authentication.Builder auth = Authentication.newBuilder();
        if (o.auth() == TunnelOptions.AuthMethod.PSK) {
            auth.setMethod(AuthMethod.AUTH_METHOD_PSK).setPreSharedKey(spec.psk().reveal());
        } else {
            auth.setMethod(AuthMethod.AUTH_METHOD_ECDSA_SIGNATURE);
        }
        Tunnel.Builder tunnel = Tunnel.newBuilder()
                .setName(spec.name())
                .setRemoteAddress(spec.remoteAddress())
                .setLocalIdentity(o.localIdentity() != null ? identity(o.localIdentity())
                        : identity(publicAddress))
                .setRemoteIdentity(o.remoteIdentity() != null ? identity(o.remoteIdentity())
                        : identity(spec.remoteAddress()))
                .setIke(IkeSettings.newBuilder()
                        .setMode(o.ikeMode() == TunnelOptions.IkeMode.AGGRESSIVE ? IkeMode.IKE_MODE_AGGRESSIVE
                                : IkeMode.IKE_MODE_MAIN)
                        .addAllProposals(spec.ikeProposals())
                        .setLifetimeSeconds(o.ikeLifetimeSeconds())
                        .setDpdDelaySeconds(o.dpdDelaySeconds())
                        .setDpdTimeoutSeconds(o.dpdTimeoutSeconds())
                        .setDpdAction(switch (o.dpdAction()) {
                            case RESTART -> DpdAction.DPD_ACTION_RESTART;
                            case CLEAR -> DpdAction.DPD_ACTION_CLEAR;
                            case HOLD -> DpdAction.DPD_ACTION_HOLD;
                        })
                        .setNatTraversal(o.natTraversal())
                        .setForceEncapsulation(o.forceEncapsulation()))
                .setIpsec(IpsecSettings.newBuilder()
                        .setProtocol(IpsecProtocol.IPSEC_PROTOCOL_ESP)
                        .addAllProposals(spec.espProposals())
                        .setMode(EncapsulationMode.ENCAPSULATION_MODE_TUNNEL)
                        .setLifetimeSeconds(o.ipsecLifetimeSeconds())
                        .setLifetimeKilobytes(o.ipsecLifetimeKilobytes()))
                .setAuth(auth)
                .setStartAction(switch (o.startAction()) {
                    case START -> StartAction.START_ACTION_START;
                    case RESPOND -> StartAction.START_ACTION_RESPOND;
                    case ON_TRAFFIC -> StartAction.START_ACTION_ON_TRAFFIC;
                })
                .setVpnType(o.vpnType() == TunnelOptions.VpnType.ROUTE_BASED ? VpnType.VPN_TYPE_ROUTE_BASED
                        : VpnType.VPN_TYPE_POLICY_BASED)
                .addAllRoutes(o.routes());
        for (String local : spec.localSubnets()) {
            for (String remote : spec.remoteSubnets()) {
                if (local.contains(":") == remote.contains(":")) {
                    tunnel.addChildren(ChildSa.newBuilder()
                            .setName(local + "--" + remote)
                            .addLocalSelectors(local)
                            .addRemoteSelectors(remote));
                }
            }
        }
        return tunnel.build();
    }

    static Identity identity(TunnelIdentity id) {
        return Identity.newBuilder().setType(switch (id.type()) {
            case IPV4_ADDR -> IdentityType.IDENTITY_TYPE_IPV4_ADDR;
            case IPV6_ADDR -> IdentityType.IDENTITY_TYPE_IPV6_ADDR;
            case FQDN -> IdentityType.IDENTITY_TYPE_FQDN;
            case USER_FQDN -> IdentityType.IDENTITY_TYPE_USER_FQDN;
            case DER_ASN1_DN -> IdentityType.IDENTITY_TYPE_DER_ASN1_DN;
        }).setValue(id.value()).build();
    }

    /** ID payload type for an address or name (RFC 2407 section 4.6.2.1). */
    static Identity identity(String hostOrAddress) {
        Optional<InetAddress> ip = InetSyntax.parseIpLiteral(hostOrAddress);
        IdentityType type = ip.isEmpty() ? IdentityType.IDENTITY_TYPE_FQDN
                : ip.get() instanceof Inet6Address ? IdentityType.IDENTITY_TYPE_IPV6_ADDR
                : IdentityType.IDENTITY_TYPE_IPV4_ADDR;
        return Identity.newBuilder().setType(type).setValue(hostOrAddress).build();
    }

    private static final JsonFormat.Printer DETAIL_JSON = JsonFormat.printer().omittingInsignificantWhitespace()
            .preservingProtoFieldNames();
    /** Longest agent-supplied detail JSON kept; longer ones are cut (and marked). */
    static final int MAX_DETAIL = 16_384;

    /**
     * An agent's events as audit events. Text is bounded and made printable; an event
     * without an id (0, invalid) is left out, as the contract numbers from 1.
     */
    static List<AuditEvent> auditEvents(UUID gatewayId, SaEventBatch batch) {
        List<AuditEvent> events = new ArrayList<>(batch.getEventsCount());
        for (SaEvent e : batch.getEventsList()) {
            if (e.getEventId() == 0) {
                continue;
            }
            String reason = e.hasFailure() ? e.getFailure().getReason()
                    : e.hasDeletion() ? e.getDeletion().getReason() : "";
            MessageOrBuilder detail = e.hasFailure() ? e.getFailure() : e.hasNegotiated() ? e.getNegotiated()
                    : e.hasDeletion() ? e.getDeletion() : null;
            String kind = e.getKind().name().startsWith("EVENT_KIND_") ? e.getKind().name().substring(11)
                    : "UNKNOWN_" + e.getKindValue();
            events.add(new AuditEvent(gatewayId, e.getEventId(), Instant.ofEpochMilli(e.getTimestampMillis()), kind,
                    text(e.getTunnel(), 255), text(e.getChild(), 255), text(e.getPeerEndpoint(), 255),
                    e.getRole().name().startsWith("ROLE_") ? e.getRole().name().substring(5).toLowerCase(java.util.Locale.ROOT)
                            : "unspecified",
                    text(e.getStage(), 64), text(e.getInitiatorCookie(), 16), text(e.getResponderCookie(), 16),
                    text(reason, 2000), detail == null ? "{}" : json(detail), e.getDroppedCount()));
        }
        return events;
    }

    static ServerMessage eventAck(long upTo) {
        return ServerMessage.newBuilder().setEventAck(EventAck.newBuilder().setUpToEventId(upTo)).build();
    }

    private static String json(MessageOrBuilder m) {
        try {
            String s = DETAIL_JSON.print(m);
            return s.length() <= MAX_DETAIL ? s : "{\"truncated\":true}";
        } catch (InvalidProtocolBufferException e) {
            return "{}";
        }
    }

    /** Agent-supplied text: printable, bounded. */
    private static String text(String s, int max) {
        StringBuilder b = new StringBuilder(Math.min(s.length(), max));
        s.codePoints().filter(c -> c >= 0x20 && c != 0x7f).limit(max).forEach(b::appendCodePoint);
        return b.toString();
    }

    static SaReport statusReport(StatusReport r) {
        return new SaReport(Instant.ofEpochMilli(r.getTimestampMillis()),
                r.getIkeSasList().stream().map(i -> new SaReport.IkeSa(text(i.getTunnel(), 255),
                        text(i.getInitiatorCookie(), 16), text(i.getResponderCookie(), 16), text(i.getState(), 32),
                        text(i.getPeerEndpoint(), 255), i.getAgeSeconds(), i.getSecondsToRekey())).toList(),
                r.getChildSasList().stream().map(c -> new SaReport.ChildSa(text(c.getTunnel(), 255),
                        text(c.getChild(), 255), text(c.getSpiIn(), 8), text(c.getSpiOut(), 8), text(c.getState(), 32),
                        c.getAgeSeconds(), c.getSecondsToRekey(), c.getBytesIn(), c.getBytesOut(), c.getPacketsIn(),
                        c.getPacketsOut(), c.getReplayDrops(), c.getAuthFailures(), c.getLastPacketMillis(),
                        text(c.getProposal(), 255))).toList());
    }

    // ---- per-tunnel actions (TunnelAction out, ActionResult in) ---------------------------
    // Fully qualified protobuf names: this section shares no imports with the config mapping.

    /** An agent's answer to a TunnelAction: the agent's text bounded and printable. */
    record ActionAnswer(long actionId, boolean ok, String text) {
    }

    static ServerMessage tunnelAction(long actionId, UUID gatewayId, String tunnel,
                                      io.gatewise.server.action.TunnelActionKind kind) {
        io.gatewise.proto.v1.TunnelActionKind wire = switch (kind) {
            case BRING_UP -> io.gatewise.proto.v1.TunnelActionKind.TUNNEL_ACTION_KIND_BRING_UP;
            case REKEY -> io.gatewise.proto.v1.TunnelActionKind.TUNNEL_ACTION_KIND_REKEY;
            case RESET -> io.gatewise.proto.v1.TunnelActionKind.TUNNEL_ACTION_KIND_RESET;
            case CLEAR -> io.gatewise.proto.v1.TunnelActionKind.TUNNEL_ACTION_KIND_CLEAR;
        };
        return ServerMessage.newBuilder().setAction(io.gatewise.proto.v1.TunnelAction.newBuilder()
                .setActionId(actionId)
                .setGatewayId(gatewayId.toString())
                .setTunnel(tunnel)
                .setKind(wire)).build();
    }

    static ActionAnswer actionAnswer(io.gatewise.proto.v1.ActionResult r) {
        return new ActionAnswer(r.getActionId(), r.getOk(), text(r.getOk() ? r.getDetail() : r.getError(), 2000));
    }
}
