package io.gatewise.server.topology;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.security.access.AccessDeniedException;
import org.springframework.security.authentication.UsernamePasswordAuthenticationToken;
import org.springframework.security.core.authority.SimpleGrantedAuthority;
import org.springframework.security.core.context.SecurityContextHolder;

import io.gatewise.server.config.DesiredConfig;
import io.gatewise.server.config.DesiredConfigService;
import io.gatewise.server.config.TunnelSpec;
import io.gatewise.server.gateway.GatewayService;
import io.gatewise.server.testsupport.AsAdmin;
import io.gatewise.server.testsupport.GatewiseIntegrationTest;
import io.gatewise.server.topology.compiler.IkePolicy;
import io.gatewise.server.topology.compiler.IpsecPolicy;
import io.gatewise.server.topology.compiler.Problem;
import io.gatewise.server.topology.compiler.TopologySpec;

/** The topology service on real PostgreSQL: keys, versions bumped only where configs change, rollback, roles. */
@GatewiseIntegrationTest
class TopologyServiceTest {
    private static int nextNet = 100;

    @Autowired
    TopologyService topology;
    @Autowired
    GatewayService gatewayService;
    @Autowired
    DesiredConfigService configs;
    @Autowired
    JdbcTemplate jdbc;

    private final String run = UUID.randomUUID().toString().substring(0, 6);

    /** A gateway with a unique name, its own address and one protected subnet. */
    private UUID gateway(String name) {
        int n = nextNet++;
        UUID id = AsAdmin.call(() -> gatewayService.create(name + "-" + run, "203.0.113." + n, "test")).gateway().getId();
        AsAdmin.run(() -> topology.setGatewaySettings(id,
                new GatewayTopologySettings(List.of("10." + n + ".0.0/24"), Set.of(), null, false), "admin"));
        return id;
    }

    private String n(String name) {
        return name + "-" + run;
    }

    private void policies(String name, String ikeProposal) {
        AsAdmin.run(() -> topology.saveIkePolicy(new IkePolicy(n(name), IkePolicy.Mode.MAIN, List.of(ikeProposal),
                IkePolicy.Auth.PSK, 28_800, 30, 150, IkePolicy.DpdAction.RESTART, true, false), "admin"));
        AsAdmin.run(() -> topology.saveIpsecPolicy(new IpsecPolicy(n(name), IpsecPolicy.Protocol.ESP,
                List.of("aes256gcm16-ecp256"), 3_600, 0, IpsecPolicy.Encapsulation.TUNNEL, false), "admin"));
    }

    private TopologySpec mesh(String name, String policy, String... members) {
        Set<String> names = new java.util.TreeSet<>();
        for (String m : members) {
            names.add(n(m));
        }
        return new TopologySpec(n(name), TopologySpec.Kind.FULL_MESH, TopologySpec.VpnType.POLICY_BASED, names,
                Set.of(), List.of(), TopologySpec.SpokeToSpoke.NONE, List.of(), n(policy), n(policy), List.of());
    }

    private Map<UUID, Long> versions(UUID... ids) {
        Map<UUID, Long> v = new HashMap<>();
        for (UUID id : ids) {
            v.put(id, configs.currentVersion(id));
        }
        return v;
    }

    private static TunnelSpec tunnel(DesiredConfig config, String name) {
        return config.tunnels().stream().filter(t -> t.name().equals(name)).findFirst().orElseThrow();
    }

