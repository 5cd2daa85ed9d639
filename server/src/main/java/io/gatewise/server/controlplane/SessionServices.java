package io.gatewise.server.controlplane;

import io.gatewise.server.config.DesiredConfigService;
import io.gatewise.server.gateway.GatewayService;

/** What an {@link AgentSession} needs from the rest of the server. */
record SessionServices(GatewayService gateways, DesiredConfigService configs, AgentSessionRegistry registry) {
}
