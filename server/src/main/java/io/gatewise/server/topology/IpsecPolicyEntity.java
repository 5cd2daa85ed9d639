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

import io.gatewise.server.topology.compiler.IpsecPolicy;

/** A stored Phase 2 transform set ({@code ipsec_policy}); {@link #toSpec()} is the compiler's view. */
@Entity
@Table(name = "ipsec_policy")
class IpsecPolicyEntity {
    @Id
    @GeneratedValue(strategy = GenerationType.IDENTITY)
    private Long id;

    @Column(nullable = false, unique = true, length = 63)
    private String name;

    @Enumerated(EnumType.STRING)
    @Column(nullable = false, length = 8)
    private IpsecPolicy.Protocol protocol;

    @JdbcTypeCode(SqlTypes.JSON)
    @Column(nullable = false, columnDefinition = "jsonb")
    private String proposals;

    @Column(name = "lifetime_seconds", nullable = false)
    private int lifetimeSeconds;

    @Column(name = "lifetime_kilobytes", nullable = false)
    private long lifetimeKilobytes;

    @Enumerated(EnumType.STRING)
    @Column(nullable = false, length = 16)
    private IpsecPolicy.Encapsulation encapsulation;

    @Column(name = "weak_acknowledged", nullable = false)
    private boolean weakAcknowledged;

    @Column(name = "updated_at", nullable = false)
    private Instant updatedAt;

    protected IpsecPolicyEntity() {
    }

    IpsecPolicyEntity(IpsecPolicy spec, Instant now) {
        apply(spec, now);
    }

    Long getId() {
        return id;
    }

    String getName() {
        return name;
    }

    void apply(IpsecPolicy p, Instant now) {
        name = p.name();
        protocol = p.protocol();
        proposals = JsonLists.write(p.proposals());
        lifetimeSeconds = p.lifetimeSeconds();
        lifetimeKilobytes = p.lifetimeKilobytes();
        encapsulation = p.encapsulation();
        weakAcknowledged = p.weakAcknowledged();
        updatedAt = now;
    }

    IpsecPolicy toSpec() {
        return new IpsecPolicy(name, protocol, JsonLists.read(proposals), lifetimeSeconds, lifetimeKilobytes,
                encapsulation, weakAcknowledged);
    }
}
