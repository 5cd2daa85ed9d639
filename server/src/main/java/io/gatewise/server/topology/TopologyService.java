package io.gatewise.server.topology;

import java.security.SecureRandom;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.UUID;
import java.util.function.Supplier;

import jakarta.persistence.EntityManager;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.context.event.EventListener;
import org.springframework.security.access.prepost.PreAuthorize;
import org.springframework.stereotype.Service;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.TransactionDefinition;
import org.springframework.transaction.support.TransactionTemplate;

import io.gatewise.server.changelog.ChangeLog;
import io.gatewise.server.config.DesiredConfigService;
import io.gatewise.server.config.TunnelSpec;
import io.gatewise.server.system.Access;
import io.gatewise.server.system.Secret;
import io.gatewise.server.system.SecretBox;
import io.gatewise.server.topology.compiler.Compilation;
import io.gatewise.server.topology.compiler.CompiledTunnel;
import io.gatewise.server.topology.compiler.ExternalPeer;
import io.gatewise.server.topology.compiler.GatewaySpec;
import io.gatewise.server.topology.compiler.IkePolicy;
import io.gatewise.server.topology.compiler.IpsecPolicy;
import io.gatewise.server.topology.compiler.LinkKey;
import io.gatewise.server.topology.compiler.Problem;
import io.gatewise.server.topology.compiler.PskTable;
import io.gatewise.server.topology.compiler.TopologyCompiler;
import io.gatewise.server.topology.compiler.TopologyModel;
import io.gatewise.server.topology.compiler.TopologySpec;
import io.gatewise.server.topology.compiler.TopologyValidator;

/**
 * Writes to the topology model (policies, external peers, topologies, gateways' topology
 * settings) and turns each into pushed gateway configs.
 *
 * <p>Every write runs in ONE transaction: apply the edit → load the whole model → generate
 * the missing per-link pre-shared keys (32 random bytes, base64, sealed with the master
 * key; decision D9) and drop the ones no link needs → validate (a blocking problem throws
 * {@link TopologyValidationException} and the rollback leaves nothing written) → compile
 * incrementally against the last committed compilation → for each gateway the compiler
 * reports as changed, store its compiled tunnels through {@link DesiredConfigService}
 * (which makes a version, pushed after commit, only if the merged config differs) →
 * record the change log entry (specs only; keys never appear in it or in logs).
 *
 * <p>Writes are serialised: in this JVM by a lock (the cached compilation must follow
 * commits in order) and across servers by a PostgreSQL transaction-level advisory lock.
 */
@Service
public class TopologyService {
    private static final Logger log = LoggerFactory.getLogger(TopologyService.class);
    /** Arbitrary, fixed: the advisory lock id of topology writes ("GWTOPO"). */
    private static final long ADVISORY_LOCK = 0x4757_544F_504FL;
    private static final int PSK_BYTES = 32;

    private final TopologyModelLoader loader;
    private final TopologyGatewayRepository gateways;
    private final IkePolicyRepository ikePolicies;
    private final IpsecPolicyRepository ipsecPolicies;
    private final ExternalPeerRepository externalPeers;
    private final TopologyRepository topologies;
    private final TopologyMemberRepository members;
    private final TopologyLinkRepository links;
    private final LinkOverrideRepository overrides;
    private final LinkPskRepository psks;
    private final DesiredConfigService configs;
    private final ChangeLog changeLog;
    private final SecretBox secretBox;
    private final EntityManager entityManager;
    private final TransactionTemplate tx;
    /** For work started after another transaction's commit, which must not join it. */
    private final TransactionTemplate newTx;
    private final Clock clock;
    private final SecureRandom random = new SecureRandom();
    private final Object writeLock = new Object();
    /** The last committed compilation, the base of the next incremental compile; null before the first. */
    private volatile Compilation last;

