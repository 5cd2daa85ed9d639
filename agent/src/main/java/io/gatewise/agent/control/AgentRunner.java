package io.gatewise.agent.control;

import io.gatewise.agent.config.AgentConfig;
import io.gatewise.proto.v1.AgentMessage;
import io.gatewise.proto.v1.ConfigAck;
import io.gatewise.proto.v1.ControlPlaneGrpc;
import io.gatewise.proto.v1.Hello;
import io.gatewise.proto.v1.ServerMessage;
import io.grpc.ManagedChannel;
import io.grpc.Status;
import io.grpc.stub.ClientCallStreamObserver;
import io.grpc.stub.ClientResponseObserver;
import java.security.GeneralSecurityException;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.Objects;
import java.util.Optional;
import java.util.Random;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code gatewise-agent run}: keeps one {@code Connect} session with the server open, with
 * mutual TLS, and feeds the configs it receives to the {@link Reconciler}.
 *
 * <pre>
 *   start ─► restore saved config ─► CONNECTING ─► stream ready ─► CONNECTED
 *                                       ▲   │ error                   │ stream ends
 *                                       │   ▼                         ▼
 *                                    WAITING_TO_RETRY ◄───────────────┘
 *                                    (exponential backoff, full jitter)
 * </pre>
 *
 * <p>TLS: we present our key and certificate, and trust only the CA chain stored at
 * enrollment, with the usual host name check. On every (re)connect the agent sends
 * {@code Hello} with the version it runs, so a server that has something newer sends it
 * at once. One thread ("gatewise-control") drives connects and retries; configs are
 * reconciled on gRPC's callback thread, one at a time.
 *
 * <p>Usable in-process, e.g. by the server's end-to-end test:
 * <pre>{@code
 *   try (AgentRunner agent = AgentRunner.create(RunOptions.of(stateDir))) {
 *       agent.start();
 *       agent.awaitState(AgentRunner.State.CONNECTED, Duration.ofSeconds(10));
 *       ... agent.appliedConfigVersion() ...
 *   }
 * }</pre>
 */