    @Test
    void fullMeshOfThreeGivesEachGatewayTwoTunnelsWithPairwiseEqualSealedKeys() {
        UUID a = gateway("a");
        UUID b = gateway("b");
        UUID c = gateway("c");
        policies("modern", "aes256-sha256-ecp256");
        Map<UUID, Long> before = versions(a, b, c);

        TopologyChange change = AsAdmin.call(() -> topology.saveTopology(mesh("mesh", "modern", "a", "b", "c"), "admin"));

        assertThat(change.newVersions()).containsOnlyKeys(n("a"), n("b"), n("c"));
        for (UUID id : List.of(a, b, c)) {
            assertThat(configs.currentVersion(id)).isEqualTo(before.get(id) + 1);
            assertThat(configs.current(id).tunnels()).hasSize(2);
        }
        DesiredConfig ca = configs.current(a);
        DesiredConfig cb = configs.current(b);
        DesiredConfig cc = configs.current(c);
        String ab = n("a") + "--" + n("b");
        String ac = n("a") + "--" + n("c");
        String bc = n("b") + "--" + n("c");
        assertThat(tunnel(ca, ab).psk()).isEqualTo(tunnel(cb, ab).psk());
        assertThat(tunnel(ca, ac).psk()).isEqualTo(tunnel(cc, ac).psk());
        assertThat(tunnel(cb, bc).psk()).isEqualTo(tunnel(cc, bc).psk());
        assertThat(tunnel(ca, ab).psk()).isNotEqualTo(tunnel(ca, ac).psk());
        assertThat(tunnel(ca, ab).remoteAddress()).isEqualTo(jdbc.queryForObject(
                "select public_address from gateway where id = ?", String.class, b));
        assertThat(tunnel(ca, ab).localSubnets()).containsExactly(jdbc.queryForObject(
                "select protected_subnets->>0 from gateway where id = ?", String.class, a));

        // 32 random bytes, base64; sealed in link_psk, in the config JSON and absent from the change log
        String psk = tunnel(ca, ab).psk().reveal();
        assertThat(java.util.Base64.getDecoder().decode(psk)).hasSize(32);
        byte[] sealed = jdbc.queryForObject("select psk_sealed from link_psk where endpoint_a = ? and endpoint_b = ?",
                byte[].class, n("a"), n("b"));
        assertThat(new String(sealed, StandardCharsets.ISO_8859_1)).doesNotContain(psk);
        assertThat(jdbc.queryForObject("select count(*) from link_psk where endpoint_a like ?", Long.class,
                "%-" + run)).isEqualTo(3);
        assertThat(jdbc.queryForList("select config::text from config_version where gateway_id in (?, ?, ?)",
                String.class, a, b, c)).noneMatch(s -> s.contains(psk));
        assertThat(jdbc.queryForList("select coalesce(before::text, '') || coalesce(after::text, '') "
                + "from change_log", String.class)).noneMatch(s -> s.contains(psk));
        assertThat(jdbc.queryForObject("select count(*) from change_log where object_type = 'topology' "
                + "and object_id = ?", Long.class, n("mesh"))).isEqualTo(1);

        // saving the same topology again changes no config
        TopologyChange again = AsAdmin.call(() -> topology.saveTopology(mesh("mesh", "modern", "a", "b", "c"), "admin"));
        assertThat(again.newVersions()).isEmpty();
        assertThat(configs.current(a).tunnels()).isEqualTo(ca.tunnels());
    }

    @Test
    void onlyGatewaysWhoseConfigChangesGetANewVersion() {
        UUID a = gateway("a");
        UUID b = gateway("b");
        UUID c = gateway("c");
        UUID d = gateway("d");
        UUID x = gateway("x");
        UUID y = gateway("y");
        UUID unrelated = gateway("u");
        policies("mesh", "aes256-sha256-ecp256");
        policies("pair", "aes128-sha256-modp2048");
        AsAdmin.run(() -> topology.saveTopology(mesh("mesh", "mesh", "a", "b", "c"), "admin"));
        AsAdmin.run(() -> topology.saveTopology(mesh("pair", "pair", "x", "y"), "admin"));
        Map<UUID, Long> v1 = versions(a, b, c, d, x, y, unrelated);

        // a fourth gateway joins the mesh: all four members change, nobody else
        TopologyChange join = AsAdmin.call(() -> topology.saveTopology(mesh("mesh", "mesh", "a", "b", "c", "d"), "admin"));
        assertThat(join.newVersions()).containsOnlyKeys(n("a"), n("b"), n("c"), n("d"));
        Map<UUID, Long> v2 = versions(a, b, c, d, x, y, unrelated);
        for (UUID id : List.of(a, b, c, d)) {
            assertThat(v2.get(id)).isEqualTo(v1.get(id) + 1);
            assertThat(configs.current(id).tunnels()).hasSize(3);
        }
        for (UUID id : List.of(x, y, unrelated)) {
            assertThat(v2.get(id)).isEqualTo(v1.get(id));
        }

        // a policy only the pair topology uses: only its two members change
        TopologyChange policy = AsAdmin.call(() -> topology.saveIkePolicy(new IkePolicy(n("pair"), IkePolicy.Mode.MAIN,
                List.of("aes256-sha256-modp3072"), IkePolicy.Auth.PSK, 28_800, 30, 150, IkePolicy.DpdAction.RESTART,
                true, false), "admin"));
        assertThat(policy.newVersions()).containsOnlyKeys(n("x"), n("y"));
        Map<UUID, Long> v3 = versions(a, b, c, d, x, y, unrelated);
        assertThat(v3.get(x)).isEqualTo(v2.get(x) + 1);
        assertThat(v3.get(y)).isEqualTo(v2.get(y) + 1);
        for (UUID id : List.of(a, b, c, d, unrelated)) {
            assertThat(v3.get(id)).isEqualTo(v2.get(id));
        }
        assertThat(configs.current(x).tunnels().get(0).ikeProposals()).containsExactly("aes256-sha256-modp3072");

        // deleting the pair topology removes its tunnels and its key
        AsAdmin.run(() -> topology.deleteTopology(n("pair"), "admin"));
        assertThat(configs.current(x).tunnels()).isEmpty();
        assertThat(jdbc.queryForObject("select count(*) from link_psk where endpoint_a = ?", Long.class, n("x")))
                .isZero();
    }

