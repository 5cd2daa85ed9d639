package io.gatewise.agent.ipsec;

import java.util.List;
import java.util.Objects;

/**
 * Everything the datapath needs to run one direction of an IPsec SA.
 *
 * @param id            SPI, protocol and destination
 * @param direction     inbound (we decrypt) or outbound (we encrypt)
 * @param mode          tunnel or transport
 * @param local         our outer endpoint (port 4500 when UDP-encapsulated, else 0)
 * @param remote        the peer's outer endpoint
 * @param udpEncapsulated ESP in UDP per RFC 3948
 * @param encryption    encryption transform, {@code null} for AH or for ESP-NULL
 *                      integrity-only policies
 * @param encryptionKey key bytes including any salt (4 bytes for AES-GCM, RFC 4106)
 * @param integrity     integrity transform, {@code null} for combined-mode ciphers
 * @param integrityKey  integrity key bytes
 * @param localSelectors  our protected side (source of outbound traffic)
 * @param remoteSelectors the peer's protected side
 * @param replayWindow  anti-replay window in packets, 0 disables (outbound ignores it)
 * @param extendedSequenceNumbers 64-bit sequence numbers (RFC 4303 section 2.2.1)
 * @param lifetime      soft and hard limits in time and volume
 * @param reqId         ties together the SAs and policies of one child SA
 * @param interfaceId   the tunnel interface this SA belongs to, like XFRM's {@code if_id}
 *                      (strongSwan {@code if_id_in/out}): inbound, decrypted packets are
 *                      written to that interface; outbound, only packets read from it may
 *                      use the SA. {@link #MAIN_INTERFACE} is the shared TUN device of
 *                      policy-based tunnels; route-based tunnels each have their own.
 */
public record SaSpec(
        SaId id,
        Direction direction,
        Mode mode,
        Endpoint local,
        Endpoint remote,
        boolean udpEncapsulated,
        EncryptionAlgorithm encryption,
        byte[] encryptionKey,
        IntegrityAlgorithm integrity,
        byte[] integrityKey,
        List<TrafficSelector> localSelectors,
        List<TrafficSelector> remoteSelectors,
        int replayWindow,
        boolean extendedSequenceNumbers,
        SaLifetime lifetime,
        long reqId,
        int interfaceId) {

    /** The interface id of the shared TUN device (policy-based tunnels). */
    public static final int MAIN_INTERFACE = 0;

    public SaSpec {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(direction, "direction");
        Objects.requireNonNull(mode, "mode");
        Objects.requireNonNull(local, "local");
        Objects.requireNonNull(remote, "remote");
        Objects.requireNonNull(lifetime, "lifetime");
        localSelectors = List.copyOf(localSelectors);
        remoteSelectors = List.copyOf(remoteSelectors);
        if (interfaceId < 0) {
            throw new IllegalArgumentException("interface id must not be negative");
        }
    }

    /** An SA of the shared TUN device ({@link #MAIN_INTERFACE}). */
    public SaSpec(SaId id, Direction direction, Mode mode, Endpoint local, Endpoint remote, boolean udpEncapsulated,
            EncryptionAlgorithm encryption, byte[] encryptionKey, IntegrityAlgorithm integrity, byte[] integrityKey,
            List<TrafficSelector> localSelectors, List<TrafficSelector> remoteSelectors, int replayWindow,
            boolean extendedSequenceNumbers, SaLifetime lifetime, long reqId) {
        this(id, direction, mode, local, remote, udpEncapsulated, encryption, encryptionKey, integrity, integrityKey,
                localSelectors, remoteSelectors, replayWindow, extendedSequenceNumbers, lifetime, reqId,
                MAIN_INTERFACE);
    }

    /** Never prints keys. */
    @Override
    public String toString() {
        return "SaSpec[" + id + " " + direction + " " + mode + (udpEncapsulated ? " udp-encap" : "")
                + " enc=" + encryption + " integ=" + integrity + " reqId=" + reqId + (interfaceId == MAIN_INTERFACE ? "" : " if_id=" + interfaceId) + "]";
    }

    public enum Direction { INBOUND, OUTBOUND }

    public enum Mode { TUNNEL, TRANSPORT }
}
