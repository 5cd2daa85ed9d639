package io.gatewise.agent.control;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.gatewise.agent.control.testserver.FakeControlPlane;
import io.gatewise.agent.control.testserver.TestControlServer;
import io.gatewise.agent.control.testserver.TestPki;
import io.gatewise.agent.events.NegotiatedSa;
import io.gatewise.agent.events.NegotiationFailure;
import io.gatewise.agent.events.SaEventKind;
import io.gatewise.agent.events.SaRole;
import io.gatewise.agent.events.StatusSnapshot;
import io.gatewise.agent.events.TunnelEvent;
import io.gatewise.proto.v1.EventKind;
import io.gatewise.proto.v1.Role;
import io.gatewise.proto.v1.SaEvent;
import io.gatewise.proto.v1.StatusReport;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.LongStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Events and status reports on the real Connect stream, over real mutual TLS on loopback. */
class AgentRunnerEventsTest {
    private static final Duration WAIT = Duration.ofSeconds(10);

    @TempDir
    Path tmp;

    private FakeControlPlane service;
    private TestControlServer server;
    private Path stateDir;
    private AgentRunner runner;
    private final AtomicLong bytesIn = new AtomicLong();

    @BeforeEach
    void enroll() throws Exception {
        TestPki ca = new TestPki("Gatewise CA");
        service = new FakeControlPlane(ca);
        server = new TestControlServer(service, ca, ca).start();
        stateDir = tmp.resolve("state");
        service.addToken("token", "3b4cf7a0-5d1e-4a8f-9b0e-111122223333");
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
        return AgentRunner.create(RunOptions.of(stateDir)
                .withBackoff(Duration.ofMillis(100), Duration.ofMillis(500))
                .withStatus(() -> new StatusSnapshot(Instant.now(), List.of(), List.of(new StatusSnapshot.ChildSaState(
                        "branch-7", "10.1.0.0/16--10.2.0.0/16", "c0ffee01", "c0ffee02", "installed", 12, 3000,
                        bytesIn.get(), 0, 3, 0, 0, 0, null, "aes128gcm16"))), Duration.ofMillis(200)));
    }

    private static TunnelEvent failure(int n) {
        return TunnelEvent.builder(SaEventKind.PHASE1_FAILED, "branch-" + n)
                .peerEndpoint("192.0.2.7:500").role(SaRole.INITIATOR).stage("main_mode")
                .cookies("0011223344556677", "")
                .failure(new NegotiationFailure("NO-PROPOSAL-CHOSEN", false, List.of("aes128-sha1-modp1024"),
                        List.of(), "peer accepted none of our proposals"))
                .build();
    }

    private List<Long> receivedIds() {
        return service.events.stream().map(SaEvent::getEventId).toList();
    }

    @Test
    void eventsReportedWhileOfflineAreDeliveredOnceConnectedAndLeaveTheQueueWhenAcknowledged() throws Exception {
        runner = newRunner();
        server.stop();
        runner.start();
        for (int i = 1; i <= 300; i++) {
            assertThat(runner.eventSink().report(failure(i))).isEqualTo(i);
        }
        assertThat(runner.eventQueueStats().queuedEvents()).isEqualTo(300);

        server.start();
        await().atMost(WAIT).until(() -> service.events.size() >= 300);
        assertThat(receivedIds()).containsExactlyElementsOf(LongStream.rangeClosed(1, 300).boxed().toList());
        SaEvent first = service.events.get(0);
        assertThat(first.getKind()).isEqualTo(EventKind.EVENT_KIND_PHASE1_FAILED);
        assertThat(first.getRole()).isEqualTo(Role.ROLE_INITIATOR);
        assertThat(first.getTunnel()).isEqualTo("branch-1");
        assertThat(first.getFailure().getNotification()).isEqualTo("NO-PROPOSAL-CHOSEN");
        assertThat(first.getFailure().getReason()).isEqualTo("peer accepted none of our proposals");
        await().atMost(WAIT).until(() -> runner.eventQueueStats().queuedEvents() == 0);
        assertThat(runner.eventQueueStats().acknowledgedThroughId()).isEqualTo(300);

        // Reported while connected: sent at once.
        long id = runner.eventSink().report(TunnelEvent.builder(SaEventKind.CHILD_ESTABLISHED, "branch-7")
                .negotiated(NegotiatedSa.quickMode("aes128gcm16", "", "c0ffee01", "c0ffee02", 3600, 0,
                        List.of("10.1.0.0/16"), List.of("10.2.0.0/16"), "tunnel", false))
                .build());
        await().atMost(WAIT).until(() -> receivedIds().contains(id));
        assertThat(service.events.get(service.events.size() - 1).getNegotiated().getSpiIn()).isEqualTo("c0ffee01");
    }

    @Test
    void unacknowledgedEventsAreSentAgainOnTheNextStreamAndAfterAnAgentRestart() throws Exception {
        service.ackEvents = false;
        runner = newRunner();
        runner.start();
        assertThat(runner.awaitState(AgentRunner.State.CONNECTED, WAIT)).isTrue();
        List<TunnelEvent> batch = new ArrayList<>();
        for (int i = 1; i <= 5; i++) {
            batch.add(failure(i));
        }
        assertThat(runner.eventSink().reportAll(batch)).containsExactly(1, 2, 3, 4, 5);
        await().atMost(WAIT).until(() -> service.events.size() == 5);

        // Stream lost before any ack: the next stream starts over from the oldest unacknowledged.
        server.stop();
        service.events.clear();
        service.ackEvents = true;
        server.start();
        await().atMost(WAIT).until(() -> service.events.size() >= 5);
        assertThat(receivedIds()).containsExactly(1L, 2L, 3L, 4L, 5L);
        await().atMost(WAIT).until(() -> runner.eventQueueStats().queuedEvents() == 0);

        // Unacknowledged at stop: a restarted agent sends them, with ids continuing.
        service.ackEvents = false;
        runner.eventSink().report(failure(6));
        await().atMost(WAIT).until(() -> receivedIds().contains(6L));
        runner.stop();
        service.events.clear();
        service.ackEvents = true;
        runner = newRunner();
        runner.start();
        await().atMost(WAIT).until(() -> receivedIds().contains(6L));
        assertThat(runner.eventSink().report(failure(7))).isEqualTo(7);
        await().atMost(WAIT).until(() -> receivedIds().contains(7L));
        assertThat(receivedIds()).containsExactly(6L, 7L);
    }

    @Test
    void statusReportsArriveAtTheConfiguredIntervalWithTheProvidersCounters() throws Exception {
        runner = newRunner();
        runner.start();
        StatusReport first = service.statusReports.poll(WAIT.toSeconds(), TimeUnit.SECONDS);
        assertThat(first).isNotNull();
        assertThat(first.getChildSasList()).singleElement().satisfies(c -> {
            assertThat(c.getTunnel()).isEqualTo("branch-7");
            assertThat(c.getSpiIn()).isEqualTo("c0ffee01");
            assertThat(c.getState()).isEqualTo("installed");
        });
        bytesIn.set(4242);
        await().atMost(WAIT).until(() -> service.statusReports.stream()
                .anyMatch(r -> r.getChildSas(0).getBytesIn() == 4242));
        // 200 ms interval: five reports in 1 s, well within 6 s on a loaded machine; at the default 5 s they would take 20 s.
        await().atMost(Duration.ofSeconds(6)).until(() -> service.statusReports.size() >= 5);
    }
}
