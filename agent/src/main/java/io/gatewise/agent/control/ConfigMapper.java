package io.gatewise.agent.control;

import io.gatewise.agent.config.AgentConfig;
import io.gatewise.agent.config.Authentication;
import io.gatewise.agent.config.CertificateFiles;
import io.gatewise.agent.config.ChildConfig;
import io.gatewise.agent.config.ConfigRejectedException;
import io.gatewise.agent.config.ConfigValidator;
import io.gatewise.agent.config.IkeSettings;
import io.gatewise.agent.config.IpsecSettings;
import io.gatewise.agent.config.PreSharedKey;
import io.gatewise.agent.config.TunnelConfig;
import io.gatewise.proto.v1.AuthMethod;
import io.gatewise.proto.v1.ChildSa;
import io.gatewise.proto.v1.DpdAction;
import io.gatewise.proto.v1.EncapsulationMode;
import io.gatewise.proto.v1.GatewayConfig;
import io.gatewise.proto.v1.Identity;
import io.gatewise.proto.v1.IdentityType;
import io.gatewise.proto.v1.IkeMode;
import io.gatewise.proto.v1.IpsecProtocol;
import io.gatewise.proto.v1.StartAction;
import io.gatewise.proto.v1.Tunnel;
import io.gatewise.proto.v1.VpnType;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The one place where the agent translates between the wire contract
 * ({@code gatewise.v1.GatewayConfig}) and its own model ({@link AgentConfig}).
 *
 * <p>Proto3 rules applied here: an enum's {@code *_UNSPECIFIED} zero value means "not
 * set" and takes the default documented below (the values strongSwan uses); an enum
 * number this agent does not know (a newer server) is a problem, reported instead of
 * guessed. Required settings without a sensible default (the authentication method)
 * are problems too. Everything else (addresses, selectors, proposals) is carried as
 * text and checked by {@link io.gatewise.agent.config.ConfigValidator}.
 *
 * <table>
 *   <caption>Defaults for unset fields</caption>
 *   <tr><td>vpn_type</td><td>POLICY_BASED</td></tr>
 *   <tr><td>start_action</td><td>RESPOND</td></tr>
 *   <tr><td>ike.mode</td><td>MAIN</td></tr>
 *   <tr><td>ike.lifetime_seconds</td><td>14400 (4 h)</td></tr>
 *   <tr><td>ike.dpd_timeout_seconds</td><td>150 when DPD is on</td></tr>
 *   <tr><td>ike.dpd_action</td><td>CLEAR</td></tr>
 *   <tr><td>ipsec.protocol</td><td>ESP</td></tr>
 *   <tr><td>ipsec.mode</td><td>TUNNEL</td></tr>
 *   <tr><td>ipsec.lifetime_seconds</td><td>3600 (1 h)</td></tr>
 *   <tr><td>ipsec.replay_window</td><td>1024</td></tr>
 *   <tr><td>local/remote identity</td><td>none: the IKE address of that side</td></tr>
 * </table>
 */
public final class ConfigMapper {
    private ConfigMapper() {
    }

    /**
     * The result of mapping: the config (where a field could not be mapped, a harmless
     * placeholder stands in, so that the validator can still check everything else) and
     * the mapping problems.
     */
    public record Result(AgentConfig config, List<String> problems) {
        public Result {
            problems = List.copyOf(problems);
        }
    }

    /** Translates a config and collects every mapping problem instead of stopping at the first. */
    public static Result map(GatewayConfig proto) {
        List<String> problems = new ArrayList<>();
        List<TunnelConfig> tunnels = new ArrayList<>();
        int index = 0;
        for (Tunnel tunnel : proto.getTunnelsList()) {
            index++;
            String where = tunnel.getName().isBlank() ? "tunnel #" + index : "tunnel " + tunnel.getName();
            tunnels.add(tunnel(tunnel, new Problems(where, problems)));
        }
        return new Result(new AgentConfig(proto.getGatewayId(), proto.getGatewayName(),
                optional(proto.getLocalAddress()), tunnels), problems);
    }

    /** Translates a config; throws with every mapping problem found. */
    public static AgentConfig toDomain(GatewayConfig proto) throws ConfigRejectedException {
        Result result = map(proto);
        if (!result.problems().isEmpty()) {
            throw new ConfigRejectedException(result.problems());
        }
        return result.config();
    }

    /**
     * Translates and validates a config, reporting mapping and validation problems together
     * so that one round trip shows them all.
     */
    public static AgentConfig toValidDomain(GatewayConfig proto) throws ConfigRejectedException {
        Result result = map(proto);
        List<String> problems = new ArrayList<>(result.problems());
        problems.addAll(ConfigValidator.validate(result.config()));
        if (!problems.isEmpty()) {
            throw new ConfigRejectedException(problems);
        }
        return result.config();
    }