    TopologyService(TopologyModelLoader loader, TopologyGatewayRepository gateways, IkePolicyRepository ikePolicies,
                    IpsecPolicyRepository ipsecPolicies, ExternalPeerRepository externalPeers,
                    TopologyRepository topologies, TopologyMemberRepository members, TopologyLinkRepository links,
                    LinkOverrideRepository overrides, LinkPskRepository psks, DesiredConfigService configs,
                    ChangeLog changeLog, SecretBox secretBox, EntityManager entityManager,
                    PlatformTransactionManager transactions, Clock clock) {
        this.loader = loader;
        this.gateways = gateways;
        this.ikePolicies = ikePolicies;
        this.ipsecPolicies = ipsecPolicies;
        this.externalPeers = externalPeers;
        this.topologies = topologies;
        this.members = members;
        this.links = links;
        this.overrides = overrides;
        this.psks = psks;
        this.configs = configs;
        this.changeLog = changeLog;
        this.secretBox = secretBox;
        this.entityManager = entityManager;
        this.tx = new TransactionTemplate(transactions);
        this.newTx = new TransactionTemplate(transactions);
        this.newTx.setPropagationBehavior(TransactionDefinition.PROPAGATION_REQUIRES_NEW);
        this.clock = clock;
    }

    /** Rebuilds the cached compilation from the database, so the first write after a start is incremental. */
    @EventListener(ApplicationReadyEvent.class)
    void rebuild() {
        synchronized (writeLock) {
            try {
                last = tx.execute(status -> TopologyCompiler.compile(loader.load()));
                log.info("Topology model compiled at start: {}", last);
            } catch (RuntimeException e) {
                last = null; // the next write compiles from scratch
                log.warn("Could not compile the stored topology model at start: {}", e.toString());
            }
        }
    }

    // --- IKE and IPsec policies -------------------------------------------------------

    /** Creates or replaces (by name) a Phase 1 policy. */
    @PreAuthorize(Access.MANAGE)
    public TopologyChange saveIkePolicy(IkePolicy policy, String actor) {
        return write(actor, "ike-policy", policy.name(), () -> {
            Instant now = clock.instant();
            var existing = ikePolicies.findByName(policy.name());
            IkePolicy before = existing.map(IkePolicyEntity::toSpec).orElse(null);
            existing.ifPresentOrElse(e -> e.apply(policy, now), () -> ikePolicies.save(new IkePolicyEntity(policy, now)));
            return new Edit(before == null ? "create" : "update", before, policy);
        });
    }

    /** Deletes a Phase 1 policy no topology or override uses. */
    @PreAuthorize(Access.MANAGE)
    public TopologyChange deleteIkePolicy(String name, String actor) {
        return write(actor, "ike-policy", name, () -> {
            IkePolicyEntity e = ikePolicies.findByName(name).orElseThrow(() -> unknown("IKE policy", name));
            refuseIfUsed(topologiesUsing(loader.load(PskTable.empty()), name, true), "IKE policy", name);
            ikePolicies.delete(e);
            return new Edit("delete", e.toSpec(), null);
        });
    }

    /** Creates or replaces (by name) a Phase 2 policy. */
    @PreAuthorize(Access.MANAGE)
    public TopologyChange saveIpsecPolicy(IpsecPolicy policy, String actor) {
        return write(actor, "ipsec-policy", policy.name(), () -> {
            Instant now = clock.instant();
            var existing = ipsecPolicies.findByName(policy.name());
            IpsecPolicy before = existing.map(IpsecPolicyEntity::toSpec).orElse(null);
            existing.ifPresentOrElse(e -> e.apply(policy, now),
                    () -> ipsecPolicies.save(new IpsecPolicyEntity(policy, now)));
            return new Edit(before == null ? "create" : "update", before, policy);
        });
    }

