package io.gatewise.agent.gateway;

import io.gatewise.agent.config.TunnelActions;
import io.gatewise.agent.events.StatusSnapshot;
import java.io.IOException;
import java.util.Optional;

/**
 * What {@link IkeConfigApplier} drives: tunnels in the IKE engine, route-based tunnels'
 * interfaces and routes in the kernel. {@link LinuxGateway} is the real one; tests use a recording double.
 */
public interface GatewayRuntime extends AutoCloseable {

    /** Adds the peer to the engine; START tunnels negotiate now, START/ON_TRAFFIC ones on traffic. */
    void addTunnel(TunnelPlan plan);

    /** Deletes the tunnel's SAs (telling the peer) and forgets it. */
    void removeTunnel(TunnelPlan plan);

    /** Creates a route-based tunnel's own TUN device (MTU set, link up), before its tunnel is added. */
    void addInterface(RouteInterface itf) throws IOException;

    /** Removes a route-based tunnel's device (and with it the kernel's routes into it). */
    void removeInterface(RouteInterface itf);

    /** Routes a prefix into the shared TUN device ({@code via} empty) or into a tunnel's own interface. */
    void addRoute(String cidr, Optional<RouteInterface> via) throws IOException;

    void removeRoute(String cidr, Optional<RouteInterface> via) throws IOException;

    /** Runs an operator's action on a running tunnel (see {@link TunnelActions}). */
    TunnelActions.Outcome act(TunnelActions.Kind kind, String tunnel);

    /** Every SA now, with its counters. */
    StatusSnapshot status();

    /** Deletes every SA with Delete payloads, then removes the TUN device. */
    @Override
    void close();
}
