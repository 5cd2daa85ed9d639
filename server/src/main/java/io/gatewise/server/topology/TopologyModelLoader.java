package io.gatewise.server.topology;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.UUID;

import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Propagation;
import org.springframework.transaction.annotation.Transactional;

import io.gatewise.server.pki.CertificateAuthority;
import io.gatewise.server.system.Secret;
import io.gatewise.server.system.SecretBox;
import io.gatewise.server.topology.compiler.Cidr;
import io.gatewise.server.topology.compiler.ExternalPeer;
import io.gatewise.server.topology.compiler.GatewaySpec;
import io.gatewise.server.topology.compiler.IkePolicy;
import io.gatewise.server.topology.compiler.IpsecPolicy;
import io.gatewise.server.topology.compiler.LinkKey;
import io.gatewise.server.topology.compiler.PskTable;
import io.gatewise.server.topology.compiler.TopologyModel;
import io.gatewise.server.topology.compiler.TopologySpec;

/**
 * The one place where stored rows become the compiler's input records: reads every
 * table of the model (in the caller's transaction) and resolves ids to names.
 */
@Component
class TopologyModelLoader {
    private final TopologyGatewayRepository gateways;
    private final IkePolicyRepository ikePolicies;
    private final IpsecPolicyRepository ipsecPolicies;
    private final ExternalPeerRepository externalPeers;
    private final TopologyRepository topologies;
    private final TopologyMemberRepository members;
    private final TopologyLinkRepository links;
    private final LinkOverrideRepository overrides;
    private final LinkPskRepository psks;
    private final SecretBox secretBox;

    TopologyModelLoader(TopologyGatewayRepository gateways, IkePolicyRepository ikePolicies,
                        IpsecPolicyRepository ipsecPolicies, ExternalPeerRepository externalPeers,
                        TopologyRepository topologies, TopologyMemberRepository members, TopologyLinkRepository links,
                        LinkOverrideRepository overrides, LinkPskRepository psks, SecretBox secretBox) {
        this.gateways = gateways;
        this.ikePolicies = ikePolicies;
        this.ipsecPolicies = ipsecPolicies;
        this.externalPeers = externalPeers;
        this.topologies = topologies;
        this.members = members;
        this.links = links;
        this.overrides = overrides;
        this.psks = psks;
        this.secretBox = secretBox;
    }

    /** The stored model with the stored (unsealed) link keys. */
    @Transactional(propagation = Propagation.MANDATORY)
    TopologyModel load() {
        return load(PskTable.of(storedPsks()));
    }