    /** Translates back to the wire form (used for persistence and tests). */
    public static GatewayConfig toProto(AgentConfig config) {
        GatewayConfig.Builder b = GatewayConfig.newBuilder()
                .setGatewayId(config.gatewayId())
                .setGatewayName(config.gatewayName())
                .setLocalAddress(config.localAddress().orElse(""));
        for (TunnelConfig t : config.tunnels()) {
            b.addTunnels(tunnel(t));
        }
        return b.build();
    }

    /** Collects problems with a location prefix. */
    private record Problems(String where, List<String> sink) {
        void add(String text) {
            sink.add(where + ": " + text);
        }

        void unknown(String field, int number) {
            add(field + " has unknown value " + number + " (is this agent older than the server?)");
        }
    }

    private static TunnelConfig tunnel(Tunnel t, Problems p) {
        IkeSettings ike = ike(t.getIke(), p);
        IpsecSettings ipsec = ipsec(t.getIpsec(), p);
        List<ChildConfig> children = t.getChildrenList().stream()
                .map(c -> new ChildConfig(c.getName(), c.getLocalSelectorsList(), c.getRemoteSelectorsList()))
                .toList();
        return new TunnelConfig(t.getName(), t.getRemoteAddress(),
                identity(t.hasLocalIdentity() ? t.getLocalIdentity() : null, "local identity", p),
                identity(t.hasRemoteIdentity() ? t.getRemoteIdentity() : null, "remote identity", p),
                ike, ipsec, children, authentication(t, p), startAction(t, p), t.getRoutesList(), vpnType(t, p));
    }

    private static TunnelConfig.StartAction startAction(Tunnel t, Problems p) {
        return switch (t.getStartAction()) {
            case START_ACTION_START -> TunnelConfig.StartAction.START;
            case START_ACTION_UNSPECIFIED, START_ACTION_RESPOND -> TunnelConfig.StartAction.RESPOND;
            case START_ACTION_ON_TRAFFIC -> TunnelConfig.StartAction.ON_TRAFFIC;
            case UNRECOGNIZED -> {
                p.unknown("start_action", t.getStartActionValue());
                yield TunnelConfig.StartAction.RESPOND;
            }
        };
    }

    private static TunnelConfig.VpnType vpnType(Tunnel t, Problems p) {
        return switch (t.getVpnType()) {
            case VPN_TYPE_UNSPECIFIED, VPN_TYPE_POLICY_BASED -> TunnelConfig.VpnType.POLICY_BASED;
            case VPN_TYPE_ROUTE_BASED -> TunnelConfig.VpnType.ROUTE_BASED;
            case UNRECOGNIZED -> {
                p.unknown("vpn_type", t.getVpnTypeValue());
                yield TunnelConfig.VpnType.POLICY_BASED;
            }
        };
    }

    private static Optional<io.gatewise.agent.config.Identity> identity(Identity id, String what, Problems p) {
        if (id == null || (id.getType() == IdentityType.IDENTITY_TYPE_UNSPECIFIED && id.getValue().isEmpty())) {
            return Optional.empty();
        }
        io.gatewise.agent.config.Identity.Type type = switch (id.getType()) {
            case IDENTITY_TYPE_IPV4_ADDR -> io.gatewise.agent.config.Identity.Type.IPV4_ADDR;
            case IDENTITY_TYPE_FQDN -> io.gatewise.agent.config.Identity.Type.FQDN;
            case IDENTITY_TYPE_USER_FQDN -> io.gatewise.agent.config.Identity.Type.USER_FQDN;
            case IDENTITY_TYPE_IPV6_ADDR -> io.gatewise.agent.config.Identity.Type.IPV6_ADDR;
            case IDENTITY_TYPE_DER_ASN1_DN -> io.gatewise.agent.config.Identity.Type.DER_ASN1_DN;
            case IDENTITY_TYPE_UNSPECIFIED -> {
                p.add(what + " '" + id.getValue() + "' has no type");
                yield null;
            }
            case UNRECOGNIZED -> {
                p.unknown(what + " type", id.getTypeValue());
                yield null;
            }
        };
        return type == null ? Optional.empty() : Optional.of(new io.gatewise.agent.config.Identity(type, id.getValue()));
    }

