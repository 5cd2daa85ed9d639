package io.gatewise.server.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.net.InetAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.stream.LongStream;

import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.JdbcTemplate;

import io.gatewise.agent.config.TunnelActions;
import io.gatewise.agent.control.AgentRunner;
import io.gatewise.server.action.TunnelActionKind;
import io.gatewise.server.action.TunnelActionService;
import io.gatewise.server.action.TunnelActionStatus;
import io.gatewise.server.action.TunnelActionView;
import io.gatewise.server.config.DesiredConfigService;
import io.gatewise.server.config.TunnelInput;
import io.gatewise.server.controlplane.GrpcServerLifecycle;
import io.gatewise.server.gateway.CreatedGateway;
import io.gatewise.server.gateway.GatewayService;
import io.gatewise.server.pki.CertificateAuthority;
import io.gatewise.server.pki.Pem;
import io.gatewise.server.status.LiveStatusService;
import io.gatewise.server.status.LiveStatusService.TunnelView;
import io.gatewise.server.status.TunnelState;
import io.gatewise.server.testsupport.AsAdmin;
import io.gatewise.server.testsupport.GatewiseIntegrationTest;

/**
 * Issue 7's end-to-end test: two real agents (AgentRunner, IkeConfigApplier, LinuxGateway
 * with TUN and userspace ESP) in network namespaces {@code gwact-l} and {@code gwact-r},
 * enrolled with and connected to the real server, which gives them a PSK tunnel to each
 * other.
 *
 * <pre>
 *   gwact-l                                            gwact-r
 *   lan0 10.71.1.1/24                                  lan0 10.71.2.1/24
 *   wan0 198.18.71.1/24 <────────── veth ──────────> wan0 198.18.71.2/24
 *   gw0 (TUN, agent "left")                            gw0 (TUN, agent "right")
 *          \___ gRPC over loopback to the server in this JVM (host namespace) ___/
 * </pre>
 *
 * It checks: the server shows the tunnel up on both ends with matching SPIs within 5 s
 * of the first "established" event; traffic counters grow while ping runs through the
 * tunnel; operator actions (clear, bring up) sent through the server change the SAs; a
 * wrong PSK shows in the negotiation audit with its reason; with the control plane down
 * for 30 s while the agents keep negotiating, afterwards every event of each agent is
 * stored once, ids contiguous from 1.
 */
@GatewiseIntegrationTest
class TwoAgentsInNamespacesEndToEndTest {
    private static final String LEFT_NS = "gwact-l";
    private static final String RIGHT_NS = "gwact-r";
    private static final String LEFT_WAN = "198.18.71.1";
    private static final String RIGHT_WAN = "198.18.71.2";
    private static final String LEFT_LAN = "10.71.1.0/24";
    private static final String RIGHT_LAN = "10.71.2.0/24";
    private static final String PSK = "gwact-end-to-end-psk-0123456789";
    private static final String IKE = "aes128-sha256-modp2048";
    private static final String ESP = "aes128gcm16-ecp256";
    /** Generous for a loaded 2-core CI machine; the real bounds are asserted separately. */
    private static final Duration SLOW = Duration.ofSeconds(60);
    private static final Duration OUTAGE = Duration.ofSeconds(30);

    @Autowired
    GatewayService gateways;
    @Autowired
    DesiredConfigService configs;
    @Autowired
    GrpcServerLifecycle grpc;
    @Autowired
    CertificateAuthority ca;
    @Autowired
    LiveStatusService status;
    @Autowired
    TunnelActionService actions;
    @Autowired
    JdbcTemplate jdbc;

