package io.gatewise.server.config;

import java.security.Principal;
import java.util.UUID;

import org.springframework.http.HttpStatus;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;

/**
 * A gateway's desired config and tunnels over the token-authenticated {@code /api/v1};
 * the same operations as the session endpoints of {@link ConfigRestController}, with
 * problem-detail errors. Pre-shared keys are write-only.
 */
@RestController
@RequestMapping("/api/v1/gateways/{gatewayId}")
@Tag(name = "Tunnels", description = "A gateway's desired config and its tunnels")
class TunnelV1Controller {
    private final DesiredConfigService configs;

    TunnelV1Controller(DesiredConfigService configs) {
        this.configs = configs;
    }

    @GetMapping("/config")
    ConfigRestController.ConfigJson config(@PathVariable UUID gatewayId) {
        DesiredConfig config = configs.current(gatewayId);
        return new ConfigRestController.ConfigJson(config.version(),
                config.tunnels().stream().map(ConfigRestController.TunnelJson::of).toList(), configs.history(gatewayId, 20));
    }

    @Operation(summary = "Add a tunnel; answers the config version now current")
    @PostMapping("/tunnels")
    @ResponseStatus(HttpStatus.CREATED)
    ConfigRestController.VersionJson add(@PathVariable UUID gatewayId, @RequestBody TunnelInput input,
                                         Principal principal) {
        return new ConfigRestController.VersionJson(configs.putTunnel(gatewayId, null, input, principal.getName()));
    }

    @Operation(summary = "Replace (or rename) a tunnel; a blank psk keeps the current key")
    @PutMapping("/tunnels/{name}")
    ConfigRestController.VersionJson replace(@PathVariable UUID gatewayId, @PathVariable String name,
                                             @RequestBody TunnelInput input, Principal principal) {
        return new ConfigRestController.VersionJson(configs.putTunnel(gatewayId, name, input, principal.getName()));
    }

    @DeleteMapping("/tunnels/{name}")
    ConfigRestController.VersionJson delete(@PathVariable UUID gatewayId, @PathVariable String name,
                                            Principal principal) {
        return new ConfigRestController.VersionJson(configs.deleteTunnel(gatewayId, name, principal.getName()));
    }
}