    private static IkeSettings ike(io.gatewise.proto.v1.IkeSettings s, Problems p) {
        IkeSettings.Mode mode = switch (s.getMode()) {
            case IKE_MODE_UNSPECIFIED, IKE_MODE_MAIN -> IkeSettings.Mode.MAIN;
            case IKE_MODE_AGGRESSIVE -> IkeSettings.Mode.AGGRESSIVE;
            case UNRECOGNIZED -> {
                p.unknown("ike.mode", s.getModeValue());
                yield IkeSettings.Mode.MAIN;
            }
        };
        IkeSettings.DpdAction dpdAction = switch (s.getDpdAction()) {
            case DPD_ACTION_UNSPECIFIED, DPD_ACTION_CLEAR -> IkeSettings.DpdAction.CLEAR;
            case DPD_ACTION_RESTART -> IkeSettings.DpdAction.RESTART;
            case DPD_ACTION_HOLD -> IkeSettings.DpdAction.HOLD;
            case UNRECOGNIZED -> {
                p.unknown("ike.dpd_action", s.getDpdActionValue());
                yield IkeSettings.DpdAction.CLEAR;
            }
        };
        Duration dpdDelay = seconds(s.getDpdDelaySeconds());
        Duration dpdTimeout = s.getDpdTimeoutSeconds() == 0 && !dpdDelay.isZero()
                ? IkeSettings.DEFAULT_DPD_TIMEOUT : seconds(s.getDpdTimeoutSeconds());
        return new IkeSettings(mode, s.getProposalsList(),
                s.getLifetimeSeconds() == 0 ? IkeSettings.DEFAULT_LIFETIME : seconds(s.getLifetimeSeconds()),
                dpdDelay, dpdTimeout, dpdAction, s.getNatTraversal(), s.getForceEncapsulation());
    }

    private static IpsecSettings ipsec(io.gatewise.proto.v1.IpsecSettings s, Problems p) {
        IpsecSettings.Protocol protocol = switch (s.getProtocol()) {
            case IPSEC_PROTOCOL_UNSPECIFIED, IPSEC_PROTOCOL_ESP -> IpsecSettings.Protocol.ESP;
            case IPSEC_PROTOCOL_AH -> IpsecSettings.Protocol.AH;
            case UNRECOGNIZED -> {
                p.unknown("ipsec.protocol", s.getProtocolValue());
                yield IpsecSettings.Protocol.ESP;
            }
        };
        IpsecSettings.Mode mode = switch (s.getMode()) {
            case ENCAPSULATION_MODE_UNSPECIFIED, ENCAPSULATION_MODE_TUNNEL -> IpsecSettings.Mode.TUNNEL;
            case ENCAPSULATION_MODE_TRANSPORT -> IpsecSettings.Mode.TRANSPORT;
            case UNRECOGNIZED -> {
                p.unknown("ipsec.mode", s.getModeValue());
                yield IpsecSettings.Mode.TUNNEL;
            }
        };
        return new IpsecSettings(protocol, s.getProposalsList(), mode,
                s.getLifetimeSeconds() == 0 ? IpsecSettings.DEFAULT_LIFETIME : seconds(s.getLifetimeSeconds()),
                s.getLifetimeKilobytes(),
                s.getReplayWindow() == 0 ? IpsecSettings.DEFAULT_REPLAY_WINDOW
                        : Integer.toUnsignedLong(s.getReplayWindow()));
    }

    private static Authentication authentication(Tunnel t, Problems p) {
        io.gatewise.proto.v1.Authentication a = t.getAuth();
        Authentication.Method method = switch (a.getMethod()) {
            case AUTH_METHOD_PSK -> Authentication.Method.PSK;
            case AUTH_METHOD_RSA_SIGNATURE -> Authentication.Method.RSA_SIGNATURE;
            case AUTH_METHOD_ECDSA_SIGNATURE -> Authentication.Method.ECDSA_SIGNATURE;
            case AUTH_METHOD_UNSPECIFIED -> {
                p.add("authentication method is not set (PSK, RSA_SIGNATURE or ECDSA_SIGNATURE)");
                yield placeholderMethod(a);
            }
            case UNRECOGNIZED -> {
                p.unknown("auth.method", a.getMethodValue());
                yield placeholderMethod(a);
            }
        };
        Optional<PreSharedKey> psk = a.getPreSharedKey().isEmpty()
                ? Optional.empty() : Optional.of(PreSharedKey.of(a.getPreSharedKey()));
        return new Authentication(method, psk, a.getTrustedCaPem(),
                new CertificateFiles(a.getCertificateFile(), a.getPrivateKeyFile(), a.getCaFile()));
    }

    /** Stands in for an unmappable method without provoking a second, misleading problem. */
    private static Authentication.Method placeholderMethod(io.gatewise.proto.v1.Authentication a) {
        return a.getPreSharedKey().isEmpty() ? Authentication.Method.RSA_SIGNATURE : Authentication.Method.PSK;
    }

