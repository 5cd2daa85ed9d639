package io.gatewise.server.controlplane;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.gatewise.proto.v1.AgentMessage;
import io.gatewise.proto.v1.ConfigAck;
import io.gatewise.proto.v1.Hello;
import io.gatewise.proto.v1.ServerMessage;
import io.gatewise.server.action.TunnelActionKind;
import io.gatewise.server.config.DesiredConfig;
import io.gatewise.server.gateway.Gateway;
import io.grpc.Status;
import io.grpc.stub.ServerCallStreamObserver;
import io.grpc.stub.StreamObserver;

/**
 * One agent's Connect stream.
 *
 * <pre>
 *  agent                                   server
 *    |-- Hello{gateway_id, applied=N} -------->|  id must match the certificate
 *    |<------------- ConfigUpdate{v=M, ...} ---|  at once when M &gt; N
 *    |-- ConfigAck{v=M, ok | error} ---------->|  recorded, propagation timed
 *    |          ... admin changes config ...   |
 *    |<------------- ConfigUpdate{v=M+1} ------|  pushed by the broadcaster
 *    |<------------- TunnelAction{id, ...} ----|  an operator's action
 *    |-- ActionResult{id, ok | error} -------->|  recorded; unanswered ones fail at close
 * </pre>
 *
 * Inbound messages arrive one at a time (gRPC serialises a call's callbacks); outbound
 * messages come from that thread and from the broadcaster, so every write to the stream
 * and every state change happens under this object's lock.
 */
final class AgentSession {
    private static final Logger log = LoggerFactory.getLogger(AgentSession.class);

    private enum State { AWAITING_HELLO, ACTIVE, CLOSED }

    private final AgentIdentity identity;
    private final String remoteAddress;
    private final ServerCallStreamObserver<ServerMessage> outbound;
    private final SessionServices services;

    private State state = State.AWAITING_HELLO;
    private Instant connectedAt;
    private String gatewayName = "?";
    private long lastSentVersion;
    /** Actions sent on this stream and not answered yet. */
    private final Set<Long> pendingActions = new LinkedHashSet<>();

    AgentSession(AgentIdentity identity, String remoteAddress, ServerCallStreamObserver<ServerMessage> outbound,
                 SessionServices services) {
        this.identity = identity;
        this.remoteAddress = remoteAddress;
        this.outbound = outbound;
        this.services = services;
    }

    UUID gatewayId() {
        return identity.gatewayId();
    }

    String certificateSerial() {
        return identity.certificateSerial();
    }

    synchronized Optional<Instant> connectedSince() {
        return state == State.ACTIVE ? Optional.of(connectedAt) : Optional.empty();
    }

    StreamObserver<AgentMessage> inbound() {
        return new StreamObserver<>() {
            @Override
            public void onNext(AgentMessage message) {
                try {
                    receive(message);
                } catch (RuntimeException e) {
                    log.error("Gateway {} ({}): failed to handle {}", gatewayName, gatewayId(), message.getBodyCase(), e);
                    terminate(Status.INTERNAL.withDescription("server error; reconnect"), "server error: " + e);
                }
            }

            @Override
            public void onError(Throwable t) {
                Status status = Status.fromThrowable(t);
                closed(status.getCode() == Status.Code.CANCELLED ? "connection closed by the agent"
                        : "stream failed: " + status.getCode() + describe(status));
            }

            @Override
            public void onCompleted() {
                synchronized (AgentSession.this) {
                    if (state != State.CLOSED) {
                        outbound.onCompleted();
                    }
                }
                closed("agent ended the stream");
            }
        };
    }

    private void receive(AgentMessage message) {
        switch (message.getBodyCase()) {
            case HELLO -> hello(message.getHello());
            case CONFIG_ACK -> ack(message.getConfigAck());
            case SA_EVENTS -> events(message);
            case STATUS -> status(message);
            case ACTION_RESULT -> actionResult(message);
            default -> {
                if (currentState() == State.AWAITING_HELLO) {
                    terminate(Status.FAILED_PRECONDITION.withDescription("the first message must be Hello"),
                            "protocol error: " + message.getBodyCase() + " before Hello");
                }
                // else: a message type from a newer agent; ignore it (forward compatibility)
            }
        }
    }