    @Test
    void twoRealAgentsInNamespacesThroughTheRealServer() throws Exception {
        Optional<String> why = Namespaces.unavailable();
        why.ifPresent(r -> System.out.println("TwoAgentsInNamespacesEndToEndTest skipped: " + r));
        Assumptions.assumeTrue(why.isEmpty(), why.orElse(""));

        List<AutoCloseable> cleanup = new ArrayList<>();
        Process ping = null;
        try {
            network();
            String suffix = UUID.randomUUID().toString().substring(0, 6);
            CreatedGateway l = AsAdmin.call(() -> gateways.create("gwact-left-" + suffix, LEFT_WAN, "e2e"));
            CreatedGateway r = AsAdmin.call(() -> gateways.create("gwact-right-" + suffix, RIGHT_WAN, "e2e"));
            Path tmp = Files.createTempDirectory(Path.of(System.getProperty("java.io.tmpdir")), "gwact");
            Path caFile = NamespacedAgent.caFile(tmp, Pem.encode(ca.caCertificate()));
            NamespacedAgent left = NamespacedAgent.start(LEFT_NS, InetAddress.getByName(LEFT_WAN), grpc.getPort(),
                    caFile, l.token().token().reveal(), tmp.resolve("left"));
            cleanup.add(left);
            NamespacedAgent right = NamespacedAgent.start(RIGHT_NS, InetAddress.getByName(RIGHT_WAN), grpc.getPort(),
                    caFile, r.token().token().reveal(), tmp.resolve("right"));
            cleanup.add(right);
            for (NamespacedAgent a : List.of(left, right)) {
                assertThat(a.runner.awaitState(AgentRunner.State.CONNECTED, SLOW)).as(a.namespace).isTrue();
            }

            // 1. the desired config gives them a tunnel to each other; up with matching SPIs within 5 s
            putTunnel(right.gatewayId, "to-left", LEFT_WAN, RIGHT_LAN, LEFT_LAN, PSK);
            putTunnel(left.gatewayId, "to-right", RIGHT_WAN, LEFT_LAN, RIGHT_LAN, PSK);
            Instant upSeen = awaitUp(left, right, SLOW, List.of());
            Instant firstEstablished = await().atMost(SLOW).until(() -> firstEstablished(left, right),
                    Optional::isPresent).get();
            Duration upAfter = Duration.between(firstEstablished, upSeen);
            System.out.printf("gwact: tunnel up on both ends with matching SPIs %d ms after the first"
                    + " 'established' event%n", upAfter.toMillis());
            assertThat(upAfter).isLessThan(Duration.ofSeconds(5));

            // 2. traffic counters grow while ping runs through the tunnel
            TunnelView before = view(left.gatewayId, "to-right");
            ping = new ProcessBuilder(Namespaces.in(LEFT_NS, "ping", "-n", "-c", "40", "-i", "0.2", "-W", "2",
                    "-I", "10.71.1.1", "10.71.2.1")).redirectErrorStream(true)
                    .redirectOutput(tmp.resolve("ping.txt").toFile()).start();
            long p0 = before.totals().packetsOut();
            await().atMost(SLOW).until(() -> view(left.gatewayId, "to-right").totals().packetsOut() >= p0 + 5);
            long p1 = view(left.gatewayId, "to-right").totals().packetsOut();
            await().atMost(SLOW).until(() -> view(left.gatewayId, "to-right").totals().packetsOut() >= p1 + 5);
            assertThat(ping.waitFor(60, TimeUnit.SECONDS)).isTrue();
            assertThat(ping.exitValue()).as(Files.readString(tmp.resolve("ping.txt"))).isZero();
            await().atMost(SLOW).until(() -> view(left.gatewayId, "to-right").totals().packetsOut() >= p0 + 40
                    && view(right.gatewayId, "to-left").totals().packetsIn() >= before.totals().packetsIn() + 40);
            TunnelView afterPing = view(left.gatewayId, "to-right");
            System.out.printf("gwact: left sent %d packets (%d bytes) through the tunnel during ping%n",
                    afterPing.totals().packetsOut() - p0, afterPing.totals().bytesOut() - before.totals().bytesOut());

            // 3. operator actions through the server change the SAs: clear, then bring up with new SPIs
            String oldSpi = afterPing.spiIn();
            TunnelActionView clear = act(left.gatewayId, "to-right", TunnelActionKind.CLEAR);
            assertThat(clear.status()).as(clear.detail()).isEqualTo(TunnelActionStatus.OK);
            assertThat(clear.detail()).contains("Delete payloads sent");
            await().atMost(SLOW).until(() -> view(left.gatewayId, "to-right").state() != TunnelState.UP
                    && view(right.gatewayId, "to-left").state() != TunnelState.UP);
            TunnelActionView up = act(left.gatewayId, "to-right", TunnelActionKind.BRING_UP);
            assertThat(up.status()).as(up.detail()).isEqualTo(TunnelActionStatus.OK);
            awaitUp(left, right, SLOW, List.of(oldSpi));
            TunnelActionView rekey = act(left.gatewayId, "to-right", TunnelActionKind.REKEY);
            System.out.printf("gwact: rekey answered %s: %s%n", rekey.status(), rekey.detail());

            // 4. a wrong PSK on one side shows in the audit with its reason; the right one brings it back
            Instant wrongAt = Instant.now();
            putTunnel(right.gatewayId, "to-left", LEFT_WAN, RIGHT_LAN, LEFT_LAN, "a-wrong-psk-0123456789-xyz");
            String reason = await().atMost(SLOW).until(() -> failureSince(left, right, wrongAt), Optional::isPresent)
                    .get();
            System.out.printf("gwact: wrong PSK audited: %s%n", reason);
            assertThat(reason).isNotBlank();
            putTunnel(right.gatewayId, "to-left", LEFT_WAN, RIGHT_LAN, LEFT_LAN, PSK);
            awaitUp(left, right, SLOW, List.of());

            // 5. the control plane is down for 30 s while the agents keep negotiating
            grpc.stop();
            int resets = 0;
            try {
                for (NamespacedAgent a : List.of(left, right)) {
                    await().atMost(SLOW).until(() -> a.runner.state() != AgentRunner.State.CONNECTED);
                }
                long end = System.nanoTime() + OUTAGE.toNanos();
                while (System.nanoTime() < end) {
                    TunnelActions.Outcome o = left.act(TunnelActions.Kind.RESET, "to-right");
                    assertThat(o.ok()).as(o.detail()).isTrue();
                    resets++;
                    // pacing of the scenario (a new negotiation every 5 s of the outage), not a wait for a condition
                    Thread.sleep(5_000);
                }
            } finally {
                grpc.start();
            }
            for (NamespacedAgent a : List.of(left, right)) {
                assertThat(a.runner.awaitState(AgentRunner.State.CONNECTED, SLOW)).isTrue();
            }
            awaitUp(left, right, SLOW, List.of());
            for (NamespacedAgent a : List.of(left, right)) {
                await().atMost(SLOW).until(() -> a.runner.eventQueueStats().acknowledgedThroughId()
                        == a.runner.eventQueueStats().lastAssignedId());
                long last = a.runner.eventQueueStats().lastAssignedId();
                List<Long> ids = jdbc.queryForList("SELECT event_id FROM sa_event WHERE gateway_id = ? ORDER BY event_id",
                        Long.class, a.gatewayId);
                assertThat(ids).as("%s: every event once, ids contiguous from 1", a.namespace)
                        .containsExactlyElementsOf(LongStream.rangeClosed(1, last).boxed().toList());
                System.out.printf("gwact: %s: %d events stored, ids 1..%d contiguous, none twice (%d resets during"
                        + " the %d s outage)%n", a.namespace, ids.size(), last, resets, OUTAGE.toSeconds());
            }
            assertThat(left.runner.eventQueueStats().droppedTotal()).isZero();
        } finally {
            if (ping != null) {
                ping.destroyForcibly();
            }
            for (int i = cleanup.size() - 1; i >= 0; i--) {
                try {
                    cleanup.get(i).close();
                } catch (Exception e) {
                    System.out.println("gwact cleanup: " + e);
                }
            }
            Namespaces.delete(LEFT_NS);
            Namespaces.delete(RIGHT_NS);
        }
    }

