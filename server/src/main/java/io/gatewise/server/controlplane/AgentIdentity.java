package io.gatewise.server.controlplane;

import java.util.UUID;

import io.grpc.Context;

/**
 * Who is calling, as established by {@link AgentAuthInterceptor} from the TLS client
 * certificate: the gateway named in it, and the certificate's serial.
 */
record AgentIdentity(UUID gatewayId, String certificateSerial) {
    /** Set on every authenticated call. */
    static final Context.Key<AgentIdentity> CONTEXT_KEY = Context.key("gatewise-agent-identity");
    /** The peer's socket address as text, set on every call (also unauthenticated ones). */
    static final Context.Key<String> REMOTE_ADDRESS = Context.key("gatewise-remote-address");
}
