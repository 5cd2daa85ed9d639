package io.gatewise.server.controlplane;

import io.gatewise.server.action.TunnelActionService;
import io.gatewise.server.audit.AuditIngestor;
import io.gatewise.server.config.DesiredConfigService;
import io.gatewise.server.gateway.GatewayService;
import io.gatewise.server.status.LiveStatusService;

/** What an {@link AgentSession} needs from the rest of the server. */
record SessionServices(GatewayService gateways, DesiredConfigService configs, AgentSessionRegistry registry,
                       AuditIngestor audit, LiveStatusService status, TunnelActionService actions) {
}
