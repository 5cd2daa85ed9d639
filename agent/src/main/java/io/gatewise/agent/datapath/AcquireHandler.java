package io.gatewise.agent.datapath;

import io.gatewise.agent.ipsec.PolicySpec;

/**
 * Told when outbound traffic matches a policy whose outbound SA is not installed (yet),
 * like the kernel's ACQUIRE message: IKE may start a negotiation. Called on a datapath
 * thread at most once per second per policy; return quickly.
 */
@FunctionalInterface
public interface AcquireHandler {
    void onAcquire(PolicySpec policy);
}
