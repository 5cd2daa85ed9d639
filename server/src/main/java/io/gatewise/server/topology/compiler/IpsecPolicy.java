package io.gatewise.server.topology.compiler;

import java.util.List;
import java.util.Objects;

/**
 * Phase 2 (Quick Mode) transform set: ESP (RFC 4303) or AH (RFC 4302), proposals in
 * strongSwan syntax with the PFS group as the DH token, lifetimes and encapsulation.
 *
 * @param lifetimeKilobytes 0 means no volume limit
 */
public record IpsecPolicy(String name, Protocol protocol, List<String> proposals, int lifetimeSeconds,
                          long lifetimeKilobytes, Encapsulation encapsulation, boolean weakAcknowledged) {
    public enum Protocol { ESP, AH }

    public enum Encapsulation { TUNNEL, TRANSPORT }

    public IpsecPolicy {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(protocol, "protocol");
        Objects.requireNonNull(encapsulation, "encapsulation");
        proposals = List.copyOf(proposals);
    }
}
