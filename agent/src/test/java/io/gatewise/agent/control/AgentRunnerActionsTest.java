package io.gatewise.agent.control;

import static io.gatewise.agent.ike.EngineFixtures.LEFT;
import static io.gatewise.agent.ike.EngineFixtures.RIGHT;
import static io.gatewise.agent.ike.EngineFixtures.SETTINGS;
import static org.assertj.core.api.Assertions.assertThat;

import io.gatewise.agent.config.TunnelActions;
import io.gatewise.agent.control.testserver.FakeControlPlane;
import io.gatewise.agent.control.testserver.TestControlServer;
import io.gatewise.agent.control.testserver.TestPki;
import io.gatewise.agent.gateway.EngineTunnelActions;
import io.gatewise.agent.ike.EngineFixtures;
import io.gatewise.agent.ike.FakeNetwork;
import io.gatewise.proto.v1.ActionResult;
import io.gatewise.proto.v1.TunnelAction;
import io.gatewise.proto.v1.TunnelActionKind;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashSet;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * TunnelActions from the server over the real Connect stream (mutual TLS on loopback):
 * each gets exactly one ActionResult with its id, and an action reaches a real IKE engine
 * and changes its SAs and its peer's.
 */
class AgentRunnerActionsTest {
    private static final String GATEWAY = "3b4cf7a0-5d1e-4a8f-9b0e-444455556666";

    @TempDir
    Path tmp;

    private FakeControlPlane service;
    private TestControlServer server;
    private Path stateDir;
    private AgentRunner runner;