    /** Deletes a Phase 2 policy no topology or override uses. */
    @PreAuthorize(Access.MANAGE)
    public TopologyChange deleteIpsecPolicy(String name, String actor) {
        return write(actor, "ipsec-policy", name, () -> {
            IpsecPolicyEntity e = ipsecPolicies.findByName(name).orElseThrow(() -> unknown("IPsec policy", name));
            refuseIfUsed(topologiesUsing(loader.load(PskTable.empty()), name, false), "IPsec policy", name);
            ipsecPolicies.delete(e);
            return new Edit("delete", e.toSpec(), null);
        });
    }

    /**
     * Creates a Phase 1 and a Phase 2 policy together (a preset), in one transaction: both
     * are saved or neither.
     */
    @PreAuthorize(Access.MANAGE)
    public TopologyChange savePolicyPair(IkePolicy ike, IpsecPolicy ipsec, String actor) {
        return write(actor, "ipsec-policy", ipsec.name(), () -> {
            Instant now = clock.instant();
            if (ikePolicies.findByName(ike.name()).isPresent() || ipsecPolicies.findByName(ipsec.name()).isPresent()) {
                throw new TopologyValidationException(List.of(new Problem(Problem.Rule.DUPLICATE_NAME,
                        "A policy called '" + ike.name() + "' exists already.", List.of(ike.name()), true)));
            }
            ikePolicies.save(new IkePolicyEntity(ike, now));
            changeLog.record(actor, "create", "ike-policy", ike.name(), null, ike);
            ipsecPolicies.save(new IpsecPolicyEntity(ipsec, now));
            return new Edit("create", null, ipsec);
        });
    }

    // --- External peers ---------------------------------------------------------------

    /** Creates or replaces (by name) an unmanaged peer. */
    @PreAuthorize(Access.MANAGE)
    public TopologyChange saveExternalPeer(ExternalPeer peer, String actor) {
        return write(actor, "external-peer", peer.name(), () -> {
            Instant now = clock.instant();
            var existing = externalPeers.findByName(peer.name());
            ExternalPeer before = existing.map(ExternalPeerEntity::toSpec).orElse(null);
            existing.ifPresentOrElse(e -> e.apply(peer, now),
                    () -> externalPeers.save(new ExternalPeerEntity(peer, now)));
            return new Edit(before == null ? "create" : "update", before, peer);
        });
    }

    /**
     * Deletes an external peer no explicit link or override uses; a used one is refused
     * with {@link TopologyObjectInUseException} naming the topologies (checked under the
     * write lock, so a topology saved meanwhile cannot slip in).
     */
    @PreAuthorize(Access.MANAGE)
    public TopologyChange deleteExternalPeer(String name, String actor) {
        return write(actor, "external-peer", name, () -> {
            ExternalPeerEntity e = externalPeers.findByName(name).orElseThrow(() -> unknown("external peer", name));
            refuseIfUsed(topologiesLinking(loader.load(PskTable.empty()), name), "external peer", name);
            externalPeers.delete(e);
            return new Edit("delete", e.toSpec(), null);
        });
    }

    /**
     * Deletes refuse what a topology still uses, checked under the write lock (a topology
     * saved meanwhile cannot slip in): UI and API get the same 409 / notice.
     */
    private static void refuseIfUsed(List<String> users, String what, String name) {
        if (!users.isEmpty()) {
            throw new TopologyObjectInUseException(what, name, users);
        }
    }

    /** Names of the topologies whose policy or a per-link override is {@code policy}. */
    static List<String> topologiesUsing(TopologyModel model, String policy, boolean ike) {
        List<String> users = new ArrayList<>();
        for (TopologySpec t : model.topologies()) {
            boolean uses = policy.equals(ike ? t.ikePolicy() : t.ipsecPolicy()) || t.overrides().stream()
                    .anyMatch(o -> policy.equals(ike ? o.ikePolicy() : o.ipsecPolicy()));
            if (uses) {
                users.add(t.name());
            }
        }
        return users;
    }

