package io.gatewise.server.controlplane;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;

import org.springframework.stereotype.Component;

import io.gatewise.server.action.ActionDispatcher;
import io.gatewise.server.action.TunnelActionKind;
import io.gatewise.server.gateway.AgentPresence;
import io.grpc.Status;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;

/**
 * The open Connect streams, one per gateway. A second stream of the same gateway (the
 * agent reconnected before the server noticed the old one died) replaces the first.
 */
@Component
class AgentSessionRegistry implements AgentPresence, ActionDispatcher {
    private final Map<UUID, AgentSession> sessions = new ConcurrentHashMap<>();

    AgentSessionRegistry(MeterRegistry meters) {
        Gauge.builder("gatewise.agents.connected", sessions, Map::size)
                .description("Agents with an open Connect stream")
                .register(meters);
    }

    void register(AgentSession session) {
        AgentSession previous = sessions.put(session.gatewayId(), session);
        if (previous != null && previous != session) {
            previous.terminate(Status.ABORTED.withDescription("replaced by a newer connection of this gateway"),
                    "replaced by a newer connection");
        }
    }

    void unregister(AgentSession session) {
        sessions.remove(session.gatewayId(), session);
    }

    Optional<AgentSession> find(UUID gatewayId) {
        return Optional.ofNullable(sessions.get(gatewayId));
    }

    List<AgentSession> all() {
        return List.copyOf(sessions.values());
    }

    @Override
    public Optional<Instant> connectedSince(UUID gatewayId) {
        return find(gatewayId).flatMap(AgentSession::connectedSince);
    }

    @Override
    public boolean dispatch(UUID gatewayId, long actionId, String tunnel, TunnelActionKind kind) {
        return find(gatewayId).map(s -> s.sendAction(actionId, tunnel, kind)).orElse(false);
    }
}
