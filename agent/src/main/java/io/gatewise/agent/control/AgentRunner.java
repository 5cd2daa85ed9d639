package io.gatewise.agent.control;

import io.gatewise.agent.config.AgentConfig;
import io.gatewise.agent.control.journal.EventJournal;
import io.gatewise.agent.control.journal.JournalStats;
import io.gatewise.agent.events.SaEventSink;
import io.gatewise.proto.v1.ActionResult;
import io.gatewise.proto.v1.AgentMessage;
import io.gatewise.proto.v1.ConfigAck;
import io.gatewise.proto.v1.ControlPlaneGrpc;
import io.gatewise.proto.v1.Hello;
import io.gatewise.proto.v1.ServerMessage;
import io.gatewise.proto.v1.StatusReport;
import io.gatewise.proto.v1.TunnelAction;
import io.grpc.ManagedChannel;
import io.grpc.Status;
import io.grpc.stub.ClientCallStreamObserver;
import io.grpc.stub.ClientResponseObserver;
import java.io.IOException;
import java.io.UncheckedIOException;
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
 * <p>Events: the runner owns the on-disk {@link EventJournal} in the state directory and
 * hands the IKE engine an {@link SaEventSink} ({@link #eventSink()}) that writes to it. On
 * every stream an {@link EventSender} sends what the server has not acknowledged yet and
 * applies its {@code EventAck}s; every {@link RunOptions#statusInterval()} (and at once
 * on connect) the runner sends a {@code StatusReport} from {@link RunOptions#status()},
 * and {@link #STATUS_AFTER_EVENT} after SA events, so that the server's live view follows a
 * tunnel going up or down within a second rather than at the next periodic report.
 *
 * <p>Actions: a {@code TunnelAction} from the server runs on the "gatewise-control" thread
 * (not on gRPC's, so a slow engine never holds up configs and acks) through
 * {@link RunOptions#actions()}, and its {@code ActionResult} goes back on the same stream.
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
    private final EventJournal journal;
    private final SaEventSink sink;
    /** A status report is scheduled soon (after an SA event); at most one pending. */
    private final java.util.concurrent.atomic.AtomicBoolean statusSoon = new java.util.concurrent.atomic.AtomicBoolean();

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
        try {
            this.journal = EventJournal.open(state.eventJournalDir(), options.journalLimits());
        } catch (IOException | UncheckedIOException e) {
            channel.shutdownNow();
            throw new AgentStateException("cannot open the event queue in " + state.eventJournalDir() + ": " + e);
        }
        this.sink = statusAfterEvents(new JournalEventSink(journal));
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
        long period = options.statusInterval().toMillis();
        scheduler.scheduleAtFixedRate(this::sendStatus, period, period, TimeUnit.MILLISECONDS);
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
            s.stopSender(true);
        }
        channel.shutdownNow();
        try {
            channel.awaitTermination(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        try {
            journal.close();
        } catch (IOException e) {
            log.warn("closing the event queue: {}", e.toString());
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

    /**
     * Where the IKE engine reports its events: each is on disk when {@code report} returns
     * and is sent to the server, again after reconnects, until the server acknowledges it.
     * Valid from {@link #create} until {@link #stop}.
     */
    public SaEventSink eventSink() {
        return sink;
    }

    /** The event queue's counters (queued, dropped, acknowledged-through ...). */
    public JournalStats eventQueueStats() {
        return journal.stats();
    }

    /** The server this runner connects to. */
    public ServerAddress server() {
        return server;
    }

    /** How soon after an SA event the next status report goes out (events of one negotiation coalesce). */
    static final Duration STATUS_AFTER_EVENT = Duration.ofMillis(250);

    private SaEventSink statusAfterEvents(SaEventSink journalSink) {
        return new SaEventSink() {
            @Override
            public long report(io.gatewise.agent.events.TunnelEvent event) {
                long id = journalSink.report(event);
                statusSoon();
                return id;
            }

            @Override
            public long[] reportAll(java.util.List<io.gatewise.agent.events.TunnelEvent> events) {
                long[] ids = journalSink.reportAll(events);
                statusSoon();
                return ids;
            }
        };
    }

    private void statusSoon() {
        if (statusSoon.compareAndSet(false, true)) {
            try {
                scheduler.schedule(() -> {
                    statusSoon.set(false);
                    sendStatus();
                }, STATUS_AFTER_EVENT.toMillis(), TimeUnit.MILLISECONDS);
            } catch (java.util.concurrent.RejectedExecutionException e) {
                statusSoon.set(false); // stopped
            }
        }
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
        s.startSender();
        try {
            scheduler.execute(this::sendStatus);
        } catch (java.util.concurrent.RejectedExecutionException e) {
            // stopped meanwhile
        }
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
            s.stopSender(false);
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

    /** Runs on the scheduler thread: one StatusReport on the open session, if any. */
    private void sendStatus() {
        Session s;
        synchronized (stateLock) {
            if (state != State.CONNECTED) {
                return;
            }
            s = session;
        }
        StatusReport report;
        try {
            report = EventMapping.status(options.status().snapshot());
        } catch (RuntimeException e) {
            // A failing provider must not stop later reports (scheduleAtFixedRate would).
            log.warn("status provider failed: {}", e.toString());
            return;
        }
        s.send(AgentMessage.newBuilder().setStatus(report).build());
    }

    /** Posts the action to the control thread; the result goes back on the session it came on. */
    private void runAction(Session s, TunnelAction action) {
        try {
            scheduler.execute(() -> {
                ActionResult result = ActionMapping.run(action, enrollment.gatewayId(), options.actions());
                if (result.getOk()) {
                    log.info("action {} {} on tunnel {}: {}", action.getActionId(), action.getKind(),
                            action.getTunnel(), result.getDetail());
                } else {
                    log.warn("action {} {} on tunnel {} refused: {}", action.getActionId(), action.getKind(),
                            action.getTunnel(), result.getError());
                }
                s.send(AgentMessage.newBuilder().setActionResult(result).build());
            });
        } catch (java.util.concurrent.RejectedExecutionException e) {
            // stopping: the server hears nothing, as when the stream breaks
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
        private EventSender events;

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
                EventSender sender = sender();
                if (sender != null) {
                    sender.wake();
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
                case EVENT_ACK -> {
                    EventSender sender = sender();
                    if (sender != null) {
                        sender.onAck(message.getEventAck().getUpToEventId());
                    }
                }
                case ACTION -> runAction(this, message.getAction());
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

        synchronized void startSender() {
            if (events == null && requests != null) {
                ClientCallStreamObserver<AgentMessage> stream = requests;
                events = new EventSender(journal, this::send, stream::isReady, 1024, 16_384);
                events.start();
            }
        }

        synchronized EventSender sender() {
            return events;
        }

        /** Stops this stream's sender; waits for it only when the journal is about to close. */
        void stopSender(boolean wait) {
            EventSender sender = sender();
            if (sender != null) {
                if (wait) {
                    sender.stop();
                } else {
                    sender.stopSoon();
                }
            }
        }

        synchronized void cancel() {
            if (requests != null) {
                requests.cancel("agent stopping", null);
            }
        }
    }
}