    /** Two namespaces joined by a veth (the "internet"), each with a LAN on a veth of its own. */
    private static void network() throws Exception {
        Namespaces.create(LEFT_NS);
        Namespaces.create(RIGHT_NS);
        Namespaces.must("ip", "link", "add", "wan0", "netns", LEFT_NS, "type", "veth", "peer", "name", "wan0",
                "netns", RIGHT_NS);
        Namespaces.must("ip", "-n", LEFT_NS, "addr", "add", LEFT_WAN + "/24", "dev", "wan0");
        Namespaces.must("ip", "-n", RIGHT_NS, "addr", "add", RIGHT_WAN + "/24", "dev", "wan0");
        for (String ns : List.of(LEFT_NS, RIGHT_NS)) {
            Namespaces.must("ip", "-n", ns, "link", "set", "wan0", "up");
            Namespaces.must("ip", "-n", ns, "link", "add", "lan0", "type", "veth", "peer", "name", "lan0p");
            Namespaces.must("ip", "-n", ns, "addr", "add", (ns.equals(LEFT_NS) ? "10.71.1.1" : "10.71.2.1") + "/24",
                    "dev", "lan0");
            Namespaces.must("ip", "-n", ns, "link", "set", "lan0", "up");
            Namespaces.must("ip", "-n", ns, "link", "set", "lan0p", "up");
        }
    }

