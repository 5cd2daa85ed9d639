package io.gatewise.server.topology.compiler;

import java.util.List;
import java.util.Objects;

/**
 * Phase 1 (ISAKMP SA) policy: RFC 2409 mode, proposals in strongSwan syntax, how peers
 * authenticate, lifetime, Dead Peer Detection (RFC 3706) and NAT traversal (RFC 3947).
 *
 * @param proposals        e.g. ["aes256-sha256-ecp256"], most preferred first
 * @param weakAcknowledged the admin explicitly accepted weak algorithms (or Aggressive
 *                         Mode with PSK) in this policy; they stay flagged
 */
public record IkePolicy(String name, Mode mode, List<String> proposals, Auth auth, int lifetimeSeconds,
                        int dpdDelaySeconds, int dpdTimeoutSeconds, DpdAction dpdAction, boolean natTraversal,
                        boolean weakAcknowledged) {
    public enum Mode { MAIN, AGGRESSIVE }

    /** PSK, or certificate signatures (RSA or ECDSA, per the key in the certificate). */
    public enum Auth { PSK, CERTIFICATE }

    public enum DpdAction { RESTART, CLEAR, HOLD }

    public IkePolicy {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(mode, "mode");
        Objects.requireNonNull(auth, "auth");
        Objects.requireNonNull(dpdAction, "dpdAction");
        proposals = List.copyOf(proposals);
    }
}