public final class AgentRunner implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(AgentRunner.class);
    /** A session that lasted this long counts as healthy: the next failure retries fast again. */
    static final Duration HEALTHY_SESSION = Duration.ofSeconds(30);

    /** Where the agent is in its connection life. */
    public enum State {
        /** Created, not started. */
        NEW,
        /** Opening a session. */
        CONNECTING,
        /** A session is open (TLS done, stream established). */
        CONNECTED,
        /** The last attempt failed or the session ended; a retry is scheduled. */
        WAITING_TO_RETRY,
        /** Stopped for good. */
        STOPPED
    }

    private final RunOptions options;
    private final StateDir.Enrollment enrollment;
    private final ServerAddress server;
    private final Reconciler reconciler;
    private final ManagedChannel channel;
    private final Backoff backoff;
    private final ScheduledExecutorService scheduler;
    private final Object stateLock = new Object();

    private State state = State.NEW;
    private Session session;
    private volatile String lastFailure;

    private AgentRunner(RunOptions options, StateDir.Enrollment enrollment, StateDir.Credentials credentials)
            throws AgentStateException {
        this.options = options;
        this.enrollment = enrollment;
        this.server = options.server().orElse(enrollment.server());
        Optional<String> serverName = options.serverName().or(enrollment::serverName);
        StateDir state = new StateDir(options.stateDir());
        this.reconciler = new Reconciler(options.applier(), Optional.of(ConfigStore.forIdentity(
                state.appliedConfigFile(), credentials.privateKey(), enrollment.gatewayId())), enrollment.gatewayId());
        try {
            this.channel = TlsSupport.channel(server, serverName, TlsSupport.credentials(
                    TlsSupport.trustManagerFor(credentials.caChain()),
                    TlsSupport.keyManagersFor(credentials.privateKey(), credentials.certificateChain())),
                    options.keepAlive());
        } catch (GeneralSecurityException e) {
            throw new AgentStateException("cannot set up TLS with the stored key and certificates: " + e.getMessage());
        }
        this.backoff = new Backoff(options.initialBackoff(), options.maxBackoff(), new Random());
        this.scheduler = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "gatewise-control");
            t.setDaemon(true);
            return t;
        });
        warnIfExpiring(credentials);
        warnIfKeyIsReadableByOthers(state);
    }

    /**
     * Reads the state directory and prepares a runner; nothing happens until {@link #start()}.
     *
     * @throws AgentStateException when the agent is not enrolled or its files are unreadable
     */
    public static AgentRunner create(RunOptions options) throws AgentStateException {
        Objects.requireNonNull(options, "options");
        StateDir state = new StateDir(options.stateDir());
        StateDir.Enrollment enrollment = state.readEnrollment();
        return new AgentRunner(options, enrollment, state.readCredentials());
    }

    /** Applies the saved config, if any, then starts connecting. Returns at once. */
    public void start() {
        synchronized (stateLock) {
            if (state != State.NEW) {
                throw new IllegalStateException("already started");
            }
            setState(State.CONNECTING);
        }
        log.info("gateway {} starting (agent {}), server {}", enrollment.gatewayId(), AgentInfo.version(), server);
        reconciler.restore();
        scheduler.execute(this::connect);
    }

    /** Ends the session and stops retrying. Idempotent. */
    public void stop() {
        Session s;
        synchronized (stateLock) {
            if (state == State.STOPPED) {
                return;
            }
            setState(State.STOPPED);
            s = session;
        }
        scheduler.shutdownNow();
        if (s != null) {
            s.cancel();
        }
        channel.shutdownNow();
        try {
            channel.awaitTermination(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        log.info("agent stopped (config v{} stays applied)", reconciler.appliedVersion());
    }

    @Override
    public void close() {
        stop();
    }

    public State state() {
        synchronized (stateLock) {
            return state;
        }
    }

    /** Waits until the runner is in {@code wanted}; false on timeout. */
    public boolean awaitState(State wanted, Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        synchronized (stateLock) {
            while (state != wanted) {
                long left = deadline - System.nanoTime();
                if (left <= 0) {
                    return false;
                }
                TimeUnit.NANOSECONDS.timedWait(stateLock, left);
            }
            return true;
        }
    }

    /** The config version running now; 0 when none. */
    public long appliedConfigVersion() {
        return reconciler.appliedVersion();
    }

    /** The config running now. */
    public Optional<AgentConfig> currentConfig() {
        return reconciler.current();
    }

    /** Our gateway id, from enrollment. */
    public String gatewayId() {
        return enrollment.gatewayId();
    }

    /** The server this runner connects to. */
    public ServerAddress server() {
        return server;
    }

    private void setState(State next) {
        synchronized (stateLock) {
            state = next;
            stateLock.notifyAll();
        }
    }

    /** Runs on the scheduler thread. */
    private void connect() {
        Session s;
        synchronized (stateLock) {
            if (state == State.STOPPED) {
                return;
            }
            setState(State.CONNECTING);
            s = new Session();
            session = s;
        }
        // The channel keeps its own reconnect backoff; ours governs, so clear its.
        channel.resetConnectBackoff();
        s.open();
    }

    private void onConnected(Session s) {
        synchronized (stateLock) {
            if (s != session || state == State.STOPPED) {
                return;
            }
            setState(State.CONNECTED);
        }
        lastFailure = null;
        long running = reconciler.appliedVersion();
        log.info("connected to server {} as gateway {} ({})", server, enrollment.gatewayId(),
                running == 0 ? "no config yet" : "running config v" + running);
    }

    private void onSessionEnded(Session s, Status status) {
        Duration delay;
        synchronized (stateLock) {
            if (s != session || state == State.STOPPED) {
                return;
            }
            session = null;
            if (s.receivedMessage || s.connectedAt != null
                    && Duration.between(s.connectedAt, Instant.now()).compareTo(HEALTHY_SESSION) >= 0) {
                backoff.reset();
            }
            delay = backoff.next();
            setState(State.WAITING_TO_RETRY);
        }
        String retry = String.format("%.1f s", delay.toMillis() / 1000.0);
        String reason;
        if (status == null) {
            reason = "server " + server + " closed the session; reconnecting in " + retry;
        } else if (Failures.isUnreachable(status)) {
            reason = (s.connectedAt == null ? "server unreachable: " : "lost connection to server " + server + ": ")
                    + Failures.describe(status) + "; retrying in " + retry;
        } else {
            reason = "server " + server + " ended the session: " + Failures.describe(status) + "; retrying in " + retry;
        }
        // One line per state change: the same failure again is logged at debug only.
        String key = status == null ? "closed" : status.getCode() + Failures.describe(status);
        if (key.equals(lastFailure)) {
            log.debug(reason);
        } else {
            log.warn(reason);
        }
        lastFailure = key;
        try {
            scheduler.schedule(this::connect, delay.toMillis(), TimeUnit.MILLISECONDS);
        } catch (java.util.concurrent.RejectedExecutionException e) {
            // stopped meanwhile
        }
    }

    private void warnIfExpiring(StateDir.Credentials credentials) {
        Date notAfter = credentials.certificate().getNotAfter();
        Instant expiry = notAfter.toInstant();
        if (expiry.isBefore(Instant.now())) {
            log.error("the agent certificate expired on {}; the server will refuse it; enroll again", expiry);
        } else if (expiry.isBefore(Instant.now().plus(Duration.ofDays(30)))) {
            log.warn("the agent certificate expires on {}", expiry);
        }
    }

    private static void warnIfKeyIsReadableByOthers(StateDir state) {
        try {
            var permissions = java.nio.file.Files.getPosixFilePermissions(state.privateKeyFile());
            if (!AtomicFiles.PRIVATE.containsAll(permissions)) {
                log.warn("{} is readable by others ({}); it should be mode 0600", state.privateKeyFile(),
                        java.nio.file.attribute.PosixFilePermissions.toString(permissions));
            }
        } catch (java.io.IOException | UnsupportedOperationException e) {
            // Not a POSIX file system: nothing to check.
        }
    }

    /** One Connect stream. */
    private final class Session implements ClientResponseObserver<AgentMessage, ServerMessage> {
        private ClientCallStreamObserver<AgentMessage> requests;
        private volatile boolean receivedMessage;
        private volatile Instant connectedAt;

        void open() {
            ControlPlaneGrpc.newStub(channel).connect(this);
            send(AgentMessage.newBuilder().setHello(Hello.newBuilder()
                    .setGatewayId(enrollment.gatewayId())
                    .setAgentVersion(AgentInfo.version())
                    .setAppliedConfigVersion(reconciler.appliedVersion())
                    .setHostname(AgentInfo.hostname())).build());
        }

        @Override
        public void beforeStart(ClientCallStreamObserver<AgentMessage> requestStream) {
            this.requests = requestStream;
            // Called when the HTTP/2 stream is allocated on a connected (TLS-established)
            // transport; later calls (flow control) are ignored.
            requestStream.setOnReadyHandler(() -> {
                if (connectedAt == null) {
                    connectedAt = Instant.now();
                    onConnected(this);
                }
            });
        }

        @Override
        public void onNext(ServerMessage message) {
            receivedMessage = true;
            switch (message.getBodyCase()) {
                case CONFIG_UPDATE -> {
                    ConfigAck ack = reconciler.offer(message.getConfigUpdate());
                    send(AgentMessage.newBuilder().setConfigAck(ack).build());
                }
                // A newer server may send messages this agent does not know: ignore them.
                default -> log.debug("ignoring server message {}", message.getBodyCase());
            }
        }

        @Override
        public void onError(Throwable t) {
            onSessionEnded(this, Status.fromThrowable(t));
        }

        @Override
        public void onCompleted() {
            onSessionEnded(this, null);
        }

        synchronized void send(AgentMessage message) {
            try {
                requests.onNext(message);
            } catch (RuntimeException e) {
                // The call is already closed; onError/onCompleted reports why.
                log.debug("could not send {}: {}", message.getBodyCase(), e.getMessage());
            }
        }

        synchronized void cancel() {
            if (requests != null) {
                requests.cancel("agent stopping", null);
            }
        }
    }
}
