package io.gatewise.agent.control;

import static org.assertj.core.api.Assertions.assertThat;

import io.gatewise.agent.control.testserver.FakeControlPlane;
import io.gatewise.agent.control.testserver.TestControlServer;
import io.gatewise.agent.control.testserver.TestPki;
import io.gatewise.agent.events.SaEventKind;
import io.gatewise.agent.events.StatusSnapshot;
import io.gatewise.agent.events.TunnelEvent;
import io.gatewise.proto.v1.StatusReport;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * An SA event is followed by a status report within a fraction of a second, not at the
 * next periodic report, so the server's tunnels page follows a tunnel going up at once.
 */
class AgentRunnerStatusAfterEventTest {
    @TempDir
    Path tmp;

    @Test
    void anSaEventBringsTheNextStatusReportForward() throws Exception {
        TestPki ca = new TestPki("Gatewise CA");
        FakeControlPlane service = new FakeControlPlane(ca);
        TestControlServer server = new TestControlServer(service, ca, ca).start();
        try {
            Path stateDir = tmp.resolve("state");
            service.addToken("token", "3b4cf7a0-5d1e-4a8f-9b0e-777788889999");
            Path caFile = tmp.resolve("ca.pem");
            Files.writeString(caFile, Pem.encode(ca.caCertificate()));
            Enrollment.enroll(EnrollOptions.of(new ServerAddress("localhost", server.port()), "token", stateDir)
                    .withCaFile(caFile));
            // periodic reports only every 10 minutes: any report after the first comes from the event
            try (AgentRunner runner = AgentRunner.create(RunOptions.of(stateDir)
                    .withStatus(() -> new StatusSnapshot(Instant.now(), List.of(), List.of()), Duration.ofMinutes(10)))) {
                runner.start();
                assertThat(runner.awaitState(AgentRunner.State.CONNECTED, Duration.ofSeconds(20))).isTrue();
                assertThat(service.statusReports.poll(20, TimeUnit.SECONDS)).as("the report on connect").isNotNull();

                long reportedAt = System.nanoTime();
                runner.eventSink().report(TunnelEvent.builder(SaEventKind.CHILD_ESTABLISHED, "to-hq").build());
                StatusReport next = service.statusReports.poll(20, TimeUnit.SECONDS);
                assertThat(next).as("a report soon after the event").isNotNull();
                long ms = (System.nanoTime() - reportedAt) / 1_000_000;
                System.out.printf("status report %d ms after the SA event%n", ms);
                assertThat(ms).isGreaterThanOrEqualTo(AgentRunner.STATUS_AFTER_EVENT.toMillis() - 50);
            }
        } finally {
            server.stop();
        }
    }
}
