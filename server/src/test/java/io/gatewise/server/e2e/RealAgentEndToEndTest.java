package io.gatewise.server.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.UUID;

import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

import io.gatewise.agent.control.AgentRunner;
import io.gatewise.agent.control.EnrollOptions;
import io.gatewise.agent.control.Enrollment;
import io.gatewise.agent.control.EnrollmentResult;
import io.gatewise.agent.control.RunOptions;
import io.gatewise.agent.control.ServerAddress;
import io.gatewise.server.config.DesiredConfigService;
import io.gatewise.server.config.TunnelInput;
import io.gatewise.server.controlplane.GrpcServerLifecycle;
import io.gatewise.server.gateway.AgentPresence;
import io.gatewise.server.gateway.CreatedGateway;
import io.gatewise.server.gateway.GatewayService;
import io.gatewise.server.pki.CertificateAuthority;
import io.gatewise.server.pki.Pem;
import io.gatewise.server.testsupport.AsAdmin;
import io.gatewise.server.testsupport.Gateways;
import io.gatewise.server.testsupport.GatewiseIntegrationTest;

/**
 * The real agent (its classes, in this JVM, over real sockets and mutual TLS) against the
 * real server: enroll with the token, receive and apply config v1, get v2 within a second
 * of the admin's change, and resume after the control plane restarts, also picking up a
 * change made while it was down. The agent's state directory lives under target/.
 */
@GatewiseIntegrationTest
class RealAgentEndToEndTest {
    @Autowired
    GatewayService gateways;
    @Autowired
    DesiredConfigService configs;
    @Autowired
    GrpcServerLifecycle grpc;
    @Autowired
    CertificateAuthority ca;
    @Autowired
    AgentPresence presence;

    @Test
    void realAgentEnrollsAppliesConfigsAndResumesAfterARestart() throws Exception {
        CreatedGateway created = Gateways.create(gateways, "e2e");
        UUID id = created.gateway().getId();
        Path tmp = Path.of(System.getProperty("java.io.tmpdir"));
        Path stateDir = Files.createTempDirectory(tmp, "agent-state");
        Path caFile = Files.writeString(Files.createTempFile(tmp, "gatewise-ca", ".pem"), Pem.encode(ca.caCertificate()));

        EnrollmentResult enrolled = Enrollment.enroll(EnrollOptions.of(
                ServerAddress.parse("localhost:" + grpc.getPort()), created.token().token().reveal(), stateDir)
                .withCaFile(caFile).withHostname("e2e-host"));
        assertThat(enrolled.gatewayId()).isEqualTo(id.toString());
        assertThat(enrolled.trustedOnFirstUse()).isFalse();

        RunOptions options = RunOptions.of(stateDir).withBackoff(Duration.ofMillis(100), Duration.ofMillis(500));
        try (AgentRunner agent = AgentRunner.create(options)) {
            agent.start();
            assertThat(agent.awaitState(AgentRunner.State.CONNECTED, Duration.ofSeconds(15))).isTrue();
            await().atMost(Duration.ofSeconds(30)).until(() -> agent.appliedConfigVersion() == 1);
            await().atMost(Duration.ofSeconds(30)).until(() -> configs.currentStatus(id).applied());
            assertThat(presence.connectedSince(id)).isPresent();
            assertThat(gateways.get(id).getHostname()).isNotBlank();

            // an admin change reaches the agent and is applied within a second
            long changedAt = System.nanoTime();
            long v2 = AsAdmin.call(() -> configs.putTunnel(id, null, new TunnelInput("to-hq", "198.51.100.1",
                    List.of("10.20.0.0/24"), List.of("10.0.0.0/16"), "end-to-end-psk-0123456789",
                    "aes256-sha256-modp2048", "aes128gcm16-ecp256"), "e2e"));
            await().atMost(Duration.ofSeconds(1)).pollInterval(Duration.ofMillis(10))
                    .until(() -> agent.appliedConfigVersion() == v2);
            long appliedMillis = (System.nanoTime() - changedAt) / 1_000_000;
            System.out.printf("real agent applied config v%d %d ms after the change%n", v2, appliedMillis);
            await().atMost(Duration.ofSeconds(30)).until(() -> configs.currentStatus(id).applied());
            assertThat(configs.currentStatus(id).propagation()).isLessThan(Duration.ofSeconds(1));
            assertThat(agent.currentConfig()).isPresent();

            // the control plane restarts; a change made meanwhile arrives when the agent is back
            grpc.stop();
            long v3;
            try {
                await().atMost(Duration.ofSeconds(30)).until(() -> agent.state() != AgentRunner.State.CONNECTED);
                v3 = AsAdmin.call(() -> configs.deleteTunnel(id, "to-hq", "e2e"));
            } finally {
                grpc.start();
            }
            assertThat(agent.awaitState(AgentRunner.State.CONNECTED, Duration.ofSeconds(15))).isTrue();
            await().atMost(Duration.ofSeconds(30)).until(() -> agent.appliedConfigVersion() == v3);
            await().atMost(Duration.ofSeconds(30)).until(() -> configs.currentStatus(id).applied());
            await().atMost(Duration.ofSeconds(30)).until(() -> presence.connectedSince(id).isPresent());
        }
        await().atMost(Duration.ofSeconds(30)).until(() -> presence.connectedSince(id).isEmpty());

        // the agent restarts from the config it applied last, and the server has nothing newer
        try (AgentRunner again = AgentRunner.create(RunOptions.of(stateDir))) {
            again.start();
            assertThat(again.appliedConfigVersion()).isEqualTo(3);
            assertThat(again.awaitState(AgentRunner.State.CONNECTED, Duration.ofSeconds(15))).isTrue();
            await().atMost(Duration.ofSeconds(30)).until(() -> presence.connectedSince(id).isPresent());
            assertThat(gateways.get(id).getAppliedConfigVersion()).isEqualTo(3);
        }
    }
}
