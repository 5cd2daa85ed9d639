package io.gatewise.server.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.security.authentication.AuthenticationCredentialsNotFoundException;

import io.gatewise.server.gateway.GatewayService;
import io.gatewise.server.testsupport.AsAdmin;
import io.gatewise.server.testsupport.Gateways;
import io.gatewise.server.testsupport.GatewiseIntegrationTest;

/** Desired config versions on real PostgreSQL: sealing, versioning, concurrency. */
@GatewiseIntegrationTest
class DesiredConfigServiceTest {
    private static final String PSK = "correct-horse-battery-staple";

    @Autowired
    DesiredConfigService configs;
    @Autowired
    GatewayService gateways;
    @Autowired
    JdbcTemplate jdbc;

    private UUID newGateway() {
        return Gateways.create(gateways, "cfg").gateway().getId();
    }

    private static TunnelInput tunnel(String name, String psk) {
        return new TunnelInput(name, "198.51.100.7", List.of("10.1.0.0/24"), List.of("10.2.0.0/24"), psk, null, null);
    }

    @Test
    void newGatewayStartsAtVersionOneWithoutTunnels() {
        UUID id = newGateway();
        assertThat(configs.currentVersion(id)).isEqualTo(1);
        assertThat(configs.current(id).tunnels()).isEmpty();
        assertThat(configs.history(id, 10)).extracting(ConfigVersionView::version).containsExactly(1L);
    }

    @Test
    void preSharedKeysAreSealedInTheDatabase() {
        UUID id = newGateway();
        long version = AsAdmin.call(() -> configs.putTunnel(id, null, tunnel("to-hq", PSK), "admin"));

        String stored = jdbc.queryForObject("select config::text from config_version where gateway_id = ? and version = ?",
                String.class, id, version);
        assertThat(stored).contains("to-hq").doesNotContain(PSK).doesNotContain("horse");
        assertThat(configs.current(id).tunnels().get(0).psk().reveal()).isEqualTo(PSK);
        assertThat(configs.current(id).toString()).doesNotContain(PSK);
    }

    @Test
    void aConfigStoredBeforeTunnelOptionsExistedStillLoadsWithTheSettingsItWasDeliveredWith() {
        UUID id = newGateway();
        long version = AsAdmin.call(() -> configs.putTunnel(id, null, tunnel("to-hq", PSK), "admin"));
        // the JSON exactly as the foundation wrote it: no "options" member
        jdbc.update("update config_version set config = jsonb_set(config, '{tunnels,0}', (config->'tunnels'->0) - 'options')"
                + " where gateway_id = ? and version = ?", id, version);
        String stored = jdbc.queryForObject("select config::text from config_version where gateway_id = ? and version = ?",
                String.class, id, version);
        assertThat(stored).doesNotContain("options").contains("\"format\": 1", "ikeProposals");

        TunnelSpec loaded = configs.current(id).tunnels().get(0);
        assertThat(loaded.options()).isEqualTo(TunnelOptions.DEFAULTS);
        assertThat(loaded.psk().reveal()).isEqualTo(PSK);
        assertThat(loaded.remoteSubnets()).containsExactly("10.2.0.0/24");
        assertThat(configs.history(id, 1).get(0).tunnelCount()).isEqualTo(1);
    }

    @Test
    void compiledTunnelOptionsSurviveTheStoreIncludingCertificateTunnelsWithoutAKey() {
        UUID id = newGateway();
        TunnelOptions cert = new TunnelOptions(TunnelOptions.IkeMode.MAIN, TunnelOptions.AuthMethod.CERTIFICATE,
                new TunnelIdentity(TunnelIdentity.Type.DER_ASN1_DN, "CN=" + id),
                new TunnelIdentity(TunnelIdentity.Type.DER_ASN1_DN, "CN=peer"), 7_200, 1_800, 500_000, 10, 40,
                TunnelOptions.DpdAction.HOLD, true, true, TunnelOptions.StartAction.RESPOND,
                TunnelOptions.VpnType.ROUTE_BASED, List.of("10.9.0.0/16"));
        TunnelOptions aggressive = new TunnelOptions(TunnelOptions.IkeMode.AGGRESSIVE, TunnelOptions.AuthMethod.PSK,
                new TunnelIdentity(TunnelIdentity.Type.FQDN, "a.example.net"),
                new TunnelIdentity(TunnelIdentity.Type.USER_FQDN, "b@example.net"), 28_800, 3_600, 0, 0, 0,
                TunnelOptions.DpdAction.CLEAR, true, false, TunnelOptions.StartAction.ON_TRAFFIC,
                TunnelOptions.VpnType.POLICY_BASED, List.of());
        List<TunnelSpec> compiled = List.of(
                new TunnelSpec("a--b", "192.0.2.2", List.of("0.0.0.0/0"), List.of("0.0.0.0/0"),
                        io.gatewise.server.system.Secret.of(""), List.of("aes256-sha256-ecp256"),
                        List.of("aes256gcm16-ecp256"), cert),
                new TunnelSpec("a--c", "192.0.2.3", List.of("10.1.0.0/24"), List.of("10.3.0.0/24"),
                        io.gatewise.server.system.Secret.of(PSK), List.of("aes256-sha256-modp2048"),
                        List.of("aes256-sha256"), aggressive));
        configs.setCompiledTunnels(id, compiled, "test");

        assertThat(configs.current(id).tunnels()).isEqualTo(compiled);
        assertThat(configs.current(id).tunnels()).extracting(t -> t.options()).containsExactly(cert, aggressive);
        assertThat(configs.current(id).tunnels().get(0).psk().isEmpty()).isTrue();
    }

