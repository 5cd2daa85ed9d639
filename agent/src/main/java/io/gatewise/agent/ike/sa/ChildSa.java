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

    public String policyId() {
        return peer + "/" + name + "/" + Integer.toHexString(spiIn);
    }

    public static String spiHex(int spi) {
        return String.format("%08x", spi);
    }
}
