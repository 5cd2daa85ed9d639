package io.gatewise.agent.control;

import io.gatewise.agent.config.AgentConfig;
import io.gatewise.agent.config.ConfigApplier;
import io.gatewise.agent.config.TunnelConfig;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The {@link ConfigApplier} used until the IKE engine exists: it accepts every valid
 * config and only logs, at debug level, the tunnels it would bring up. It negotiates
 * nothing.
 */
public final class LoggingConfigApplier implements ConfigApplier {
    private static final Logger log = LoggerFactory.getLogger(LoggingConfigApplier.class);

    @Override
    public void apply(AgentConfig config) {
        for (TunnelConfig t : config.tunnels()) {
            log.debug("tunnel {}: peer {}, {} child SA(s), {} ({}), no IKE engine yet",
                    t.name(), t.remoteAddress(), t.children().size(), t.auth().method(), t.startAction());
        }
    }
}
