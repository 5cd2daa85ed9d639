package io.gatewise.agent.ike.sa;

import java.net.InetAddress;
import java.util.Objects;

import io.gatewise.agent.ike.config.ChildConfig;
import io.gatewise.agent.ipsec.EncryptionAlgorithm;
import io.gatewise.agent.ipsec.IntegrityAlgorithm;
import io.gatewise.agent.ipsec.IpsecProtocol;
import io.gatewise.agent.ipsec.SaId;
import io.gatewise.agent.ipsec.SaSpec;
import io.gatewise.agent.ipsec.TrafficSelector;

/**
 * An installed IPsec SA pair negotiated by one Quick Mode. The keys are not kept: they
 * went to the datapath through {@code IpsecBackend.addSa} and were wiped here; the
 * backend wipes its copy when the SA is deleted.
 *
 * @param spiIn    the SPI we chose; the peer sends with it
 * @param spiOut   the SPI the peer chose; we send with it
 * @param udpEncapsulated ESP in UDP 4500 (RFC 3948)
 */
public record ChildSa(String name, ChildConfig config, IkeSaId ikeSa, String peer, long reqId, IpsecProtocol protocol,
        int spiIn, int spiOut, InetAddress localAddress, InetAddress remoteAddress, EncryptionAlgorithm encryption,
        IntegrityAlgorithm integrity, SaSpec.Mode mode, boolean udpEncapsulated, TrafficSelector localTs,
        TrafficSelector remoteTs, long lifetimeSeconds, long lifetimeKilobytes, long installedAtMillis) {

    public ChildSa {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(protocol, "protocol");
    }

    /** The SA we decrypt with: our SPI, destination us. */
    public SaId inboundId() {
        return new SaId(spiIn, protocol, localAddress);
    }

    /** The SA we encrypt with: the peer's SPI, destination the peer. */
    public SaId outboundId() {
        return new SaId(spiOut, protocol, remoteAddress);
    }

    /**
     * The policy's id: the same for every generation of this child (the peer, the child and
     * its selectors, not the SPIs), so that a rekey replaces the policy atomically
     * ({@code IpsecBackend.addPolicy}) and outbound traffic never finds none.
     */
    public String policyId() {
        return peer + "/" + name + "/" + selectorKey(localTs) + "-" + selectorKey(remoteTs);
    }

    private static String selectorKey(TrafficSelector ts) {
        if (ts == null) {
            return "any";
        }
        return ts.start().getHostAddress() + ".." + ts.end().getHostAddress() + ":" + ts.ipProtocol() + ":"
                + ts.startPort() + "-" + ts.endPort();
    }

    /** The same SA pair, now managed by another ISAKMP SA (phase 1 rekey: the children move over). */
    public ChildSa withIkeSa(IkeSaId newIkeSa) {
        return new ChildSa(name, config, newIkeSa, peer, reqId, protocol, spiIn, spiOut, localAddress, remoteAddress,
                encryption, integrity, mode, udpEncapsulated, localTs, remoteTs, lifetimeSeconds, lifetimeKilobytes,
                installedAtMillis);
    }

    /** Another generation of the same child: same configuration and selectors. */
    public boolean sameChildAs(ChildSa other) {
        return other != null && name.equals(other.name) && java.util.Objects.equals(localTs, other.localTs)
                && java.util.Objects.equals(remoteTs, other.remoteTs);
    }

    public static String spiHex(int spi) {
        return String.format("%08x", spi);
    }
}
