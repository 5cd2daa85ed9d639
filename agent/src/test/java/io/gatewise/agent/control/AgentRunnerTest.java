package io.gatewise.agent.control;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.gatewise.agent.config.AgentConfig;
import io.gatewise.agent.config.ConfigApplier;
import io.gatewise.agent.config.ConfigRejectedException;
import io.gatewise.agent.control.testserver.FakeControlPlane;
import io.gatewise.agent.control.testserver.TestControlServer;
import io.gatewise.agent.control.testserver.TestPki;
import io.gatewise.proto.v1.ConfigAck;
import io.gatewise.proto.v1.ConfigUpdate;
import io.gatewise.proto.v1.GatewayConfig;
import io.gatewise.proto.v1.Hello;
import io.gatewise.proto.v1.Tunnel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code run} against a real gRPC server over real mutual TLS on loopback. */
class AgentRunnerTest {
    private static final Duration WAIT = Duration.ofSeconds(10);

    @TempDir
    Path tmp;

    private FakeControlPlane service;
    private TestControlServer server;
    private Path stateDir;
    private String gatewayId;
    private AgentRunner runner;
    private final RecordingApplier applier = new RecordingApplier();

    /** Records what it applies; can be told to refuse. */
    static final class RecordingApplier implements ConfigApplier {
        final List<AgentConfig> applied = new CopyOnWriteArrayList<>();
        volatile String refuse;

        @Override
        public void apply(AgentConfig config) throws ConfigRejectedException {
            if (refuse != null) {
                throw new ConfigRejectedException(refuse);
            }
            applied.add(config);
        }
    }

    @BeforeEach
    void enroll() throws Exception {
        TestPki ca = new TestPki("Gatewise CA");
        service = new FakeControlPlane(ca);
        server = new TestControlServer(service, ca, ca).start();
        stateDir = tmp.resolve("state");
        gatewayId = "3b4cf7a0-5d1e-4a8f-9b0e-111122223333";
        service.addToken("token", gatewayId);
        Path caFile = tmp.resolve("ca.pem");
        Files.writeString(caFile, Pem.encode(ca.caCertificate()));
        Enrollment.enroll(EnrollOptions.of(new ServerAddress("localhost", server.port()), "token", stateDir)
                .withCaFile(caFile));
    }

    @AfterEach
    void stop() throws InterruptedException {
        if (runner != null) {
            runner.stop();
        }
        server.stop();
    }

    private AgentRunner newRunner() throws AgentStateException {
        return AgentRunner.create(RunOptions.of(stateDir).withApplier(applier)
                .withBackoff(Duration.ofMillis(100), Duration.ofMillis(800)));
    }

    private ConfigUpdate update(long version, Tunnel... tunnels) {
        return ProtoConfigs.update(version, ProtoConfigs.gateway(gatewayId, tunnels));
    }

    private ConfigAck nextAck() throws InterruptedException {
        ConfigAck ack = service.acks.poll(WAIT.toSeconds(), TimeUnit.SECONDS);
        assertThat(ack).as("an ack within " + WAIT).isNotNull();
        return ack;
    }

    @Test
    void receivesTheConfigOnConnectAppliesAndAcks() throws Exception {
        service.setDesired(update(1, ProtoConfigs.pskMainTunnel("psk-main")));
        runner = newRunner();
        runner.start();

        assertThat(runner.awaitState(AgentRunner.State.CONNECTED, WAIT)).isTrue();
        assertThat(nextAck()).isEqualTo(ConfigAck.newBuilder().setVersion(1).setOk(true).build());
        assertThat(runner.appliedConfigVersion()).isEqualTo(1);
        assertThat(runner.currentConfig()).hasValueSatisfying(c -> assertThat(c.tunnel("psk-main")).isPresent());
        Hello hello = service.hellos.get(0);
        assertThat(hello.getGatewayId()).isEqualTo(gatewayId);
        assertThat(hello.getAppliedConfigVersion()).isZero();
        assertThat(hello.getAgentVersion()).isNotBlank();
        assertThat(hello.getHostname()).isNotBlank();

        // A change is pushed on the open session.
        service.setDesired(update(2, ProtoConfigs.pskMainTunnel("psk-main"), ProtoConfigs.pskMainTunnel("second")));
        assertThat(nextAck()).isEqualTo(ConfigAck.newBuilder().setVersion(2).setOk(true).build());
        assertThat(runner.currentConfig().orElseThrow().tunnels()).hasSize(2);
        assertThat(applier.applied).hasSize(2);

        // An old or repeated version is acknowledged without applying it again.
        service.push(update(2, ProtoConfigs.pskMainTunnel("psk-main")));
        service.push(update(1, ProtoConfigs.pskMainTunnel("psk-main")));
        assertThat(nextAck()).isEqualTo(ConfigAck.newBuilder().setVersion(2).setOk(true).build());
        assertThat(nextAck()).isEqualTo(ConfigAck.newBuilder().setVersion(1).setOk(true).build());
        assertThat(applier.applied).hasSize(2);
        assertThat(runner.appliedConfigVersion()).isEqualTo(2);
    }