    @Test
    void deletingAMemberGatewayRemovesItsTunnelsFromItsPeersAndItsKeys() {
        UUID a = gateway("a");
        UUID b = gateway("b");
        UUID c = gateway("c");
        policies("modern", "aes256-sha256-ecp256");
        AsAdmin.run(() -> topology.saveTopology(mesh("mesh", "modern", "a", "b", "c"), "admin"));
        Map<UUID, Long> before = versions(a, b);

        AsAdmin.run(() -> gatewayService.delete(c, "admin"));

        for (UUID id : List.of(a, b)) {
            assertThat(configs.currentVersion(id)).isEqualTo(before.get(id) + 1);
            assertThat(configs.current(id).tunnels()).extracting(TunnelSpec::name)
                    .containsExactly(n("a") + "--" + n("b"));
        }
        assertThat(jdbc.queryForObject("select count(*) from link_psk where endpoint_b = ?", Long.class, n("c")))
                .isZero();
    }

    @Test
    void taggingAGatewayMakesItJoinATopologyThatSelectsTheTag() {
        UUID a = gateway("a");
        UUID b = gateway("b");
        policies("modern", "aes256-sha256-ecp256");
        String tag = n("branch");
        AsAdmin.run(() -> topology.saveTopology(new TopologySpec(n("tagged"), TopologySpec.Kind.FULL_MESH,
                TopologySpec.VpnType.POLICY_BASED, Set.of(n("a")), Set.of(tag), List.of(),
                TopologySpec.SpokeToSpoke.NONE, List.of(), n("modern"), n("modern"), List.of()), "admin"));
        assertThat(configs.current(a).tunnels()).isEmpty();
        String subnetOfB = jdbc.queryForObject("select protected_subnets->>0 from gateway where id = ?", String.class, b);

        TopologyChange change = AsAdmin.call(() -> topology.setGatewaySettings(b,
                new GatewayTopologySettings(List.of(subnetOfB), Set.of(tag), null, false), "admin"));

        assertThat(change.newVersions()).containsOnlyKeys(n("a"), n("b"));
        assertThat(configs.current(b).tunnels()).extracting(TunnelSpec::name).containsExactly(n("a") + "--" + n("b"));
    }

    @Test
    void aRefusedChangeWritesNothing() {
        UUID a = gateway("a");
        UUID b = gateway("b");
        policies("modern", "aes256-sha256-ecp256");
        String subnetOfA = jdbc.queryForObject("select protected_subnets->>0 from gateway where id = ?", String.class, a);
        AsAdmin.run(() -> topology.setGatewaySettings(b,
                new GatewayTopologySettings(List.of(subnetOfA), Set.of(), null, false), "admin"));
        List<String> tables = List.of("topology", "topology_member", "link_psk", "config_version", "change_log");
        Map<String, Long> counts = counts(tables);

        assertThatThrownBy(() -> AsAdmin.run(() -> topology.saveTopology(mesh("overlap", "modern", "a", "b"), "admin")))
                .isInstanceOfSatisfying(TopologyValidationException.class, e -> {
                    assertThat(e.problems()).extracting(Problem::rule).contains(Problem.Rule.OVERLAPPING_SUBNETS);
                    assertThat(e.getMessage()).contains(n("a")).contains(n("b"));
                });
        assertThat(counts(tables)).isEqualTo(counts);
    }

    private Map<String, Long> counts(List<String> tables) {
        Map<String, Long> result = new HashMap<>();
        tables.forEach(t -> result.put(t, jdbc.queryForObject("select count(*) from " + t, Long.class)));
        return result;
    }

    @Test
    void anAuditorCannotChangeTheModel() {
        var context = SecurityContextHolder.createEmptyContext();
        context.setAuthentication(UsernamePasswordAuthenticationToken.authenticated("auditor", null,
                List.of(new SimpleGrantedAuthority("ROLE_AUDITOR"))));
        SecurityContextHolder.setContext(context);
        try {
            assertThatThrownBy(() -> topology.saveIkePolicy(new IkePolicy(n("nope"), IkePolicy.Mode.MAIN,
                    List.of("aes256-sha256-ecp256"), IkePolicy.Auth.PSK, 28_800, 30, 150, IkePolicy.DpdAction.RESTART,
                    true, false), "auditor")).isInstanceOf(AccessDeniedException.class);
            assertThatThrownBy(() -> topology.deleteTopology("anything", "auditor"))
                    .isInstanceOf(AccessDeniedException.class);
            assertThatThrownBy(() -> topology.setGatewaySettings(UUID.randomUUID(),
                    new GatewayTopologySettings(List.of(), Set.of(), null, false), "auditor"))
                    .isInstanceOf(AccessDeniedException.class);
        } finally {
            SecurityContextHolder.clearContext();
        }
        assertThat(jdbc.queryForObject("select count(*) from ike_policy where name = ?", Long.class, n("nope"))).isZero();
    }
}