    private void hello(Hello hello) {
        if (currentState() != State.AWAITING_HELLO) {
            terminate(Status.FAILED_PRECONDITION.withDescription("Hello was already sent"), "protocol error: second Hello");
            return;
        }
        if (!identity.gatewayId().toString().equals(hello.getGatewayId())) {
            String message = "certificate is for gateway " + identity.gatewayId() + " but Hello names '"
                    + clean(hello.getGatewayId()) + "'";
            log.warn("Connect refused from {}: {} [PERMISSION_DENIED, serial {}]", remoteAddress, message,
                    identity.certificateSerial());
            fail(Status.PERMISSION_DENIED.withDescription(message));
            return;
        }
        Optional<Gateway> gateway = services.gateways().find(gatewayId());
        if (gateway.isEmpty()) {
            log.warn("Connect refused from {}: gateway {} no longer exists [PERMISSION_DENIED]", remoteAddress, gatewayId());
            fail(Status.PERMISSION_DENIED.withDescription("this gateway was deleted"));
            return;
        }
        String agentVersion = clean(hello.getAgentVersion());
        String hostname = clean(hello.getHostname());
        long applied = hello.getAppliedConfigVersion();
        synchronized (this) {
            if (state != State.AWAITING_HELLO) {
                return;
            }
            state = State.ACTIVE;
            connectedAt = Instant.now();
            gatewayName = gateway.get().getName();
            lastSentVersion = applied;
        }
        services.gateways().recordAgentConnected(gatewayId(), agentVersion, hostname, applied);
        services.registry().register(this);
        log.info("Agent connected: gateway {} ({}) from {}, agent {} on '{}', running config v{}", gatewayName,
                gatewayId(), remoteAddress, agentVersion, hostname, applied);
        if (applied > services.configs().currentVersion(gatewayId())) {
            services.configs().reissueAbove(gatewayId(), applied, "control-plane");
        }
        pushCurrentIfNewer();
    }

    private void ack(ConfigAck ack) {
        if (currentState() != State.ACTIVE) {
            terminate(Status.FAILED_PRECONDITION.withDescription("the first message must be Hello"),
                    "protocol error: ConfigAck before Hello");
            return;
        }
        long version = ack.getVersion();
        Optional<Duration> propagation = services.configs().recordAck(gatewayId(), version, ack.getOk(), ack.getError());
        if (ack.getOk()) {
            services.gateways().recordApplied(gatewayId(), version);
            log.info("Config v{} applied by gateway {}{}", version, gatewayName,
                    propagation.map(d -> String.format(Locale.ROOT, " %.2f s after the change", d.toMillis() / 1000.0))
                            .orElse(""));
        } else {
            services.gateways().recordSeen(gatewayId());
            log.warn("Config v{} rejected by gateway {}: {}", version, gatewayName, clean(ack.getError()));
        }
    }

    /**
     * Hands the batch to the ingestor and returns at once, so a burst does not hold up this
     * stream; the EventAck goes out after the commit, from the ingest thread.
     */
    private void events(AgentMessage message) {
        if (currentState() != State.ACTIVE) {
            terminate(Status.FAILED_PRECONDITION.withDescription("the first message must be Hello"),
                    "protocol error: SaEventBatch before Hello");
            return;
        }
        services.audit().submit(gatewayId(), ProtoMapping.auditEvents(gatewayId(), message.getSaEvents()), upTo -> {
            synchronized (this) {
                if (state == State.ACTIVE) {
                    try {
                        outbound.onNext(ProtoMapping.eventAck(upTo));
                    } catch (RuntimeException e) {
                        log.debug("Gateway {}: EventAck {} not sent: {}", gatewayName, upTo, e.toString());
                    }
                }
            }
        }, () -> terminate(Status.UNAVAILABLE.withDescription("the server could not store events; reconnect"),
                "events could not be stored"));
    }

    private void status(AgentMessage message) {
        if (currentState() != State.ACTIVE) {
            terminate(Status.FAILED_PRECONDITION.withDescription("the first message must be Hello"),
                    "protocol error: StatusReport before Hello");
            return;
        }
        services.status().record(gatewayId(), ProtoMapping.statusReport(message.getStatus()));
    }

    /** Sends an operator's action on this stream; false when the stream is not (or no longer) active. */
    boolean sendAction(long actionId, String tunnel, TunnelActionKind kind) {
        synchronized (this) {
            if (state != State.ACTIVE) {
                return false;
            }
            try {
                outbound.onNext(ProtoMapping.tunnelAction(actionId, gatewayId(), tunnel, kind));
            } catch (RuntimeException e) {
                log.debug("Gateway {}: action {} not sent: {}", gatewayName, actionId, e.toString());
                return false;
            }
            pendingActions.add(actionId);
        }
        return true;
    }

