package io.gatewise.agent.ipsec;

import java.util.List;
import java.util.Objects;

/**
 * A security policy (SPD entry) binding a pair of selector sets to a child SA.
 *
 * @param id          unique, stable name, e.g. "tunnel-a/child-1"
 * @param localSelectors  our protected side
 * @param remoteSelectors the peer's protected side
 * @param outboundSa  the SA that protects matching outbound traffic
 * @param inboundSa   the SA whose decrypted traffic must match this policy
 * @param priority    lower wins when several policies match
 * @param interfaceId the tunnel interface whose outbound packets this policy sees (XFRM
 *                    {@code if_id}); {@link SaSpec#MAIN_INTERFACE} for the shared TUN
 *                    device. A route-based tunnel's 0.0.0.0/0 policy lives on its own
 *                    interface, so it never catches traffic routed into another one.
 */
public record PolicySpec(String id, List<TrafficSelector> localSelectors, List<TrafficSelector> remoteSelectors,
        SaId outboundSa, SaId inboundSa, int priority, int interfaceId) {
    public PolicySpec {
        Objects.requireNonNull(id, "id");
        localSelectors = List.copyOf(localSelectors);
        remoteSelectors = List.copyOf(remoteSelectors);
        if (interfaceId < 0) {
            throw new IllegalArgumentException("interface id must not be negative");
        }
    }

    /** A policy of the shared TUN device ({@link SaSpec#MAIN_INTERFACE}). */
    public PolicySpec(String id, List<TrafficSelector> localSelectors, List<TrafficSelector> remoteSelectors,
            SaId outboundSa, SaId inboundSa, int priority) {
        this(id, localSelectors, remoteSelectors, outboundSa, inboundSa, priority, SaSpec.MAIN_INTERFACE);
    }
}