    /** The stored model with {@code pskTable} as its keys. */
    @Transactional(propagation = Propagation.MANDATORY)
    TopologyModel load(PskTable pskTable) {
        Map<UUID, String> gatewayNames = new HashMap<>();
        List<GatewaySpec> gatewaySpecs = new ArrayList<>();
        for (TopologyGateway g : gateways.findAll()) {
            gatewayNames.put(g.getId(), g.getName());
            // canonical text also for rows stored before input was canonicalised (the pre-flight compares text)
            gatewaySpecs.add(new GatewaySpec(g.getName(), g.getPublicAddress(), g.isBehindNat(),
                    Cidr.canonical(g.getProtectedSubnets()), g.getIdentity(), g.getTags(),
                    agentCertificateSubject(g.getId())));
        }
        Map<Long, String> ikeNames = new HashMap<>();
        List<IkePolicy> ike = new ArrayList<>();
        for (IkePolicyEntity p : ikePolicies.findAll()) {
            ikeNames.put(p.getId(), p.getName());
            ike.add(p.toSpec());
        }
        Map<Long, String> ipsecNames = new HashMap<>();
        List<IpsecPolicy> ipsec = new ArrayList<>();
        for (IpsecPolicyEntity p : ipsecPolicies.findAll()) {
            ipsecNames.put(p.getId(), p.getName());
            ipsec.add(p.toSpec());
        }
        Map<Long, String> peerNames = new HashMap<>();
        List<ExternalPeer> peers = new ArrayList<>();
        for (ExternalPeerEntity p : externalPeers.findAll()) {
            peerNames.put(p.getId(), p.getName());
            peers.add(p.toSpec());
        }
        Map<Long, List<TopologyMemberEntity>> membersOf = new HashMap<>();
        members.findAll().forEach(m -> membersOf.computeIfAbsent(m.getTopologyId(), k -> new ArrayList<>()).add(m));
        Map<Long, List<TopologyLinkEntity>> linksOf = new HashMap<>();
        links.findAll().forEach(l -> linksOf.computeIfAbsent(l.getTopologyId(), k -> new ArrayList<>()).add(l));
        Map<Long, List<LinkOverrideEntity>> overridesOf = new HashMap<>();
        overrides.findAll().forEach(o -> overridesOf.computeIfAbsent(o.getTopologyId(), k -> new ArrayList<>()).add(o));

        List<TopologySpec> specs = new ArrayList<>();
        for (TopologyEntity t : topologies.findAll()) {
            Set<String> memberGateways = new TreeSet<>();
            Set<String> memberTags = new TreeSet<>();
            List<TopologyMemberEntity> hubRows = new ArrayList<>();
            for (TopologyMemberEntity m : membersOf.getOrDefault(t.getId(), List.of())) {
                if (m.getTag() != null) {
                    memberTags.add(m.getTag());
                } else if (m.isHub()) {
                    hubRows.add(m);
                } else {
                    memberGateways.add(gatewayNames.get(m.getGatewayId()));
                }
            }
            hubRows.sort(Comparator.comparingInt(TopologyMemberEntity::getHubOrder));
            List<String> hubs = hubRows.stream().map(m -> gatewayNames.get(m.getGatewayId())).toList();
            List<TopologySpec.Link> linkSpecs = linksOf.getOrDefault(t.getId(), List.of()).stream()
                    .map(l -> new TopologySpec.Link(name(l.a(), gatewayNames, peerNames),
                            name(l.b(), gatewayNames, peerNames)))
                    .toList();
            List<TopologySpec.LinkOverride> overrideSpecs = overridesOf.getOrDefault(t.getId(), List.of()).stream()
                    .map(o -> new TopologySpec.LinkOverride(gatewayNames.get(o.getGatewayId()),
                            name(o.peer(), gatewayNames, peerNames),
                            o.getIkePolicyId() == null ? null : ikeNames.get(o.getIkePolicyId()),
                            o.getIpsecPolicyId() == null ? null : ipsecNames.get(o.getIpsecPolicyId())))
                    .toList();
            specs.add(new TopologySpec(t.getName(), t.getKind(), t.getVpnType(), memberGateways, memberTags, hubs,
                    t.getSpokeToSpoke(), linkSpecs, ikeNames.get(t.getIkePolicyId()),
                    ipsecNames.get(t.getIpsecPolicyId()), overrideSpecs));
        }
        return new TopologyModel(gatewaySpecs, ike, ipsec, peers, specs, pskTable);
    }

    /** Every stored link key, unsealed. */
    @Transactional(propagation = Propagation.MANDATORY)
    Map<LinkKey, Secret> storedPsks() {
        Map<LinkKey, Secret> result = new HashMap<>();
        for (LinkPskEntity row : psks.findAll()) {
            LinkKey key = row.key();
            result.put(key, Secret.of(secretBox.openString(row.getPskSealed(), LinkPskEntity.context(key))));
        }
        return result;
    }

    private static String name(TopologyLinkEntity.Endpoint e, Map<UUID, String> gatewayNames,
                               Map<Long, String> peerNames) {
        return e.gatewayId() != null ? gatewayNames.get(e.gatewayId()) : peerNames.get(e.externalPeerId());
    }

    /** The subject DN the Gatewise CA gives this gateway's agent certificate (its certificate identity). */
    private static String agentCertificateSubject(UUID gatewayId) {
        return CertificateAuthority.agentSubject(gatewayId).toString();
    }
}
