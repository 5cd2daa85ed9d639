package io.gatewise.agent.config;

import java.util.List;
import java.util.Objects;

/**
 * One child SA of a tunnel: the traffic it protects.
 *
 * @param name            unique within the tunnel
 * @param localSelectors  our protected side: CIDR prefixes, {@code a-b} ranges or single
 *                        addresses (parse with {@link AddressRange#parse(String)})
 * @param remoteSelectors the peer's protected side
 */
public record ChildConfig(String name, List<String> localSelectors, List<String> remoteSelectors) {

    public ChildConfig {
        Objects.requireNonNull(name, "name");
        localSelectors = List.copyOf(localSelectors);
        remoteSelectors = List.copyOf(remoteSelectors);
    }

    /** The local selectors parsed; call only on a validated config. */
    public List<AddressRange> localRanges() {
        return localSelectors.stream().map(AddressRange::parse).toList();
    }

    /** The remote selectors parsed; call only on a validated config. */
    public List<AddressRange> remoteRanges() {
        return remoteSelectors.stream().map(AddressRange::parse).toList();
    }
}
