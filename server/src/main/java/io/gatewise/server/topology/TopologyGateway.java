package io.gatewise.server.topology;

import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.UUID;

import org.hibernate.annotations.JdbcTypeCode;
import org.hibernate.type.SqlTypes;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

import io.gatewise.server.topology.compiler.Identity;

/**
 * The topology view of a row of {@code gateway}: the columns V3 added. The gateway
 * package owns the row's life cycle (create, enroll, delete); this entity never inserts
 * and only updates the topology columns.
 */
@Entity
@Table(name = "gateway")
class TopologyGateway {
    @Id
    private UUID id;

    @Column(nullable = false, insertable = false, updatable = false)
    private String name;

    @Column(name = "public_address", nullable = false, insertable = false, updatable = false)
    private String publicAddress;

    @JdbcTypeCode(SqlTypes.JSON)
    @Column(name = "protected_subnets", nullable = false, columnDefinition = "jsonb")
    private String protectedSubnets;

    @JdbcTypeCode(SqlTypes.JSON)
    @Column(nullable = false, columnDefinition = "jsonb")
    private String tags;

    @Enumerated(EnumType.STRING)
    @Column(name = "ike_identity_type", length = 16)
    private Identity.Type ikeIdentityType;

    @Column(name = "ike_identity")
    private String ikeIdentity;

    @Column(name = "behind_nat", nullable = false)
    private boolean behindNat;

    protected TopologyGateway() {
    }

    UUID getId() {
        return id;
    }

    String getName() {
        return name;
    }

    String getPublicAddress() {
        return publicAddress;
    }

    List<String> getProtectedSubnets() {
        return JsonLists.read(protectedSubnets);
    }

    Set<String> getTags() {
        return new TreeSet<>(JsonLists.read(tags));
    }

    Identity getIdentity() {
        return ikeIdentityType == null ? null : new Identity(ikeIdentityType, ikeIdentity);
    }

    boolean isBehindNat() {
        return behindNat;
    }

    void update(List<String> subnets, Set<String> tagSet, Identity identity, boolean nat) {
        this.protectedSubnets = JsonLists.write(subnets);
        this.tags = JsonLists.write(new TreeSet<>(tagSet));
        this.ikeIdentityType = identity == null ? null : identity.type();
        this.ikeIdentity = identity == null ? null : identity.value();
        this.behindNat = nat;
    }
}
