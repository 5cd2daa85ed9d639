package io.gatewise.server.topology;

import java.time.Instant;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

import io.gatewise.server.topology.compiler.LinkKey;

/**
 * The generated pre-shared key of one link ({@code link_psk}), sealed with the master key.
 * Keyed like the compiler's {@link LinkKey}: the unordered pair of endpoint names.
 */
@Entity
@Table(name = "link_psk")
class LinkPskEntity {
    @Id
    @GeneratedValue(strategy = GenerationType.IDENTITY)
    private Long id;

    @Column(name = "endpoint_a", nullable = false, length = 63)
    private String endpointA;

    @Column(name = "endpoint_b", nullable = false, length = 63)
    private String endpointB;

    @Column(name = "psk_sealed", nullable = false)
    private byte[] pskSealed;

    @Column(name = "created_at", nullable = false)
    private Instant createdAt;

    protected LinkPskEntity() {
    }

    LinkPskEntity(LinkKey key, byte[] sealed, Instant now) {
        this.endpointA = key.a();
        this.endpointB = key.b();
        this.pskSealed = sealed.clone();
        this.createdAt = now;
    }

    LinkKey key() {
        return new LinkKey(endpointA, endpointB);
    }

    byte[] getPskSealed() {
        return pskSealed.clone();
    }

    /** The SecretBox context: a sealed key only opens for the link it was made for. */
    static String context(LinkKey key) {
        return "link-psk:" + key.a() + ":" + key.b();
    }

    @Override
    public String toString() {
        return "LinkPsk[" + endpointA + "--" + endpointB + "]";
    }
}
