package io.gatewise.server.gateway;

import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

import io.gatewise.server.config.DesiredConfigService;
import io.gatewise.server.system.UiFormats;

/** Gateway status as JSON, for the list page's live refresh and for scripts. */
@RestController
@RequestMapping("/api/gateways")
class GatewayApiController {
    private final GatewayService gateways;
    private final DesiredConfigService configs;
    private final AgentPresence presence;
    private final UiFormats fmt;

    GatewayApiController(GatewayService gateways, DesiredConfigService configs, AgentPresence presence, UiFormats fmt) {
        this.gateways = gateways;
        this.configs = configs;
        this.presence = presence;
        this.fmt = fmt;
    }

    /** A row plus preformatted texts, so the page script needs no date logic. */
    record RowJson(GatewayRow gateway, String lastSeen, String configStatus) {
    }

    @GetMapping
    List<RowJson> list() {
        Map<UUID, Long> desired = configs.currentVersions();
        return gateways.list().stream()
                .map(g -> GatewayRow.of(g, presence, desired.getOrDefault(g.getId(), 1L)))
                .map(r -> new RowJson(r, r.online() ? "now" : fmt.ago(r.lastSeenAt()),
                        r.appliedVersion() == 0 ? "—" : "v" + r.appliedVersion()
                                + (r.upToDate() ? "" : " (v" + r.desiredVersion() + " pending)")))
                .toList();
    }

    @GetMapping("/{id}")
    GatewayRow one(@PathVariable UUID id) {
        Gateway g = gateways.get(id);
        return GatewayRow.of(g, presence, configs.currentVersion(id));
    }
}
