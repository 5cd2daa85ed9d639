package io.gatewise.server.controlplane;

import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.DisposableBean;
import org.springframework.stereotype.Component;
import org.springframework.transaction.event.TransactionPhase;
import org.springframework.transaction.event.TransactionalEventListener;

import io.gatewise.server.config.DesiredConfigChanged;
import io.gatewise.server.enrollment.GatewayEnrolled;
import io.gatewise.server.gateway.GatewayRemoved;
import io.grpc.Status;

/**
 * Carries committed changes to the connected agents. Runs after commit (never pushes a
 * version that could still roll back) and off the committing thread (an admin's request
 * does not wait for the network). Pushes are idempotent: a session sends the current
 * version only when it is newer than what it sent last, so a burst of changes coalesces
 * into whatever is current when the push runs.
 */
@Component
class ConfigBroadcaster implements DisposableBean {
    private static final Logger log = LoggerFactory.getLogger(ConfigBroadcaster.class);

    private final AgentSessionRegistry registry;
    private final ExecutorService executor;

    ConfigBroadcaster(AgentSessionRegistry registry) {
        this.registry = registry;
        AtomicInteger threads = new AtomicInteger();
        ThreadFactory factory = r -> {
            Thread t = new Thread(r, "config-broadcast-" + threads.incrementAndGet());
            t.setDaemon(true);
            return t;
        };
        this.executor = Executors.newFixedThreadPool(2, factory);
    }

    @TransactionalEventListener(phase = TransactionPhase.AFTER_COMMIT, fallbackExecution = true)
    void onConfigChanged(DesiredConfigChanged change) {
        registry.find(change.gatewayId()).ifPresent(session -> executor.execute(() -> {
            try {
                session.pushCurrentIfNewer();
            } catch (RuntimeException e) {
                log.error("Pushing config v{} to gateway {} failed", change.version(), change.gatewayId(), e);
            }
        }));
    }

    @TransactionalEventListener(phase = TransactionPhase.AFTER_COMMIT, fallbackExecution = true)
    void onGatewayRemoved(GatewayRemoved removed) {
        registry.find(removed.gatewayId()).ifPresent(session -> session.terminate(
                Status.PERMISSION_DENIED.withDescription("this gateway was deleted"), "gateway deleted"));
    }

    /** A re-enrolled gateway: the stream of the old, now revoked certificate must go. */
    @TransactionalEventListener(phase = TransactionPhase.AFTER_COMMIT, fallbackExecution = true)
    void onGatewayEnrolled(GatewayEnrolled enrolled) {
        registry.find(enrolled.gatewayId())
                .filter(session -> !session.certificateSerial().equals(enrolled.certificateSerial()))
                .ifPresent(session -> session.terminate(
                        Status.PERMISSION_DENIED.withDescription("certificate revoked: the gateway was enrolled again"),
                        "certificate revoked by a new enrollment"));
    }

    @Override
    public void destroy() throws InterruptedException {
        executor.shutdown();
        executor.awaitTermination(5, TimeUnit.SECONDS);
    }
}
