package io.gatewise.agent.ipsec;

import java.net.InetAddress;
import java.util.Optional;

/**
 * The one door between the IKE engine and the packets, in the spirit of strongSwan's
 * {@code kernel_ipsec} interface: IKE negotiates, the backend protects traffic.
 *
 * <p>The userspace ESP datapath is the first implementation; a Linux XFRM backend could
 * be another. Nothing here is IKEv1-specific so that IKEv2 can use it unchanged.
 *
 * <p>Implementations are thread-safe. Keys handed in through {@link SaSpec} belong to the
 * backend from then on: it copies what it needs and wipes its copy when the SA is deleted.
 */
public interface IpsecBackend {

    /**
     * Reserves a fresh, unused inbound SPI (never 0..255, RFC 4303 section 2.1) for a SA
     * about to be negotiated. The reservation is released by {@link #deleteSa} or when
     * an SA with that SPI is added and later deleted.
     */
    int allocateSpi(IpsecProtocol protocol, InetAddress localAddress);

    /** Installs one direction of an IPsec SA. Fails if an SA with the same key exists. */
    void addSa(SaSpec sa);

    /**
     * Changes the endpoints of an installed SA, for example after a NAT mapping or the
     * peer's port changed (NAT-T floating).
     */
    void updateSaEndpoints(SaId id, Endpoint local, Endpoint remote);

    /** Removes an SA and wipes its keys; a no-op for an unknown SA. */
    void deleteSa(SaId id);

    /** The live counters of an SA, or empty when it is not installed. */
    Optional<SaCounters> querySa(SaId id);

    /**
     * Installs a security policy: outbound traffic matching its selectors is protected
     * with the outbound SA it names; inbound traffic decrypted by the named inbound SA
     * must match it (RFC 4301 section 5.2).
     */
    void addPolicy(PolicySpec policy);

    /** Removes a policy; a no-op for an unknown one. */
    void deletePolicy(String policyId);

    /** Registers the listener told when an SA reaches a lifetime limit. */
    void setLifetimeListener(SaLifetimeListener listener);
}