    @Test
    void aPushedChangeIsAppliedAndAcknowledgedWellWithinOneSecond() throws Exception {
        service.setDesired(update(1, ProtoConfigs.pskMainTunnel("psk-main")));
        runner = newRunner();
        runner.start();
        assertThat(nextAck().getOk()).isTrue();
        int rounds = 50;
        long[] micros = new long[rounds];
        for (int i = 0; i < rounds; i++) {
            long start = System.nanoTime();
            service.push(update(2 + i, ProtoConfigs.pskMainTunnel("psk-main"), ProtoConfigs.pskMainTunnel("t" + i)));
            assertThat(nextAck().getOk()).isTrue();
            micros[i] = (System.nanoTime() - start) / 1000;
        }
        java.util.Arrays.sort(micros);
        System.out.printf("push -> validate -> fsync'd save -> apply -> ack over loopback mTLS: median %.1f ms,"
                + " max %.1f ms (%d rounds)%n", micros[rounds / 2] / 1000.0, micros[rounds - 1] / 1000.0, rounds);
        // the bound the issue asks for, on nine pushes in ten: one fsync stalled by a loaded CI
        // disk must not fail the build, a slow path would
        assertThat(micros[rounds * 9 / 10]).isLessThan(1_000_000);
        assertThat(runner.appliedConfigVersion()).isEqualTo(1 + rounds);
    }

    @Test
    void malformedConfigsAreRefusedWithAReasonAndThePreviousOneKept() throws Exception {
        service.setDesired(update(1, ProtoConfigs.pskMainTunnel("psk-main")));
        runner = newRunner();
        runner.start();
        assertThat(nextAck().getOk()).isTrue();
        AgentConfig v1 = runner.currentConfig().orElseThrow();

        Tunnel badCidr = ProtoConfigs.pskMainTunnel("branch-7").toBuilder()
                .setChildren(0, ProtoConfigs.pskMainTunnel("x").getChildren(0).toBuilder()
                        .setRemoteSelectors(0, "10.0.0.0/33"))
                .build();
        service.push(update(2, badCidr));
        assertThat(nextAck()).isEqualTo(ConfigAck.newBuilder().setVersion(2).setOk(false).setError(
                "tunnel branch-7, child net: remote selector '10.0.0.0/33' is not a valid IPv4 prefix:"
                        + " length 33 is larger than 32").build());

        service.push(update(3, ProtoConfigs.pskMainTunnel("dup"), ProtoConfigs.pskMainTunnel("dup")));
        assertThat(nextAck().getError()).isEqualTo("duplicate tunnel name 'dup': tunnel names must be unique");

        service.push(update(4, ProtoConfigs.pskMainTunnel("t").toBuilder().setRemoteAddress("").build()));
        assertThat(nextAck().getError()).isEqualTo("tunnel t: remote address is empty");

        service.push(update(5, ProtoConfigs.pskMainTunnel("t").toBuilder().setVpnTypeValue(9).build()));
        assertThat(nextAck().getError()).isEqualTo(
                "tunnel t: vpn_type has unknown value 9 (is this agent older than the server?)");

        service.push(ProtoConfigs.update(6, ProtoConfigs.gateway("someone-else", ProtoConfigs.pskMainTunnel("t"))));
        assertThat(nextAck().getError()).isEqualTo(
                "the config is for gateway someone-else but this agent is gateway " + gatewayId);

        service.push(ConfigUpdate.newBuilder().setVersion(7).build());
        assertThat(nextAck().getError()).isEqualTo("the update carries no config");

        applier.refuse = "tunnel t: the IKE engine does not implement camellia";
        service.push(update(8, ProtoConfigs.pskMainTunnel("t")));
        assertThat(nextAck()).isEqualTo(ConfigAck.newBuilder().setVersion(8).setOk(false)
                .setError("tunnel t: the IKE engine does not implement camellia").build());

        assertThat(runner.appliedConfigVersion()).isEqualTo(1);
        assertThat(runner.currentConfig()).contains(v1);
        // The disk still holds v1: a refused config is never what a restart comes back with.
        StateDir state = new StateDir(stateDir);
        assertThat(ConfigStore.forIdentity(state.appliedConfigFile(), state.readCredentials().privateKey(), gatewayId)
                .load().orElseThrow().getVersion()).isEqualTo(1);

        applier.refuse = null;
        service.push(update(9, ProtoConfigs.pskMainTunnel("t")));
        assertThat(nextAck().getOk()).isTrue();
        assertThat(runner.appliedConfigVersion()).isEqualTo(9);
    }

