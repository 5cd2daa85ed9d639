package io.gatewise.server.action;

import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.data.domain.PageRequest;
import org.springframework.security.access.prepost.PreAuthorize;
import org.springframework.stereotype.Service;
import org.springframework.transaction.support.TransactionTemplate;

import io.gatewise.server.changelog.ChangeLog;
import io.gatewise.server.config.DesiredConfigService;
import io.gatewise.server.gateway.AgentPresence;
import io.gatewise.server.gateway.Gateway;
import io.gatewise.server.gateway.GatewayService;
import io.gatewise.server.system.Access;

/**
 * Operators' per-tunnel actions: checked, recorded, sent to the agent over its live
 * stream, and completed by the agent's answer.
 *
 * <pre>
 *   request ─► gateway exists, tunnel configured, agent online (else 404 / 409)
 *           ─► row SENT + change log "request" (one transaction, committed)
 *           ─► ActionDispatcher → TunnelAction on the Connect stream
 *   agent's ActionResult ─► complete(): row OK/FAILED + change log "complete" by the agent
 *   stream ends first    ─► abandoned(): row FAILED "the agent disconnected before answering"
 * </pre>
 *
 * Actions are never queued for an offline agent: "bring up now" an hour later would
 * surprise whoever asked.
 */
@Service
public class TunnelActionService {
    private static final Logger log = LoggerFactory.getLogger(TunnelActionService.class);
    static final String OBJECT_TYPE = "tunnel-action";

    /** What the change log keeps of an action; {@code name} becomes its summary. */
    record Snapshot(String name, UUID gatewayId, String gateway, String tunnel, String kind, TunnelActionStatus status,
            String detail) {
        static Snapshot of(TunnelActionRecord r, String gatewayName) {
            return new Snapshot(r.getKind().wireName() + " of " + r.getTunnel() + " on " + gatewayName,
                    r.getGatewayId(), gatewayName, r.getTunnel(), r.getKind().wireName(), r.getStatus(),
                    r.getDetail());
        }
    }

    private final TunnelActionRepository actions;
    private final GatewayService gateways;
    private final DesiredConfigService configs;
    private final AgentPresence presence;
    private final ActionDispatcher dispatcher;
    private final ChangeLog changeLog;
    private final TransactionTemplate tx;
    private final Clock clock;
    /** Waiters for an answer ({@link #awaitFinished}), by action id. */
    private final Map<Long, CompletableFuture<TunnelActionView>> answers = new ConcurrentHashMap<>();

    TunnelActionService(TunnelActionRepository actions, GatewayService gateways, DesiredConfigService configs,
                        AgentPresence presence, ActionDispatcher dispatcher, ChangeLog changeLog,
                        TransactionTemplate tx, Clock clock) {
        this.actions = actions;
        this.gateways = gateways;
        this.configs = configs;
        this.presence = presence;
        this.dispatcher = dispatcher;
        this.changeLog = changeLog;
        this.tx = tx;
        this.clock = clock;
    }

    /**
     * Records the action and sends it to the gateway's agent. Returns at once, with status
     * {@code SENT}; {@link #awaitFinished} waits for the answer.
     *
     * @throws io.gatewise.server.gateway.GatewayNotFoundException no such gateway (404)
     * @throws TunnelNotConfiguredException the gateway's desired config has no such tunnel (404)
     * @throws GatewayOfflineException the agent has no open stream (409)
     */
    @PreAuthorize(Access.MANAGE)
    public TunnelActionView request(UUID gatewayId, String tunnel, TunnelActionKind kind, String actor) {
        Gateway gateway = gateways.get(gatewayId);
        String name = gateway.getName();
        if (tunnel == null || configs.current(gatewayId).tunnels().stream().noneMatch(t -> t.name().equals(tunnel))) {
            throw new TunnelNotConfiguredException(name, String.valueOf(tunnel));
        }
        if (presence.connectedSince(gatewayId).isEmpty()) {
            throw new GatewayOfflineException(name);
        }
        TunnelActionRecord saved = tx.execute(s -> {
            TunnelActionRecord r = actions.save(new TunnelActionRecord(gatewayId, tunnel, kind, actor, clock.instant()));
            changeLog.record(actor, "request", OBJECT_TYPE, r.getId(), null, Snapshot.of(r, name));
            return r;
        });
        long id = saved.getId();
        answers.put(id, new CompletableFuture<>());
        if (!dispatcher.dispatch(gatewayId, id, tunnel, kind)) { // went offline since the check
            answers.remove(id);
            finish(gatewayId, id, TunnelActionStatus.FAILED, "not sent: the gateway went offline", ChangeLog.SYSTEM);
            throw new GatewayOfflineException(name);
        }
        log.info("{} asked gateway {} to {} tunnel {} (action {})", actor, name, kind.wireName(), tunnel, id);
        return TunnelActionView.of(saved, name);
    }

