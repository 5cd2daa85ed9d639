package io.gatewise.server.topology.compiler;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import io.gatewise.server.system.Secret;

/** Test fixtures: small models built fluently, PSKs made up deterministically. */
final class Models {
    static final IkePolicy MODERN_IKE = new IkePolicy("modern", IkePolicy.Mode.MAIN, List.of("aes256-sha256-ecp256"),
            IkePolicy.Auth.PSK, 28_800, 30, 150, IkePolicy.DpdAction.RESTART, true, false);
    static final IpsecPolicy MODERN_ESP = new IpsecPolicy("modern", IpsecPolicy.Protocol.ESP,
            List.of("aes256gcm16-ecp256"), 3_600, 0, IpsecPolicy.Encapsulation.TUNNEL, false);

    final List<GatewaySpec> gateways = new ArrayList<>();
    final List<IkePolicy> ike = new ArrayList<>(List.of(MODERN_IKE));
    final List<IpsecPolicy> ipsec = new ArrayList<>(List.of(MODERN_ESP));
    final List<ExternalPeer> externals = new ArrayList<>();
    final List<TopologySpec> topologies = new ArrayList<>();

    Models gateway(String name, String address, String... subnets) {
        gateways.add(new GatewaySpec(name, address, false, List.of(subnets), null, Set.of()));
        return this;
    }

    Models gateway(GatewaySpec spec) {
        gateways.add(spec);
        return this;
    }

    /** n gateways g0001.. with 10.x.y.0/24 each. */
    Models gateways(int n) {
        for (int i = 1; i <= n; i++) {
            gateway(String.format("g%04d", i), "192.0.2." + (i % 250 + 1), "10." + (i / 256) + "." + (i % 256) + ".0/24");
        }
        return this;
    }

    static TopologySpec mesh(String name, Set<String> members) {
        return new TopologySpec(name, TopologySpec.Kind.FULL_MESH, TopologySpec.VpnType.POLICY_BASED, members, Set.of(),
                List.of(), TopologySpec.SpokeToSpoke.NONE, List.of(), "modern", "modern", List.of());
    }

    static TopologySpec hub(String name, List<String> hubs, Set<String> members, TopologySpec.SpokeToSpoke s2s) {
        return new TopologySpec(name, TopologySpec.Kind.HUB_AND_SPOKE, TopologySpec.VpnType.POLICY_BASED, members,
                Set.of(), hubs, s2s, List.of(), "modern", "modern", List.of());
    }

    static TopologySpec explicit(String name, TopologySpec.Link... links) {
        return new TopologySpec(name, TopologySpec.Kind.EXPLICIT, TopologySpec.VpnType.POLICY_BASED, Set.of(), Set.of(),
                List.of(), TopologySpec.SpokeToSpoke.NONE, List.of(links), "modern", "modern", List.of());
    }

    Models topology(TopologySpec t) {
        topologies.add(t);
        return this;
    }

    /** The model with a deterministic PSK for every link that needs one. */
    TopologyModel build() {
        TopologyModel draft = new TopologyModel(gateways, ike, ipsec, externals, topologies, PskTable.empty());
        Map<LinkKey, Secret> psks = new HashMap<>();
        for (LinkKey k : TopologyCompiler.linksNeedingPsk(draft)) {
            psks.put(k, Secret.of("psk-of-" + k.tunnelName()));
        }
        return new TopologyModel(gateways, ike, ipsec, externals, topologies, PskTable.of(psks));
    }
}
