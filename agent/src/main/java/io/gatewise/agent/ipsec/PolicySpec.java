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
 */
public record PolicySpec(String id, List<TrafficSelector> localSelectors, List<TrafficSelector> remoteSelectors,
        SaId outboundSa, SaId inboundSa, int priority) {
    public PolicySpec {
        Objects.requireNonNull(id, "id");
        localSelectors = List.copyOf(localSelectors);
        remoteSelectors = List.copyOf(remoteSelectors);
    }
}
