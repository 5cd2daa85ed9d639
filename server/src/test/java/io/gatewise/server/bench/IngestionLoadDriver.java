package io.gatewise.server.bench;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import org.springframework.boot.SpringApplication;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.jdbc.core.JdbcTemplate;

import io.gatewise.agent.control.AgentRunner;
import io.gatewise.agent.control.EnrollOptions;
import io.gatewise.agent.control.Enrollment;
import io.gatewise.agent.control.RunOptions;
import io.gatewise.agent.control.ServerAddress;
import io.gatewise.agent.events.NegotiatedSa;
import io.gatewise.agent.events.SaEventKind;
import io.gatewise.agent.events.SaRole;
import io.gatewise.agent.events.TunnelEvent;
import io.gatewise.server.GatewiseServer;
import io.gatewise.server.controlplane.GrpcServerLifecycle;
import io.gatewise.server.gateway.CreatedGateway;
import io.gatewise.server.gateway.GatewayService;
import io.gatewise.server.pki.CertificateAuthority;
import io.gatewise.server.pki.Pem;
import io.gatewise.server.testsupport.Gateways;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.distribution.ValueAtPercentile;

/**
 * Load driver (not a test): the whole server with its embedded PostgreSQL, and N real
 * agents ({@link AgentRunner}, journal on disk, real mutual-TLS gRPC stream) each reporting
 * events through its {@code SaEventSink} as fast as it can. Prints events/s from the first
 * report to the last commit, and the end-to-end lag (event timestamp on the agent to its
 * commit in PostgreSQL) p50/p99. Arguments: agents (4), events per agent (50000).
 * Data under server/target/bench-ingestion (deleted first).
 */
public final class IngestionLoadDriver {
    private IngestionLoadDriver() {
    }

    public static void main(String[] args) throws Exception {
        int agents = args.length > 0 ? Integer.parseInt(args[0]) : 4;
        int perAgent = args.length > 1 ? Integer.parseInt(args[1]) : 50_000;
        Path work = Path.of("server/target/bench-ingestion").toAbsolutePath();
        if (Files.exists(work)) {
            try (var paths = Files.walk(work)) {
                paths.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            }
        }
        Files.createDirectories(work);
        ConfigurableApplicationContext ctx = SpringApplication.run(GatewiseServer.class,
                "--gatewise.data-dir=" + work.resolve("server"), "--gatewise.postgres.port=0",
                "--gatewise.grpc.port=0", "--server.port=0", "--gatewise.admin-password=bench-admin-password",
                "--logging.level.root=WARN");
        List<AgentRunner> runners = new ArrayList<>();
        try {
            GatewayService gateways = ctx.getBean(GatewayService.class);
            int port = ctx.getBean(GrpcServerLifecycle.class).getPort();
            Path caFile = Files.writeString(work.resolve("ca.pem"),
                    Pem.encode(ctx.getBean(CertificateAuthority.class).caCertificate()));
            for (int a = 0; a < agents; a++) {
                CreatedGateway created = Gateways.create(gateways, "bench");
                Path state = work.resolve("agent-" + a);
                Enrollment.enroll(EnrollOptions.of(ServerAddress.parse("localhost:" + port),
                        created.token().token().reveal(), state).withCaFile(caFile));
                AgentRunner runner = AgentRunner.create(RunOptions.of(state));
                runner.start();
                runner.awaitState(AgentRunner.State.CONNECTED, Duration.ofSeconds(30));
                runners.add(runner);
            }
            JdbcTemplate jdbc = ctx.getBean(JdbcTemplate.class);
            long total = (long) agents * perAgent;
            long start = System.nanoTime();
            List<Thread> threads = new ArrayList<>();
            for (AgentRunner runner : runners) {
                Thread t = new Thread(() -> drive(runner, perAgent), "bench-" + runner.gatewayId());
                t.start();
                threads.add(t);
            }
            for (Thread t : threads) {
                t.join();
            }
            double reportSeconds = (System.nanoTime() - start) / 1e9;
            long stored;
            while ((stored = jdbc.queryForObject("SELECT count(*) FROM sa_event", Long.class)) < total) {
                TimeUnit.MILLISECONDS.sleep(20); // a load driver polling, not a test waiting
                if (System.nanoTime() - start > TimeUnit.MINUTES.toNanos(5)) {
                    break;
                }
            }
            double seconds = (System.nanoTime() - start) / 1e9;
            Timer lag = ctx.getBean(MeterRegistry.class).get("gatewise.audit.ingestion.lag").timer();
            double p50 = 0;
            double p99 = 0;
            for (ValueAtPercentile v : lag.takeSnapshot().percentileValues()) {
                if (v.percentile() == 0.5) {
                    p50 = v.value(TimeUnit.MILLISECONDS);
                } else if (v.percentile() == 0.99) {
                    p99 = v.value(TimeUnit.MILLISECONDS);
                }
            }
            long distinct = jdbc.queryForObject("SELECT count(*) FROM (SELECT DISTINCT gateway_id, event_id FROM sa_event) d",
                    Long.class);
            System.out.printf("ingestion bench: %d agents x %d events = %d; reported in %.2f s; stored %d (%d distinct)"
                    + " in %.2f s => %.0f events/s; end-to-end lag p50 %.1f ms, p99 %.1f ms; %s%n", agents, perAgent,
                    total, reportSeconds, stored, distinct, seconds, stored / seconds, p50, p99,
                    stored == total && distinct == total ? "no loss" : "LOSS OR DUPLICATES");
        } finally {
            runners.forEach(AgentRunner::stop);
            ctx.close();
        }
        System.exit(0);
    }

    private static void drive(AgentRunner runner, int events) {
        String gw = runner.gatewayId().substring(0, 8);
        List<TunnelEvent> chunk = new ArrayList<>(200);
        for (int i = 1; i <= events; i++) {
            chunk.add(TunnelEvent.builder(SaEventKind.CHILD_ESTABLISHED, "tunnel-" + (i % 50)).at(Instant.now())
                    .peerEndpoint("198.51.100." + (i % 250) + ":4500").role(SaRole.INITIATOR).stage("quick_mode")
                    .cookies("0011223344556677", "8899aabbccddeeff")
                    .negotiated(NegotiatedSa.quickMode("aes128gcm16-ecp256", "ECP-256", String.format("%08x", i),
                            gw, 3600, 0, List.of("10.1.0.0/16"), List.of("10.2.0.0/16"), "udp-tunnel", true))
                    .build());
            if (chunk.size() == 200 || i == events) {
                runner.eventSink().reportAll(chunk);
                chunk.clear();
            }
        }
    }

}