    private static Tunnel tunnel(TunnelConfig t) {
        Tunnel.Builder b = Tunnel.newBuilder()
                .setName(t.name())
                .setRemoteAddress(t.remoteAddress())
                .setIke(ike(t.ike()))
                .setIpsec(ipsec(t.ipsec()))
                .setAuth(authentication(t.auth()))
                .setStartAction(switch (t.startAction()) {
                    case START -> StartAction.START_ACTION_START;
                    case RESPOND -> StartAction.START_ACTION_RESPOND;
                    case ON_TRAFFIC -> StartAction.START_ACTION_ON_TRAFFIC;
                })
                .addAllRoutes(t.routes())
                .setVpnType(switch (t.vpnType()) {
                    case POLICY_BASED -> VpnType.VPN_TYPE_POLICY_BASED;
                    case ROUTE_BASED -> VpnType.VPN_TYPE_ROUTE_BASED;
                });
        t.localIdentity().ifPresent(id -> b.setLocalIdentity(identity(id)));
        t.remoteIdentity().ifPresent(id -> b.setRemoteIdentity(identity(id)));
        for (ChildConfig c : t.children()) {
            b.addChildren(ChildSa.newBuilder().setName(c.name())
                    .addAllLocalSelectors(c.localSelectors())
                    .addAllRemoteSelectors(c.remoteSelectors()));
        }
        return b.build();
    }

    private static Identity identity(io.gatewise.agent.config.Identity id) {
        return Identity.newBuilder()
                .setType(switch (id.type()) {
                    case IPV4_ADDR -> IdentityType.IDENTITY_TYPE_IPV4_ADDR;
                    case FQDN -> IdentityType.IDENTITY_TYPE_FQDN;
                    case USER_FQDN -> IdentityType.IDENTITY_TYPE_USER_FQDN;
                    case IPV6_ADDR -> IdentityType.IDENTITY_TYPE_IPV6_ADDR;
                    case DER_ASN1_DN -> IdentityType.IDENTITY_TYPE_DER_ASN1_DN;
                })
                .setValue(id.value())
                .build();
    }

    private static io.gatewise.proto.v1.IkeSettings ike(IkeSettings s) {
        return io.gatewise.proto.v1.IkeSettings.newBuilder()
                .setMode(s.mode() == IkeSettings.Mode.AGGRESSIVE ? IkeMode.IKE_MODE_AGGRESSIVE : IkeMode.IKE_MODE_MAIN)
                .addAllProposals(s.proposals())
                .setLifetimeSeconds(toUint32(s.lifetime()))
                .setDpdDelaySeconds(toUint32(s.dpdDelay()))
                .setDpdTimeoutSeconds(toUint32(s.dpdTimeout()))
                .setDpdAction(switch (s.dpdAction()) {
                    case RESTART -> DpdAction.DPD_ACTION_RESTART;
                    case CLEAR -> DpdAction.DPD_ACTION_CLEAR;
                    case HOLD -> DpdAction.DPD_ACTION_HOLD;
                })
                .setNatTraversal(s.natTraversal())
                .setForceEncapsulation(s.forceEncapsulation())
                .build();
    }

    private static io.gatewise.proto.v1.IpsecSettings ipsec(IpsecSettings s) {
        return io.gatewise.proto.v1.IpsecSettings.newBuilder()
                .setProtocol(s.protocol() == IpsecSettings.Protocol.AH
                        ? IpsecProtocol.IPSEC_PROTOCOL_AH : IpsecProtocol.IPSEC_PROTOCOL_ESP)
                .addAllProposals(s.proposals())
                .setMode(s.mode() == IpsecSettings.Mode.TRANSPORT
                        ? EncapsulationMode.ENCAPSULATION_MODE_TRANSPORT : EncapsulationMode.ENCAPSULATION_MODE_TUNNEL)
                .setLifetimeSeconds(toUint32(s.lifetime()))
                .setLifetimeKilobytes(s.lifetimeKilobytes())
                .setReplayWindow((int) s.replayWindow())
                .build();
    }

    private static io.gatewise.proto.v1.Authentication authentication(Authentication a) {
        return io.gatewise.proto.v1.Authentication.newBuilder()
                .setMethod(switch (a.method()) {
                    case PSK -> AuthMethod.AUTH_METHOD_PSK;
                    case RSA_SIGNATURE -> AuthMethod.AUTH_METHOD_RSA_SIGNATURE;
                    case ECDSA_SIGNATURE -> AuthMethod.AUTH_METHOD_ECDSA_SIGNATURE;
                })
                .setPreSharedKey(a.preSharedKey().map(PreSharedKey::reveal).orElse(""))
                .setTrustedCaPem(a.trustedCaPem())
                .setCertificateFile(a.files().certificate())
                .setPrivateKeyFile(a.files().privateKey())
                .setCaFile(a.files().ca())
                .build();
    }

    private static Duration seconds(int uint32) {
        return Duration.ofSeconds(Integer.toUnsignedLong(uint32));
    }

    private static int toUint32(Duration d) {
        return (int) Math.min(d.toSeconds(), 0xffff_ffffL);
    }

    private static Optional<String> optional(String text) {
        return text.isEmpty() ? Optional.empty() : Optional.of(text);
    }
}
