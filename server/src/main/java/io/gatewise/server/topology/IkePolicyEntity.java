package io.gatewise.server.topology;

import java.time.Instant;

import org.hibernate.annotations.JdbcTypeCode;
import org.hibernate.type.SqlTypes;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

import io.gatewise.server.topology.compiler.IkePolicy;

/** A stored Phase 1 policy ({@code ike_policy}); {@link #toSpec()} is the compiler's view. */
@Entity
@Table(name = "ike_policy")
class IkePolicyEntity {
    @Id
    @GeneratedValue(strategy = GenerationType.IDENTITY)
    private Long id;

    @Column(nullable = false, unique = true, length = 63)
    private String name;

    @Enumerated(EnumType.STRING)
    @Column(nullable = false, length = 16)
    private IkePolicy.Mode mode;

    @JdbcTypeCode(SqlTypes.JSON)
    @Column(nullable = false, columnDefinition = "jsonb")
    private String proposals;

    @Enumerated(EnumType.STRING)
    @Column(nullable = false, length = 16)
    private IkePolicy.Auth auth;

    @Column(name = "lifetime_seconds", nullable = false)
    private int lifetimeSeconds;

    @Column(name = "dpd_delay_seconds", nullable = false)
    private int dpdDelaySeconds;

    @Column(name = "dpd_timeout_seconds", nullable = false)
    private int dpdTimeoutSeconds;

    @Enumerated(EnumType.STRING)
    @Column(name = "dpd_action", nullable = false, length = 16)
    private IkePolicy.DpdAction dpdAction;

    @Column(name = "nat_traversal", nullable = false)
    private boolean natTraversal;

    @Column(name = "weak_acknowledged", nullable = false)
    private boolean weakAcknowledged;

    @Column(name = "updated_at", nullable = false)
    private Instant updatedAt;

    protected IkePolicyEntity() {
    }

    IkePolicyEntity(IkePolicy spec, Instant now) {
        apply(spec, now);
    }

    Long getId() {
        return id;
    }

    String getName() {
        return name;
    }

    void apply(IkePolicy p, Instant now) {
        name = p.name();
        mode = p.mode();
        proposals = JsonLists.write(p.proposals());
        auth = p.auth();
        lifetimeSeconds = p.lifetimeSeconds();
        dpdDelaySeconds = p.dpdDelaySeconds();
        dpdTimeoutSeconds = p.dpdTimeoutSeconds();
        dpdAction = p.dpdAction();
        natTraversal = p.natTraversal();
        weakAcknowledged = p.weakAcknowledged();
        updatedAt = now;
    }

    IkePolicy toSpec() {
        return new IkePolicy(name, mode, JsonLists.read(proposals), auth, lifetimeSeconds, dpdDelaySeconds,
                dpdTimeoutSeconds, dpdAction, natTraversal, weakAcknowledged);
    }
}
