package io.gatewise.server.action;

import java.security.Principal;
import java.time.Duration;
import java.util.List;
import java.util.UUID;

import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;

/**
 * Per-tunnel actions over the token-authenticated {@code /api/v1}:
 * <pre>
 *   POST /api/v1/gateways/{gatewayId}/tunnels/{name}/actions  {"kind": "clear"}  [?wait=5]
 *        → 200 with the agent's answer when it came within {@code wait} seconds,
 *          202 with status SENT otherwise; 404 no gateway/tunnel; 409 gateway offline
 *   GET  /api/v1/gateways/{gatewayId}/tunnels/{name}/actions   newest first
 *   GET  /api/v1/tunnel-actions/{id}                          one action, to poll
 * </pre>
 */
@RestController
@Tag(name = "Tunnel actions", description = "Bring up, rekey, reset or clear one tunnel now")
class TunnelActionV1Controller {
    /** Longest a caller may hold the request open for the agent's answer. */
    static final int MAX_WAIT_SECONDS = 30;

    private final TunnelActionService actions;

    TunnelActionV1Controller(TunnelActionService actions) {
        this.actions = actions;
    }

    /** @param kind bring-up, rekey, reset or clear */
    record ActionRequest(String kind) {
    }

    @Operation(summary = "Send an action to the tunnel's gateway; optionally wait up to 30 s for the agent's answer")
    @PostMapping("/api/v1/gateways/{gatewayId}/tunnels/{name}/actions")
    ResponseEntity<TunnelActionView> request(@PathVariable UUID gatewayId, @PathVariable String name,
                                             @RequestBody ActionRequest body,
                                             @RequestParam(defaultValue = "0") int wait, Principal principal) {
        TunnelActionKind kind = TunnelActionKind.parse(body == null ? null : body.kind())
                .orElseThrow(() -> new InvalidActionKindException(body == null ? null : body.kind()));
        TunnelActionView sent = actions.request(gatewayId, name, kind, principal.getName());
        TunnelActionView now = actions.awaitFinished(sent.id(),
                Duration.ofSeconds(Math.max(0, Math.min(wait, MAX_WAIT_SECONDS))));
        return ResponseEntity.status(now.finished() ? HttpStatus.OK : HttpStatus.ACCEPTED).body(now);
    }

    @GetMapping("/api/v1/gateways/{gatewayId}/tunnels/{name}/actions")
    List<TunnelActionView> list(@PathVariable UUID gatewayId, @PathVariable String name) {
        return actions.forTunnel(gatewayId, name, 50);
    }

    @GetMapping("/api/v1/tunnel-actions/{id}")
    TunnelActionView one(@PathVariable long id) {
        return actions.get(id);
    }
}
