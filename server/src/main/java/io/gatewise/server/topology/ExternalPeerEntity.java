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

import io.gatewise.server.topology.compiler.Cidr;
import io.gatewise.server.topology.compiler.ExternalPeer;
import io.gatewise.server.topology.compiler.Identity;
import io.gatewise.server.topology.compiler.IkePolicy;
import io.gatewise.server.topology.compiler.IpsecPolicy;

/** A stored unmanaged peer ({@code external_peer}); {@link #toSpec()} is the compiler's view. */
@Entity
@Table(name = "external_peer")
class ExternalPeerEntity {
    @Id
    @GeneratedValue(strategy = GenerationType.IDENTITY)
    private Long id;

    @Column(nullable = false, unique = true, length = 63)
    private String name;

    @Column(nullable = false, length = 253)
    private String address;

    @Enumerated(EnumType.STRING)
    @Column(name = "identity_type", length = 16)
    private Identity.Type identityType;

    @Column(name = "identity")
    private String identity;

    @JdbcTypeCode(SqlTypes.JSON)
    @Column(nullable = false, columnDefinition = "jsonb")
    private String subnets;

    @Enumerated(EnumType.STRING)
    @Column(nullable = false, length = 16)
    private IkePolicy.Mode mode;

    @Enumerated(EnumType.STRING)
    @Column(nullable = false, length = 16)
    private IkePolicy.Auth auth;

    @JdbcTypeCode(SqlTypes.JSON)
    @Column(name = "ike_proposals", nullable = false, columnDefinition = "jsonb")
    private String ikeProposals;

    @Enumerated(EnumType.STRING)
    @Column(name = "ipsec_protocol", nullable = false, length = 8)
    private IpsecPolicy.Protocol ipsecProtocol;

    @JdbcTypeCode(SqlTypes.JSON)
    @Column(name = "ipsec_proposals", nullable = false, columnDefinition = "jsonb")
    private String ipsecProposals;

    @Enumerated(EnumType.STRING)
    @Column(name = "expects_identity_type", length = 16)
    private Identity.Type expectsIdentityType;

    @Column(name = "expects_identity")
    private String expectsIdentity;

    @JdbcTypeCode(SqlTypes.JSON)
    @Column(name = "expects_subnets", nullable = false, columnDefinition = "jsonb")
    private String expectsSubnets;

    @Column(name = "weak_acknowledged", nullable = false)
    private boolean weakAcknowledged;

    @Column(name = "updated_at", nullable = false)
    private Instant updatedAt;

    protected ExternalPeerEntity() {
    }

    ExternalPeerEntity(ExternalPeer spec, Instant now) {
        apply(spec, now);
    }

    Long getId() {
        return id;
    }

    String getName() {
        return name;
    }

    void apply(ExternalPeer p, Instant now) {
        name = p.name();
        address = p.address();
        identityType = p.identity() == null ? null : p.identity().type();
        identity = p.identity() == null ? null : p.identity().value();
        subnets = JsonLists.write(p.subnets());
        mode = p.mode();
        auth = p.auth();
        ikeProposals = JsonLists.write(p.ikeProposals());
        ipsecProtocol = p.ipsecProtocol();
        ipsecProposals = JsonLists.write(p.ipsecProposals());
        expectsIdentityType = p.expectsIdentity() == null ? null : p.expectsIdentity().type();
        expectsIdentity = p.expectsIdentity() == null ? null : p.expectsIdentity().value();
        expectsSubnets = JsonLists.write(p.expectsSubnets());
        weakAcknowledged = p.weakAcknowledged();
        updatedAt = now;
    }

    ExternalPeer toSpec() {
        return new ExternalPeer(name, address, identityType == null ? null : new Identity(identityType, identity),
                Cidr.canonical(JsonLists.read(subnets)), mode, auth, JsonLists.read(ikeProposals), ipsecProtocol,
                JsonLists.read(ipsecProposals),
                expectsIdentityType == null ? null : new Identity(expectsIdentityType, expectsIdentity),
                Cidr.canonical(JsonLists.read(expectsSubnets)), weakAcknowledged);
    }
}