    @BeforeEach
    void enroll() throws Exception {
        TestPki ca = new TestPki("Gatewise CA");
        service = new FakeControlPlane(ca);
        server = new TestControlServer(service, ca, ca).start();
        stateDir = tmp.resolve("state");
        service.addToken("token", GATEWAY);
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

    private void start(TunnelActions actions) throws Exception {
        runner = AgentRunner.create(RunOptions.of(stateDir).withActions(actions)
                .withBackoff(Duration.ofMillis(100), Duration.ofMillis(500)));
        runner.start();
        assertThat(runner.awaitState(AgentRunner.State.CONNECTED, Duration.ofSeconds(10))).isTrue();
        org.awaitility.Awaitility.await().atMost(Duration.ofSeconds(10)).until(service::hasSession);
    }

    private static TunnelAction action(long id, String gateway, String tunnel, TunnelActionKind kind) {
        return TunnelAction.newBuilder().setActionId(id).setGatewayId(gateway).setTunnel(tunnel).setKind(kind).build();
    }

    private ActionResult resultOf(TunnelAction action) throws InterruptedException {
        assertThat(service.send(action)).isTrue();
        ActionResult r = service.actionResults.poll(20, TimeUnit.SECONDS);
        assertThat(r).as("a result for action " + action.getActionId()).isNotNull();
        assertThat(r.getActionId()).isEqualTo(action.getActionId());
        return r;
    }

    @Test
    void anAgentWithoutTunnelsRefusesEveryActionWithAReason() throws Exception {
        start(TunnelActions.NONE);
        ActionResult r = resultOf(action(7, GATEWAY, "to-hq", TunnelActionKind.TUNNEL_ACTION_KIND_CLEAR));
        assertThat(r.getOk()).isFalse();
        assertThat(r.getError()).isEqualTo("this agent runs no tunnels (no IKE engine), so it has no tunnel to-hq");
    }

    @Test
    void unknownKindsForeignGatewaysAndFailingEnginesAreRefusedNotDropped() throws Exception {
        start(new TunnelActions() {
            @Override
            public Outcome bringUp(String tunnel) {
                return Outcome.done("up " + tunnel);
            }

            @Override
            public Outcome rekey(String tunnel) {
                throw new IllegalStateException("engine broke");
            }

            @Override
            public Outcome reset(String tunnel) {
                return Outcome.done("reset " + tunnel);
            }

            @Override
            public Outcome clear(String tunnel) {
                return Outcome.refused("no tunnel named " + tunnel);
            }
        });
        ActionResult up = resultOf(action(1, GATEWAY, "a", TunnelActionKind.TUNNEL_ACTION_KIND_BRING_UP));
        assertThat(up.getOk()).isTrue();
        assertThat(up.getDetail()).isEqualTo("up a");
        assertThat(resultOf(action(2, GATEWAY, "a", TunnelActionKind.TUNNEL_ACTION_KIND_CLEAR)).getError())
                .isEqualTo("no tunnel named a");
        assertThat(resultOf(action(3, GATEWAY, "a", TunnelActionKind.TUNNEL_ACTION_KIND_UNSPECIFIED)).getError())
                .isEqualTo("this agent does not know the action kind 0");
        assertThat(resultOf(TunnelAction.newBuilder().setActionId(4).setGatewayId(GATEWAY).setTunnel("a")
                .setKindValue(99).build()).getError()).isEqualTo("this agent does not know the action kind 99");
        assertThat(resultOf(action(5, "someone-else", "a", TunnelActionKind.TUNNEL_ACTION_KIND_RESET)).getError())
                .isEqualTo("this agent is gateway " + GATEWAY + ", not someone-else");
        ActionResult broke = resultOf(action(6, GATEWAY, "a", TunnelActionKind.TUNNEL_ACTION_KIND_REKEY));
        assertThat(broke.getOk()).isFalse();
        assertThat(broke.getError()).contains("engine broke");
        // the session survived all of it
        assertThat(resultOf(action(8, GATEWAY, "a", TunnelActionKind.TUNNEL_ACTION_KIND_RESET)).getDetail())
                .isEqualTo("reset a");
    }

    /** Two real engines on an in-memory network; the agent runs its actions on the left one. */
    private static final class EnginePair implements TunnelActions {
        final FakeNetwork net = new FakeNetwork();
        final FakeNetwork.Node left = net.add(LEFT, SETTINGS, 21);
        final FakeNetwork.Node right = net.add(RIGHT, SETTINGS, 22);

        EnginePair() {
            left.engine.addPeer(EngineFixtures.leftPeer("aes128-sha256-modp2048", "aes128-sha256", "stream-psk-0123"));
            right.engine.addPeer(EngineFixtures.rightPeer("aes128-sha256-modp2048", "aes128-sha256", "stream-psk-0123"));
        }

        private synchronized Outcome onEngine(java.util.function.Supplier<Outcome> action) {
            Outcome o = action.get();
            net.run();
            return o;
        }

        synchronized Set<Integer> spis(FakeNetwork.Node node) {
            Set<Integer> out = new HashSet<>();
            node.backend.sas().forEach(i -> out.add(i.spec().id().spi()));
            return out;
        }

        @Override
        public Outcome bringUp(String tunnel) {
            return onEngine(() -> EngineTunnelActions.bringUp(left.engine, tunnel, net.now()));
        }

        @Override
        public synchronized Outcome rekey(String tunnel) {
            Outcome o = EngineTunnelActions.rekey(left.engine, tunnel, net.now());
            // past the grace period in which the replaced SAs still receive, then deleted
            net.advanceInSteps(10_000, 500);
            return o;
        }

        @Override
        public Outcome reset(String tunnel) {
            return onEngine(() -> EngineTunnelActions.reset(left.engine, tunnel, net.now()));
        }

        @Override
        public Outcome clear(String tunnel) {
            return onEngine(() -> EngineTunnelActions.clear(left.engine, tunnel, net.now()));
        }
    }

    @Test
    void actionsOverTheStreamChangeTheSasOfARealEngineAndItsPeer() throws Exception {
        EnginePair pair = new EnginePair();
        start(pair);

        ActionResult up = resultOf(action(10, GATEWAY, "right", TunnelActionKind.TUNNEL_ACTION_KIND_BRING_UP));
        assertThat(up.getOk()).isTrue();
        Set<Integer> first = pair.spis(pair.left);
        assertThat(first).hasSize(2);
        assertThat(pair.spis(pair.right)).isEqualTo(first);

        ActionResult reset = resultOf(action(11, GATEWAY, "right", TunnelActionKind.TUNNEL_ACTION_KIND_RESET));
        assertThat(reset.getOk()).isTrue();
        Set<Integer> second = pair.spis(pair.left);
        assertThat(second).hasSize(2).doesNotContainAnyElementsOf(first);
        assertThat(pair.spis(pair.right)).isEqualTo(second);

        ActionResult rekey = resultOf(action(12, GATEWAY, "right", TunnelActionKind.TUNNEL_ACTION_KIND_REKEY));
        assertThat(rekey.getOk()).as(rekey.getError()).isTrue();
        assertThat(rekey.getDetail()).startsWith("rekeying");
        Set<Integer> third = pair.spis(pair.left);
        assertThat(third).hasSize(2).doesNotContainAnyElementsOf(second);
        assertThat(pair.spis(pair.right)).isEqualTo(third);

        ActionResult clear = resultOf(action(13, GATEWAY, "right", TunnelActionKind.TUNNEL_ACTION_KIND_CLEAR));
        assertThat(clear.getOk()).isTrue();
        assertThat(clear.getDetail()).isEqualTo(
                "deleted 1 IKE SA(s) and 1 IPsec SA(s), Delete payloads sent to the peer");
        assertThat(pair.spis(pair.left)).isEmpty();
        assertThat(pair.spis(pair.right)).as("the peer deleted its SAs on our Delete payloads").isEmpty();
    }
}