    @Test
    void editingWithoutAPskKeepsTheKeyAlsoAcrossARename() {
        UUID id = newGateway();
        AsAdmin.run(() -> configs.putTunnel(id, null, tunnel("old-name", PSK), "admin"));
        long renamed = AsAdmin.call(() -> configs.putTunnel(id, "old-name", tunnel("new-name", ""), "admin"));

        assertThat(renamed).isEqualTo(3);
        TunnelSpec spec = configs.current(id).tunnels().get(0);
        assertThat(spec.name()).isEqualTo("new-name");
        assertThat(spec.psk().reveal()).isEqualTo(PSK);
    }

    @Test
    void anEditThatChangesNothingIsNoNewVersion() {
        UUID id = newGateway();
        long v2 = AsAdmin.call(() -> configs.putTunnel(id, null, tunnel("t", PSK), "admin"));
        long same = AsAdmin.call(() -> configs.putTunnel(id, "t", tunnel("t", ""), "admin"));
        long samePskTyped = AsAdmin.call(() -> configs.putTunnel(id, "t", tunnel("t", PSK), "admin"));
        assertThat(same).isEqualTo(v2);
        assertThat(samePskTyped).isEqualTo(v2);
    }

    @Test
    void tunnelNamesAreUniqueAndEditsNeedAnExistingTunnel() {
        UUID id = newGateway();
        AsAdmin.run(() -> configs.putTunnel(id, null, tunnel("t", PSK), "admin"));
        assertThatThrownBy(() -> AsAdmin.run(() -> configs.putTunnel(id, null, tunnel("t", PSK), "admin")))
                .isInstanceOfSatisfying(InvalidTunnelException.class,
                        e -> assertThat(e.fieldErrors().get("name")).contains("already has a tunnel"));
        assertThatThrownBy(() -> AsAdmin.run(() -> configs.putTunnel(id, "nope", tunnel("x", PSK), "admin")))
                .isInstanceOf(ConfigNotFoundException.class);
        assertThatThrownBy(() -> AsAdmin.run(() -> configs.deleteTunnel(id, "nope", "admin")))
                .isInstanceOf(ConfigNotFoundException.class);
        assertThatThrownBy(() -> configs.current(UUID.randomUUID())).isInstanceOf(ConfigNotFoundException.class);
    }

    @Test
    void writesNeedAnAdmin() {
        UUID id = newGateway();
        assertThatThrownBy(() -> configs.putTunnel(id, null, tunnel("t", PSK), "nobody"))
                .isInstanceOf(AuthenticationCredentialsNotFoundException.class);
        assertThat(configs.currentVersion(id)).isEqualTo(1);
    }

    @Test
    void concurrentEditsGetConsecutiveVersionsAndNoneIsLost() throws Exception {
        UUID id = newGateway();
        ExecutorService pool = Executors.newFixedThreadPool(4);
        try {
            List<Future<Long>> edits = new ArrayList<>();
            for (int i = 0; i < 4; i++) {
                String name = "t" + i;
                edits.add(pool.submit(() -> AsAdmin.call(() -> configs.putTunnel(id, null, tunnel(name, PSK), "admin"))));
            }
            List<Long> versions = new ArrayList<>();
            for (Future<Long> edit : edits) {
                versions.add(edit.get());
            }
            assertThat(versions).containsExactlyInAnyOrder(2L, 3L, 4L, 5L);
            assertThat(configs.current(id).tunnels()).extracting(TunnelSpec::name).containsExactly("t0", "t1", "t2", "t3");
        } finally {
            pool.shutdownNow();
        }
    }
}