    /** Names of the topologies with a link or a policy override involving {@code endpoint}. */
    static List<String> topologiesLinking(TopologyModel model, String endpoint) {
        List<String> users = new ArrayList<>();
        for (TopologySpec t : model.topologies()) {
            boolean uses = t.links().stream().anyMatch(l -> l.a().equals(endpoint) || l.b().equals(endpoint))
                    || t.overrides().stream().anyMatch(o -> o.gateway().equals(endpoint) || o.peer().equals(endpoint));
            if (uses) {
                users.add(t.name());
            }
        }
        return users;
    }

    // --- Topologies -------------------------------------------------------------------

    /** Creates or replaces (by name) a topology with its members, hubs, links and overrides. */
    @PreAuthorize(Access.MANAGE)
    public TopologyChange saveTopology(TopologySpec spec, String actor) {
        return write(actor, "topology", spec.name(), () -> {
            TopologySpec before = currentSpec(spec.name());
            Names names = names();
            long ike = ikePolicies.findByName(spec.ikePolicy())
                    .orElseThrow(() -> unknown("IKE policy", spec.ikePolicy())).getId();
            long ipsec = ipsecPolicies.findByName(spec.ipsecPolicy())
                    .orElseThrow(() -> unknown("IPsec policy", spec.ipsecPolicy())).getId();
            TopologyEntity t = topologies.findByName(spec.name()).orElseGet(() -> new TopologyEntity(spec.name()));
            t.apply(spec, ike, ipsec, clock.instant());
            t = topologies.save(t);
            long id = t.getId();
            members.deleteByTopologyId(id);
            links.deleteByTopologyId(id);
            overrides.deleteByTopologyId(id);
            List<TopologyMemberEntity> rows = new ArrayList<>();
            for (int i = 0; i < spec.hubs().size(); i++) {
                rows.add(TopologyMemberEntity.gateway(id, names.gateway(spec.hubs().get(i)), true, i));
            }
            for (String g : spec.memberGateways()) {
                if (!spec.hubs().contains(g)) {
                    rows.add(TopologyMemberEntity.gateway(id, names.gateway(g), false, 0));
                }
            }
            spec.memberTags().forEach(tag -> rows.add(TopologyMemberEntity.tag(id, tag)));
            members.saveAll(rows);
            links.saveAll(spec.links().stream()
                    .map(l -> new TopologyLinkEntity(id, names.endpoint(l.a()), names.endpoint(l.b()))).toList());
            List<LinkOverrideEntity> overrideRows = new ArrayList<>();
            for (TopologySpec.LinkOverride o : spec.overrides()) {
                Long oIke = o.ikePolicy() == null ? null : ikePolicies.findByName(o.ikePolicy())
                        .orElseThrow(() -> unknown("IKE policy", o.ikePolicy())).getId();
                Long oIpsec = o.ipsecPolicy() == null ? null : ipsecPolicies.findByName(o.ipsecPolicy())
                        .orElseThrow(() -> unknown("IPsec policy", o.ipsecPolicy())).getId();
                overrideRows.add(new LinkOverrideEntity(id, names.gateway(o.gateway()), names.endpoint(o.peer()),
                        oIke, oIpsec));
            }
            overrides.saveAll(overrideRows);
            return new Edit(before == null ? "create" : "update", before, spec);
        });
    }

    /** Deletes a topology; its gateways lose its tunnels. */
    @PreAuthorize(Access.MANAGE)
    public TopologyChange deleteTopology(String name, String actor) {
        return write(actor, "topology", name, () -> {
            TopologySpec before = currentSpec(name);
            TopologyEntity t = topologies.findByName(name).orElseThrow(() -> unknown("topology", name));
            topologies.delete(t); // members, links and overrides cascade in the database
            return new Edit("delete", before, null);
        });
    }

    // --- Gateways ---------------------------------------------------------------------

