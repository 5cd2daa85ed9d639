package io.gatewise.agent.gateway;

import io.gatewise.agent.config.TunnelActions;
import io.gatewise.agent.events.StatusSnapshot;
import java.io.IOException;

/**
 * What {@link IkeConfigApplier} drives: tunnels in the IKE engine and routes in the
 * kernel. {@link LinuxGateway} is the real one; tests use a recording double.
 */
public interface GatewayRuntime extends AutoCloseable {

    /** Adds the peer to the engine; START tunnels negotiate now, START/ON_TRAFFIC ones on traffic. */
    void addTunnel(TunnelPlan plan);

    /** Deletes the tunnel's SAs (telling the peer) and forgets it. */
    void removeTunnel(TunnelPlan plan);

    /** Routes a prefix into the TUN device. */
    void addRoute(String cidr) throws IOException;

    void removeRoute(String cidr) throws IOException;

    /** Runs an operator's action on a running tunnel (see {@link TunnelActions}). */
    TunnelActions.Outcome act(TunnelActions.Kind kind, String tunnel);

    /** Every SA now, with its counters. */
    StatusSnapshot status();

    /** Deletes every SA with Delete payloads, then removes the TUN device. */
    @Override
    void close();
}
