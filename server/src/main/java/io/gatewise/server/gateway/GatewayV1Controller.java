package io.gatewise.server.gateway;

import java.security.Principal;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.springframework.http.HttpStatus;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;

import io.gatewise.server.config.DesiredConfigService;
import io.gatewise.server.enrollment.IssuedToken;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;

/**
 * Gateways over the token-authenticated {@code /api/v1}. Errors are problem details
 * (written by the API's exception resolver from the exceptions the service throws).
 */
@RestController
@RequestMapping("/api/v1/gateways")
@Tag(name = "Gateways", description = "Create, list, delete gateways; enrollment tokens")
class GatewayV1Controller {
    private final GatewayService gateways;
    private final DesiredConfigService configs;
    private final AgentPresence presence;

    GatewayV1Controller(GatewayService gateways, DesiredConfigService configs, AgentPresence presence) {
        this.gateways = gateways;
        this.configs = configs;
        this.presence = presence;
    }

    record NewGateway(String name, String publicAddress) {
    }

    /** The enrollment token appears in this response only. */
    record EnrollmentTokenJson(String token, Instant expiresAt) {
        static EnrollmentTokenJson of(IssuedToken t) {
            return new EnrollmentTokenJson(t.token().reveal(), t.expiresAt());
        }

        @Override
        public String toString() {
            return "EnrollmentTokenJson[redacted]";
        }
    }

    record CreatedJson(GatewayRow gateway, EnrollmentTokenJson enrollmentToken) {
    }

    @GetMapping
    List<GatewayRow> list() {
        Map<UUID, Long> desired = configs.currentVersions();
        return gateways.list().stream().map(g -> GatewayRow.of(g, presence, desired.getOrDefault(g.getId(), 1L))).toList();
    }

    @GetMapping("/{id}")
    GatewayRow one(@PathVariable UUID id) {
        return GatewayRow.of(gateways.get(id), presence, configs.currentVersion(id));
    }

    @Operation(summary = "Create a gateway; the response carries its one-time enrollment token (shown once)")
    @PostMapping
    @ResponseStatus(HttpStatus.CREATED)
    CreatedJson create(@RequestBody NewGateway body, Principal principal) {
        CreatedGateway created = gateways.create(body.name(), body.publicAddress(), principal.getName());
        return new CreatedJson(GatewayRow.of(created.gateway(), presence, 1L), EnrollmentTokenJson.of(created.token()));
    }

    @Operation(summary = "A new one-time enrollment token; older unused ones stop working")
    @PostMapping("/{id}/enrollment-token")
    @ResponseStatus(HttpStatus.CREATED)
    EnrollmentTokenJson newToken(@PathVariable UUID id, Principal principal) {
        return EnrollmentTokenJson.of(gateways.newEnrollmentToken(id, principal.getName()));
    }

    @Operation(summary = "Delete a gateway and revoke its agent certificates")
    @DeleteMapping("/{id}")
    @ResponseStatus(HttpStatus.NO_CONTENT)
    void delete(@PathVariable UUID id, Principal principal) {
        gateways.delete(id, principal.getName());
    }
}