    private void putTunnel(UUID gateway, String name, String remote, String localLan, String remoteLan, String psk) {
        AsAdmin.call(() -> {
            boolean exists = configs.current(gateway).tunnels().stream().anyMatch(t -> t.name().equals(name));
            return configs.putTunnel(gateway, exists ? name : null, new TunnelInput(name, remote, List.of(localLan),
                    List.of(remoteLan), psk, IKE, ESP), "e2e");
        });
    }

    private TunnelView view(UUID gateway, String tunnel) {
        return AsAdmin.call(() -> status.tunnels()).stream()
                .filter(v -> v.gatewayId().equals(gateway) && v.tunnel().equals(tunnel)).findFirst()
                .orElseThrow(() -> new AssertionError("no tunnel end " + tunnel + " of " + gateway));
    }

    private boolean upWithMatchingSpis(NamespacedAgent left, NamespacedAgent right, List<String> notSpis) {
        List<TunnelView> views = AsAdmin.call(() -> status.tunnels());
        Optional<TunnelView> l = views.stream().filter(v -> v.gatewayId().equals(left.gatewayId)
                && v.tunnel().equals("to-right")).findFirst();
        Optional<TunnelView> r = views.stream().filter(v -> v.gatewayId().equals(right.gatewayId)
                && v.tunnel().equals("to-left")).findFirst();
        return l.isPresent() && r.isPresent() && l.get().state() == TunnelState.UP && r.get().state() == TunnelState.UP
                && !l.get().spiIn().isEmpty() && l.get().spiIn().equals(r.get().spiOut())
                && l.get().spiOut().equals(r.get().spiIn()) && !notSpis.contains(l.get().spiIn());
    }

    /** Waits (polling every 50 ms) until both ends are up with matching SPIs; when it was first seen. */
    private Instant awaitUp(NamespacedAgent left, NamespacedAgent right, Duration atMost, List<String> notSpis) {
        await().atMost(atMost).pollInterval(Duration.ofMillis(50)).until(() -> upWithMatchingSpis(left, right,
                notSpis));
        return Instant.now();
    }

    private Optional<Instant> firstEstablished(NamespacedAgent left, NamespacedAgent right) {
        Timestamp t = jdbc.queryForObject("SELECT min(occurred_at) FROM sa_event WHERE gateway_id IN (?, ?)"
                + " AND outcome = 'established'", Timestamp.class, left.gatewayId, right.gatewayId);
        return Optional.ofNullable(t).map(Timestamp::toInstant);
    }

    private Optional<String> failureSince(NamespacedAgent left, NamespacedAgent right, Instant since) {
        List<String> reasons = jdbc.queryForList("SELECT reason FROM sa_event WHERE gateway_id IN (?, ?)"
                + " AND outcome = 'failed' AND occurred_at >= ? AND reason <> '' ORDER BY occurred_at", String.class,
                left.gatewayId, right.gatewayId, Timestamp.from(since));
        return reasons.stream().findFirst();
    }

    private TunnelActionView act(UUID gateway, String tunnel, TunnelActionKind kind) {
        TunnelActionView sent = AsAdmin.call(() -> actions.request(gateway, tunnel, kind, "e2e-operator"));
        return AsAdmin.call(() -> actions.awaitFinished(sent.id(), Duration.ofSeconds(30)));
    }
}