    @Test
    void reconnectsWithBackoffAfterTheServerRestarts() throws Exception {
        service.setDesired(update(1, ProtoConfigs.pskMainTunnel("psk-main")));
        runner = newRunner();
        runner.start();
        assertThat(nextAck().getOk()).isTrue();

        server.stop();
        assertThat(runner.awaitState(AgentRunner.State.WAITING_TO_RETRY, WAIT)).isTrue();
        // Still down: the agent keeps trying (several failed attempts), and keeps running v1.
        int hellosBefore = service.hellos.size();
        await().during(Duration.ofMillis(1500)).atMost(WAIT)
                .until(() -> runner.state() != AgentRunner.State.CONNECTED);
        assertThat(runner.appliedConfigVersion()).isEqualTo(1);

        service.setDesired(update(2, ProtoConfigs.pskMainTunnel("psk-main"), ProtoConfigs.pskMainTunnel("new")));
        server.start();
        await().atMost(WAIT).until(() -> service.hellos.size() > hellosBefore);
        assertThat(service.hellos.get(service.hellos.size() - 1).getAppliedConfigVersion()).isEqualTo(1);
        // A reconnecting agent that is behind gets the current config at once.
        assertThat(nextAck()).isEqualTo(ConfigAck.newBuilder().setVersion(2).setOk(true).build());
        assertThat(runner.state()).isEqualTo(AgentRunner.State.CONNECTED);
        assertThat(runner.appliedConfigVersion()).isEqualTo(2);
    }

    @Test
    void aRestartedAgentRunsTheSavedConfigWhileTheServerIsDown() throws Exception {
        service.setDesired(update(1, ProtoConfigs.pskMainTunnel("psk-main")));
        runner = newRunner();
        runner.start();
        assertThat(nextAck().getOk()).isTrue();
        runner.stop();
        server.stop();
        applier.applied.clear();

        runner = newRunner();
        runner.start();
        // Applied before any connection attempt, from disk.
        assertThat(runner.appliedConfigVersion()).isEqualTo(1);
        assertThat(runner.currentConfig().orElseThrow().tunnel("psk-main")).isPresent();
        assertThat(applier.applied).hasSize(1);
        assertThat(runner.awaitState(AgentRunner.State.WAITING_TO_RETRY, WAIT)).isTrue();

        server.start();
        assertThat(runner.awaitState(AgentRunner.State.CONNECTED, WAIT)).isTrue();
        await().atMost(WAIT).until(() -> service.hellos.size() == 2);
        assertThat(service.hellos.get(1).getAppliedConfigVersion()).isEqualTo(1);
        assertThat(applier.applied).hasSize(1);
    }

    @Test
    void aDamagedSavedConfigIsIgnoredAndTheServerResendsIt() throws Exception {
        service.setDesired(update(1, ProtoConfigs.pskMainTunnel("psk-main")));
        runner = newRunner();
        runner.start();
        assertThat(nextAck().getOk()).isTrue();
        runner.stop();
        Path saved = new StateDir(stateDir).appliedConfigFile();
        byte[] raw = Files.readAllBytes(saved);
        raw[raw.length / 2] ^= 0x55;
        Files.write(saved, raw);

        runner = newRunner();
        runner.start();
        assertThat(nextAck()).isEqualTo(ConfigAck.newBuilder().setVersion(1).setOk(true).build());
        assertThat(service.hellos.get(1).getAppliedConfigVersion()).isZero();
        assertThat(runner.appliedConfigVersion()).isEqualTo(1);
    }

    @Test
    void anAgentThatIsNotEnrolledSaysSo() {
        assertThatThrownBy(() -> AgentRunner.create(RunOptions.of(tmp.resolve("empty"))))
                .isInstanceOf(AgentStateException.class)
                .hasMessageContaining("this agent is not enrolled").hasMessageContaining("gatewise-agent enroll");
    }

    @Test
    void theServerAddressCanBeOverridden() throws Exception {
        service.setDesired(update(1));
        runner = AgentRunner.create(RunOptions.of(stateDir).withServer(new ServerAddress("127.0.0.1", server.port())));
        assertThat(runner.server()).isEqualTo(new ServerAddress("127.0.0.1", server.port()));
        runner.start();
        assertThat(nextAck().getOk()).isTrue();
        assertThat(runner.currentConfig().orElseThrow().describeSize()).isEqualTo("no tunnels");
        GatewayConfig empty = ProtoConfigs.gateway(gatewayId);
        assertThat(empty.getTunnelsCount()).isZero();
    }
}