    /** Sets a gateway's protected subnets, tags, IKE identity and NAT flag. */
    @PreAuthorize(Access.MANAGE)
    public TopologyChange setGatewaySettings(UUID gatewayId, GatewayTopologySettings settings, String actor) {
        TopologyGateway probe = tx.execute(s -> gateways.findById(gatewayId).orElse(null));
        String name = probe == null ? gatewayId.toString() : probe.getName();
        return write(actor, "gateway-topology", name, () -> {
            TopologyGateway g = gateways.findById(gatewayId).orElseThrow(() -> unknown("gateway", gatewayId.toString()));
            GatewayTopologySettings before = new GatewayTopologySettings(g.getProtectedSubnets(), g.getTags(),
                    g.getIdentity(), g.isBehindNat());
            g.update(settings.subnets(), settings.tags(), settings.identity(), settings.behindNat());
            return new Edit("update", before, settings);
        });
    }

    /**
     * Recompiles after a change made elsewhere (a gateway deleted: its members rows are
     * gone by cascade, its peers must lose their tunnels to it). Runs in a new
     * transaction; the change itself was recorded by whoever made it.
     */
    TopologyChange recompile(String reason) {
        return write(newTx, ChangeLog.SYSTEM, "topology", reason, () -> null);
    }

    /**
     * The last committed compilation (keys included: for the pre-flight, never for a
     * view), or null before the first; what the agents were last sent.
     */
    Compilation lastCompilation() {
        return last;
    }

    /** The stored model (keys included, for the compiler; never hand it to a view). */
    @PreAuthorize(Access.READ)
    public TopologyModel model() {
        return tx.execute(s -> loader.load());
    }

    // --- The write pipeline -----------------------------------------------------------

    /** What an edit did, for the change log. */
    private record Edit(String action, Object before, Object after) {
    }

    private TopologyChange write(String actor, String objectType, String objectId, Supplier<Edit> edit) {
        return write(tx, actor, objectType, objectId, edit);
    }

    /** {@code edit} returns null when there is nothing to record in the change log. */
    private TopologyChange write(TransactionTemplate template, String actor, String objectType, String objectId,
                                 Supplier<Edit> edit) {
        synchronized (writeLock) {
            Compilation[] compiled = new Compilation[1];
            TopologyChange change = template.execute(status -> {
                entityManager.createNativeQuery("SELECT pg_advisory_xact_lock(?1)")
                        .setParameter(1, ADVISORY_LOCK).getSingleResult();
                Edit done = edit.get();
                entityManager.flush();
                TopologyModel model = withLinkKeys(loader.load(PskTable.empty()));
                List<Problem> problems = TopologyValidator.validate(model);
                List<Problem> errors = TopologyValidator.errors(problems);
                if (!errors.isEmpty()) {
                    throw new TopologyValidationException(errors);
                }
                Compilation compilation = TopologyCompiler.compile(model, last);
                SortedMapBuilder versions = new SortedMapBuilder();
                pushChanged(compilation, model, actor, versions);
                if (done != null) {
                    changeLog.record(actor, done.action(), objectType, objectId, done.before(), done.after());
                }
                compiled[0] = compilation;
                return new TopologyChange(versions.map, problems.stream().filter(p -> !p.blocking()).toList(),
                        notes(compilation));
            });
            last = compiled[0]; // committed: the base of the next incremental compile
            log.info("Topology change by {} ({} {}): new config versions for {}", actor, objectType, objectId,
                    change.newVersions().keySet());
            return change;
        }
    }

    /** The compiler's notes on the changed gateways' tunnels, each once (a link's two ends share the text). */
    private static List<String> notes(Compilation compilation) {
        Set<String> notes = new java.util.LinkedHashSet<>();
        for (String name : compilation.changedGateways()) {
            compilation.config(name).tunnels().forEach(t -> notes.addAll(t.notes()));
        }
        return List.copyOf(notes);
    }

    private static final class SortedMapBuilder {
        final TreeMap<String, Long> map = new TreeMap<>();
    }