    /** The agent answered (control-plane thread). Unknown or already finished ids are ignored. */
    public void complete(UUID gatewayId, long actionId, boolean ok, String text) {
        String agent = "agent of " + gateways.find(gatewayId).map(Gateway::getName).orElse(gatewayId.toString());
        if (finish(gatewayId, actionId, ok ? TunnelActionStatus.OK : TunnelActionStatus.FAILED, text, agent)) {
            log.info("action {} on gateway {}: {}{}", actionId, gatewayId, ok ? "done" : "refused",
                    text.isEmpty() ? "" : ": " + text);
        }
    }

    /** The stream that carried these actions ended before the agent answered them. */
    public void abandoned(UUID gatewayId, List<Long> actionIds) {
        for (long id : actionIds) {
            finish(gatewayId, id, TunnelActionStatus.FAILED, "no answer: the agent disconnected before answering",
                    ChangeLog.SYSTEM);
        }
    }

    private boolean finish(UUID gatewayId, long id, TunnelActionStatus status, String text, String actor) {
        TunnelActionView view = tx.execute(s -> {
            Optional<TunnelActionRecord> found = actions.findById(id).filter(r -> r.getGatewayId().equals(gatewayId));
            if (found.isEmpty() || found.get().getStatus() != TunnelActionStatus.SENT) {
                return null;
            }
            TunnelActionRecord r = found.get();
            String name = gateways.find(gatewayId).map(Gateway::getName).orElse(gatewayId.toString());
            Snapshot before = Snapshot.of(r, name);
            r.complete(status, text, clock.instant());
            changeLog.record(actor, "complete", OBJECT_TYPE, id, before, Snapshot.of(r, name));
            return TunnelActionView.of(r, name);
        });
        if (view == null) {
            log.debug("gateway {}: answer for unknown or finished action {} ignored", gatewayId, id);
            return false;
        }
        CompletableFuture<TunnelActionView> waiter = answers.remove(id);
        if (waiter != null) {
            waiter.complete(view);
        }
        return true;
    }

    /**
     * Waits up to {@code max} for the agent's answer; the action as it is then (still
     * {@code SENT} when the agent did not answer in time).
     */
    @PreAuthorize(Access.READ)
    public TunnelActionView awaitFinished(long id, Duration max) {
        CompletableFuture<TunnelActionView> waiter = answers.get(id);
        if (waiter != null && !max.isZero() && !max.isNegative()) {
            try {
                return waiter.get(max.toMillis(), TimeUnit.MILLISECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            } catch (ExecutionException | TimeoutException e) {
                // fall through: report what is stored
            }
        }
        return get(id);
    }

    @PreAuthorize(Access.READ)
    public TunnelActionView get(long id) {
        return tx.execute(s -> actions.findById(id).map(this::view)
                .orElseThrow(() -> new TunnelActionNotFoundException(id)));
    }

    /** The newest actions on one tunnel, newest first. */
    @PreAuthorize(Access.READ)
    public List<TunnelActionView> forTunnel(UUID gatewayId, String tunnel, int limit) {
        gateways.get(gatewayId);
        return tx.execute(s -> actions.findByGatewayIdAndTunnelOrderByRequestedAtDescIdDesc(gatewayId, tunnel,
                PageRequest.of(0, Math.min(Math.max(1, limit), 200))).stream().map(this::view).toList());
    }

    /** The newest actions on any tunnel, newest first. */
    @PreAuthorize(Access.READ)
    public List<TunnelActionView> recent(int limit) {
        return tx.execute(s -> actions.findAllByOrderByRequestedAtDescIdDesc(
                PageRequest.of(0, Math.min(Math.max(1, limit), 200))).stream().map(this::view).toList());
    }

    private TunnelActionView view(TunnelActionRecord r) {
        return TunnelActionView.of(r, gateways.find(r.getGatewayId()).map(Gateway::getName)
                .orElse(r.getGatewayId().toString()));
    }
}
