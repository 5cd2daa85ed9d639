package io.gatewise.agent.gateway;

import io.gatewise.agent.ike.event.ChildSaFailed;
import io.gatewise.agent.ike.event.IkeEvent;
import io.gatewise.agent.ike.event.IkeEventListener;
import io.gatewise.agent.ike.event.IkeSaFailed;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One log line per tunnel state change: established (with SPIs and algorithms), failed
 * (with the plain reason), deleted. Runs on the IKE thread; then hands the event on.
 */
final class TunnelEventLog implements IkeEventListener {
    private static final Logger LOG = LoggerFactory.getLogger("io.gatewise.agent.tunnels");

    private final IkeEventListener next;

    TunnelEventLog(IkeEventListener next) {
        this.next = next;
    }

    @Override
    public void onEvent(IkeEvent event) {
        if (event instanceof IkeSaFailed || event instanceof ChildSaFailed) {
            LOG.warn("{}", event.describe());
        } else {
            LOG.info("{}", event.describe());
        }
        next.onEvent(event);
    }
}