    /**
     * {@code model} with the key of every link that needs one: stored keys are kept,
     * missing ones generated and stored sealed, keys of links that no longer exist deleted.
     */
    private TopologyModel withLinkKeys(TopologyModel model) {
        Set<LinkKey> needed = TopologyCompiler.linksNeedingPsk(model);
        Map<LinkKey, Secret> keys = new HashMap<>();
        Instant now = clock.instant();
        List<LinkPskEntity> stale = new ArrayList<>();
        for (LinkPskEntity row : psks.findAll()) {
            LinkKey key = row.key();
            if (needed.contains(key)) {
                keys.put(key, Secret.of(secretBox.openString(row.getPskSealed(), LinkPskEntity.context(key))));
            } else {
                stale.add(row);
            }
        }
        psks.deleteAll(stale);
        List<LinkPskEntity> created = new ArrayList<>();
        for (LinkKey key : needed) {
            if (!keys.containsKey(key)) {
                byte[] raw = new byte[PSK_BYTES];
                random.nextBytes(raw);
                String psk = Base64.getEncoder().encodeToString(raw);
                keys.put(key, Secret.of(psk));
                created.add(new LinkPskEntity(key, secretBox.sealString(psk, LinkPskEntity.context(key)), now));
            }
        }
        psks.saveAll(created);
        psks.flush();
        return new TopologyModel(model.gateways(), model.ikePolicies(), model.ipsecPolicies(), model.externalPeers(),
                model.topologies(), PskTable.of(keys));
    }

    private void pushChanged(Compilation compilation, TopologyModel model, String actor, SortedMapBuilder versions) {
        Map<String, GatewaySpec> specs = new HashMap<>();
        model.gateways().forEach(g -> specs.put(g.name(), g));
        Map<String, UUID> ids = new HashMap<>();
        gateways.findAll().forEach(g -> ids.put(g.getName(), g.getId()));
        List<Problem> undeliverable = new ArrayList<>();
        for (String name : compilation.changedGateways()) {
            List<TunnelSpec> tunnels = new ArrayList<>();
            for (CompiledTunnel t : compilation.config(name).tunnels()) {
                Problem p = CompiledTunnels.undeliverable(specs.get(name), t);
                if (p != null) {
                    undeliverable.add(p);
                } else {
                    tunnels.add(CompiledTunnels.toTunnelSpec(t));
                }
            }
            if (!undeliverable.isEmpty()) {
                continue;
            }
            UUID id = ids.get(name);
            long before = configs.currentVersion(id);
            long after = configs.setCompiledTunnels(id, tunnels, actor);
            if (after != before) {
                versions.map.put(name, after);
            }
        }
        if (!undeliverable.isEmpty()) {
            throw new TopologyValidationException(undeliverable);
        }
    }

    private TopologySpec currentSpec(String topology) {
        return loader.load(PskTable.empty()).topologies().stream().filter(t -> t.name().equals(topology))
                .findFirst().orElse(null);
    }

    private Names names() {
        Map<String, UUID> g = new HashMap<>();
        gateways.findAll().forEach(x -> g.put(x.getName(), x.getId()));
        Map<String, Long> p = new HashMap<>();
        externalPeers.findAll().forEach(x -> p.put(x.getName(), x.getId()));
        return new Names(g, p);
    }

    /** Name to id lookups for a topology's references. */
    private record Names(Map<String, UUID> gateways, Map<String, Long> peers) {
        UUID gateway(String name) {
            UUID id = gateways.get(name);
            if (id == null) {
                throw unknown("gateway", name);
            }
            return id;
        }

        TopologyLinkEntity.Endpoint endpoint(String name) {
            UUID g = gateways.get(name);
            if (g != null) {
                return new TopologyLinkEntity.Endpoint(g, null);
            }
            Long p = peers.get(name);
            if (p == null) {
                throw unknown("gateway or external peer", name);
            }
            return new TopologyLinkEntity.Endpoint(null, p);
        }
    }

    private static TopologyValidationException unknown(String what, String name) {
        return new TopologyValidationException(List.of(new Problem(Problem.Rule.UNKNOWN_REFERENCE,
                "There is no " + what + " called '" + name + "'.", List.of(name), true)));
    }
}