    private void actionResult(AgentMessage message) {
        if (currentState() != State.ACTIVE) {
            terminate(Status.FAILED_PRECONDITION.withDescription("the first message must be Hello"),
                    "protocol error: ActionResult before Hello");
            return;
        }
        ProtoMapping.ActionAnswer answer = ProtoMapping.actionAnswer(message.getActionResult());
        synchronized (this) {
            if (!pendingActions.remove(answer.actionId())) {
                log.debug("Gateway {}: answer for action {} that this stream did not carry; ignored", gatewayName,
                        answer.actionId());
                return;
            }
        }
        services.actions().complete(gatewayId(), answer.actionId(), answer.ok(), answer.text());
    }

    /** Sends the current desired config when it is newer than what the agent has. */
    void pushCurrentIfNewer() {
        DesiredConfig config = services.configs().current(gatewayId());
        Optional<Gateway> gateway = services.gateways().find(gatewayId());
        if (gateway.isEmpty()) {
            return;
        }
        synchronized (this) {
            if (state != State.ACTIVE || config.version() <= lastSentVersion) {
                return;
            }
            try {
                outbound.onNext(ProtoMapping.configUpdate(gateway.get(), config));
            } catch (RuntimeException e) {
                // the stream died under us; its inbound side reports why
                log.debug("Gateway {}: sending config v{} failed: {}", gatewayName, config.version(), e.toString());
                return;
            }
            lastSentVersion = config.version();
        }
        services.configs().markSent(gatewayId(), config.version());
        log.info("Config v{} sent to gateway {} ({} tunnel(s))", config.version(), gatewayName, config.tunnels().size());
    }

    /** Ends the stream from the server side, e.g. on shutdown or when the gateway is deleted. */
    void terminate(Status status, String reason) {
        synchronized (this) {
            if (state == State.CLOSED) {
                return;
            }
            try {
                outbound.onError(status.asRuntimeException());
            } catch (RuntimeException alreadyClosed) {
                // the call ended meanwhile
            }
        }
        closed(reason);
    }

    private void fail(Status status) {
        synchronized (this) {
            if (state == State.CLOSED) {
                return;
            }
            state = State.CLOSED;
            try {
                outbound.onError(status.asRuntimeException());
            } catch (RuntimeException alreadyClosed) {
                // the call ended meanwhile
            }
        }
    }

    private void closed(String reason) {
        boolean wasActive;
        Instant since;
        synchronized (this) {
            if (state == State.CLOSED) {
                return;
            }
            wasActive = state == State.ACTIVE;
            since = connectedAt;
            state = State.CLOSED;
        }
        services.registry().unregister(this);
        List<Long> unanswered;
        synchronized (this) {
            unanswered = new ArrayList<>(pendingActions);
            pendingActions.clear();
        }
        if (!unanswered.isEmpty()) {
            try {
                services.actions().abandoned(gatewayId(), unanswered);
            } catch (RuntimeException e) {
                log.warn("Gateway {}: could not record {} unanswered action(s): {}", gatewayName, unanswered.size(),
                        e.toString());
            }
        }
        if (wasActive) {
            try {
                services.gateways().recordSeen(gatewayId());
            } catch (RuntimeException e) {
                log.debug("Could not record last-seen of gateway {}: {}", gatewayId(), e.toString());
            }
            log.info("Agent disconnected: gateway {} ({}) after {} s: {}", gatewayName, gatewayId(),
                    Duration.between(since, Instant.now()).toSeconds(), reason);
        }
    }

    private synchronized State currentState() {
        return state;
    }

    private static String describe(Status status) {
        return status.getDescription() == null ? "" : " (" + status.getDescription() + ")";
    }

    /** Agent-supplied text for logs: printable, bounded. */
    static String clean(String text) {
        String printable = text.codePoints().filter(c -> c >= 0x20 && c != 0x7f).limit(200)
                .collect(StringBuilder::new, StringBuilder::appendCodePoint, StringBuilder::append).toString();
        return printable.trim();
    }

    @Override
    public String toString() {
        return "AgentSession[" + gatewayName + " " + gatewayId() + " from " + remoteAddress + "]";
    }
}
