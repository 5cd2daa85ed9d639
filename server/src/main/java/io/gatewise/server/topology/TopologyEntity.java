package io.gatewise.server.topology;

import java.time.Instant;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

import io.gatewise.server.topology.compiler.TopologySpec;

/**
 * A stored topology's own settings ({@code topology}); members, links and overrides are
 * rows of their own, replaced whole on each save. {@link TopologyModelLoader} assembles
 * the compiler's {@link TopologySpec}.
 */
@Entity
@Table(name = "topology")
class TopologyEntity {
    @Id
    @GeneratedValue(strategy = GenerationType.IDENTITY)
    private Long id;

    @Column(nullable = false, unique = true, length = 63)
    private String name;

    @Enumerated(EnumType.STRING)
    @Column(nullable = false, length = 16)
    private TopologySpec.Kind kind;

    @Enumerated(EnumType.STRING)
    @Column(name = "vpn_type", nullable = false, length = 16)
    private TopologySpec.VpnType vpnType;

    @Enumerated(EnumType.STRING)
    @Column(name = "spoke_to_spoke", nullable = false, length = 16)
    private TopologySpec.SpokeToSpoke spokeToSpoke;

    @Column(name = "ike_policy_id", nullable = false)
    private Long ikePolicyId;

    @Column(name = "ipsec_policy_id", nullable = false)
    private Long ipsecPolicyId;

    @Column(name = "updated_at", nullable = false)
    private Instant updatedAt;

    protected TopologyEntity() {
    }

    TopologyEntity(String name) {
        this.name = name;
    }

    void apply(TopologySpec spec, long ikePolicy, long ipsecPolicy, Instant now) {
        name = spec.name();
        kind = spec.kind();
        vpnType = spec.vpnType();
        spokeToSpoke = spec.spokeToSpoke();
        ikePolicyId = ikePolicy;
        ipsecPolicyId = ipsecPolicy;
        updatedAt = now;
    }

    Long getId() {
        return id;
    }

    String getName() {
        return name;
    }

    TopologySpec.Kind getKind() {
        return kind;
    }

    TopologySpec.VpnType getVpnType() {
        return vpnType;
    }

    TopologySpec.SpokeToSpoke getSpokeToSpoke() {
        return spokeToSpoke;
    }

    Long getIkePolicyId() {
        return ikePolicyId;
    }

    Long getIpsecPolicyId() {
        return ipsecPolicyId;
    }
}
