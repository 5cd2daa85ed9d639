package io.gatewise.server.topology.compiler;

import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.TreeSet;

/**
 * A managed gateway as the topology sees it.
 *
 * @param name      unique, the node name in topologies and tunnel names
 * @param address   public IP address or DNS name of its IKE endpoint (a NAT's, when behind one)
 * @param behindNat true when the gateway sits behind NAT: it cannot be reached, it must initiate
 * @param subnets   protected subnets (CIDR), the traffic selectors of policy-based VPNs
 * @param identity  its IKE identity; null means derived from the address
 * @param tags      labels for tag-based membership
 * @param certificateSubject the subject DN of the certificate the Gatewise CA issues this
 *                  gateway's agent at enrollment ("CN=&lt;gateway id&gt;"); null when unknown
 *                  (then certificate tunnels fall back to {@link #effectiveIdentity()})
 */
public record GatewaySpec(String name, String address, boolean behindNat, List<String> subnets, Identity identity,
                          Set<String> tags, String certificateSubject) {
    public GatewaySpec {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(address, "address");
        subnets = List.copyOf(subnets);
        tags = Set.copyOf(new TreeSet<>(tags));
    }

    /** A gateway whose certificate subject is not known (tests, tools). */
    public GatewaySpec(String name, String address, boolean behindNat, List<String> subnets, Identity identity,
                       Set<String> tags) {
        this(name, address, behindNat, subnets, identity, tags, null);
    }

    /**
     * The identity this gateway presents with certificate authentication: ID_DER_ASN1_DN
     * of its certificate's subject (RFC 4945 section 3.1.5). Agent certificates carry no
     * subjectAltName, so a configured FQDN or address could not be verified against the
     * certificate by the peer; the subject DN always can.
     */
    public Identity certificateIdentity() {
        return certificateSubject != null ? new Identity(Identity.Type.DER_ASN1_DN, certificateSubject)
                : effectiveIdentity();
    }

    /** The identity sent in IKE: the configured one, else derived from the address. */
    public Identity effectiveIdentity() {
        return identity != null ? identity : Identity.of(address);
    }
}
