package io.gatewise.server.config;

import java.security.Principal;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * A gateway's desired config as JSON, for scripts and tests. Session-authenticated like the
 * UI, CSRF token required on writes ({@code X-CSRF-TOKEN}); a token-authenticated API
 * comes with the topology model. Pre-shared keys are write-only: responses say whether
 * one is set, never what it is.
 *
 * <pre>
 *  GET    /api/gateways/{id}/config              current version, tunnels, delivery history
 *  POST   /api/gateways/{id}/tunnels             add a tunnel          -> 201 {"version": n}
 *  PUT    /api/gateways/{id}/tunnels/{name}      replace (or rename)   -> 200 {"version": n}
 *  DELETE /api/gateways/{id}/tunnels/{name}      remove                -> 200 {"version": n}
 *  errors: 400 {"errors": {"field": "message"}}, 404 {"error": "..."}
 * </pre>
 */
@RestController
@RequestMapping("/api/gateways/{gatewayId}")
class ConfigRestController {
    private final DesiredConfigService configs;

    ConfigRestController(DesiredConfigService configs) {
        this.configs = configs;
    }

    /** {@code weaknesses}: settings to warn about in plain words, e.g. Aggressive Mode with a PSK. */
    record TunnelJson(String name, String remoteAddress, List<String> localSubnets, List<String> remoteSubnets,
                      boolean pskSet, List<String> ikeProposals, List<String> espProposals, TunnelOptions options,
                      List<String> weaknesses) {
        static TunnelJson of(TunnelSpec t) {
            return new TunnelJson(t.name(), t.remoteAddress(), t.localSubnets(), t.remoteSubnets(), !t.psk().isEmpty(),
                    t.ikeProposals(), t.espProposals(), t.options(), t.weaknesses());
        }
    }

    record ConfigJson(long version, List<TunnelJson> tunnels, List<ConfigVersionView> history) {
    }

    record VersionJson(long version) {
    }

    @GetMapping("/config")
    ConfigJson config(@PathVariable UUID gatewayId) {
        DesiredConfig config = configs.current(gatewayId);
        return new ConfigJson(config.version(), config.tunnels().stream().map(TunnelJson::of).toList(),
                configs.history(gatewayId, 20));
    }

    @PostMapping("/tunnels")
    ResponseEntity<VersionJson> add(@PathVariable UUID gatewayId, @RequestBody TunnelInput input, Principal principal) {
        long version = configs.putTunnel(gatewayId, null, input, principal.getName());
        return ResponseEntity.status(HttpStatus.CREATED).body(new VersionJson(version));
    }

    @PutMapping("/tunnels/{name}")
    VersionJson replace(@PathVariable UUID gatewayId, @PathVariable String name, @RequestBody TunnelInput input,
                        Principal principal) {
        return new VersionJson(configs.putTunnel(gatewayId, name, input, principal.getName()));
    }

    @DeleteMapping("/tunnels/{name}")
    VersionJson delete(@PathVariable UUID gatewayId, @PathVariable String name, Principal principal) {
        return new VersionJson(configs.deleteTunnel(gatewayId, name, principal.getName()));
    }

    @ExceptionHandler(InvalidTunnelException.class)
    ResponseEntity<Map<String, Object>> invalid(InvalidTunnelException e) {
        return ResponseEntity.badRequest().body(Map.of("errors", e.fieldErrors()));
    }

    @ExceptionHandler(ConfigNotFoundException.class)
    ResponseEntity<Map<String, Object>> notFound(ConfigNotFoundException e) {
        return ResponseEntity.status(HttpStatus.NOT_FOUND).body(Map.of("error", e.getMessage()));
    }
}
