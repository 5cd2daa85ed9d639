package io.gatewise.server.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import java.util.stream.LongStream;

import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.JdbcTemplate;

import io.gatewise.agent.control.AgentRunner;
import io.gatewise.agent.control.EnrollOptions;
import io.gatewise.agent.control.Enrollment;
import io.gatewise.agent.control.RunOptions;
import io.gatewise.agent.control.ServerAddress;
import io.gatewise.agent.events.NegotiationFailure;
import io.gatewise.agent.events.SaEventKind;
import io.gatewise.agent.events.SaRole;
import io.gatewise.agent.events.StatusSnapshot;
import io.gatewise.agent.events.TunnelEvent;
import io.gatewise.server.audit.AuditService;
import io.gatewise.server.config.DesiredConfigService;
import io.gatewise.server.config.TunnelInput;
import io.gatewise.server.controlplane.GrpcServerLifecycle;
import io.gatewise.server.gateway.CreatedGateway;
import io.gatewise.server.gateway.GatewayService;
import io.gatewise.server.pki.CertificateAuthority;
import io.gatewise.server.pki.Pem;
import io.gatewise.server.status.LiveStatusService;
import io.gatewise.server.status.TunnelState;
import io.gatewise.server.testsupport.AsAdmin;
import io.gatewise.server.testsupport.Gateways;
import io.gatewise.server.testsupport.GatewiseIntegrationTest;

/**
 * The real agent's event path into the real server: events reported through the agent's
 * {@code SaEventSink} while the control plane is down are kept in the agent's journal and
 * stored exactly once after it comes back (ids contiguous, none twice, chain intact); a
 * status report turns the configured tunnel UP in the live view.
 */
@GatewiseIntegrationTest
class AgentEventsEndToEndTest {
    @Autowired
    GatewayService gateways;
    @Autowired
    DesiredConfigService configs;
    @Autowired
    GrpcServerLifecycle grpc;
    @Autowired
    CertificateAuthority ca;
    @Autowired
    JdbcTemplate jdbc;
    @Autowired
    AuditService audit;
    @Autowired
    LiveStatusService status;

    private static TunnelEvent failure(int n) {
        return TunnelEvent.builder(SaEventKind.PHASE1_FAILED, "to-hq").peerEndpoint("198.51.100.1:500")
                .role(SaRole.INITIATOR).stage("main_mode")
                .failure(new NegotiationFailure("AUTHENTICATION-FAILED", false, List.of("aes256-sha256-modp2048"),
                        List.of("aes256-sha256-modp2048"), "attempt " + n + ": the peer's hash did not verify"
                                + " (wrong pre-shared key?)"))
                .build();
    }

    @Test
    void eventsSurviveAServerOutageAndAreStoredExactlyOnce() throws Exception {
        CreatedGateway created = Gateways.create(gateways, "events");
        UUID id = created.gateway().getId();
        AsAdmin.call(() -> configs.putTunnel(id, null, new TunnelInput("to-hq", "198.51.100.1",
                List.of("10.20.0.0/24"), List.of("10.0.0.0/16"), "end-to-end-psk-0123456789",
                "aes256-sha256-modp2048", "aes128gcm16-ecp256"), "e2e"));
        Path tmp = Path.of(System.getProperty("java.io.tmpdir"));
        Path stateDir = Files.createTempDirectory(tmp, "agent-events");
        Path caFile = Files.writeString(Files.createTempFile(tmp, "gatewise-ca", ".pem"), Pem.encode(ca.caCertificate()));
        Enrollment.enroll(EnrollOptions.of(ServerAddress.parse("localhost:" + grpc.getPort()),
                created.token().token().reveal(), stateDir).withCaFile(caFile));

        RunOptions options = RunOptions.of(stateDir).withBackoff(Duration.ofMillis(100), Duration.ofMillis(500))
                .withStatus(() -> new StatusSnapshot(Instant.now(), List.of(), List.of(new StatusSnapshot.ChildSaState(
                        "to-hq", "10.20.0.0/24--10.0.0.0/16", "c1a2b3c4", "d1e2f3a4", "installed", 3, 3500, 8400, 8400,
                        100, 100, 0, 0, Instant.now(), "aes128gcm16-ecp256"))), Duration.ofMillis(300));
        try (AgentRunner agent = AgentRunner.create(options)) {
            agent.start();
            assertThat(agent.awaitState(AgentRunner.State.CONNECTED, Duration.ofSeconds(15))).isTrue();
            for (int i = 1; i <= 100; i++) {
                agent.eventSink().report(failure(i));
            }
            await().atMost(Duration.ofSeconds(30)).until(() -> count(id) == 100);
            await().atMost(Duration.ofSeconds(30)).until(() -> AsAdmin.call(status::tunnels).stream()
                    .anyMatch(t -> t.gatewayId().equals(id) && t.tunnel().equals("to-hq")
                            && t.state() == TunnelState.UP && t.spiIn().equals("c1a2b3c4")));

            grpc.stop();
            try {
                await().atMost(Duration.ofSeconds(30)).until(() -> agent.state() != AgentRunner.State.CONNECTED);
                for (int i = 101; i <= 600; i++) {
                    agent.eventSink().report(failure(i));
                }
                assertThat(agent.eventQueueStats().queuedEvents()).isGreaterThanOrEqualTo(500);
                assertThat(count(id)).isEqualTo(100);
            } finally {
                grpc.start();
            }
            await().atMost(Duration.ofSeconds(30)).until(() -> count(id) == 600);
            await().atMost(Duration.ofSeconds(30)).until(() -> agent.eventQueueStats().queuedEvents() == 0);
        }
        List<Long> ids = jdbc.queryForList("SELECT event_id FROM sa_event WHERE gateway_id = ? ORDER BY chain_seq",
                Long.class, id);
        assertThat(ids).containsExactlyElementsOf(LongStream.rangeClosed(1, 600).boxed().toList());
        assertThat(jdbc.queryForObject("SELECT reason FROM sa_event WHERE gateway_id = ? AND event_id = 600",
                String.class, id)).isEqualTo("attempt 600: the peer's hash did not verify (wrong pre-shared key?)");
        assertThat(AsAdmin.call(audit::verify).intact()).isTrue();
    }

    private long count(UUID gateway) {
        return jdbc.queryForObject("SELECT count(*) FROM sa_event WHERE gateway_id = ?", Long.class, gateway);
    }
}
