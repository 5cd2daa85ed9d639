package io.gatewise.agent.ike.v1;

import java.net.Inet6Address;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;

import io.gatewise.agent.ike.codec.FragmentPayload;
import io.gatewise.agent.ike.codec.IsakmpHeader;
import io.gatewise.agent.ike.transport.Datagram;

/**
 * Splits an IKEv1 message that would not fit a 1280-byte IP datagram into fragments of the
 * Cisco/strongSwan fragmentation extension, the sending half of {@link FragmentReassembler}.
 * Used only towards peers that announced the FRAGMENTATION vendor ID: in practice Main and
 * Aggressive Mode messages carrying certificates, which otherwise get IP-fragmented and
 * lost behind NATs and firewalls that drop IP fragments.
 *
 * <p>Each fragment is a complete ISAKMP message whose only payload is the fragment
 * (payload 132). Its header copies the original's cookies, version, exchange type and
 * message ID, with the next-payload field set to 132 and the flags cleared: the fragment
 * itself is not encrypted, the original message it carries a slice of still is.
 *
 * <pre>
 *   original:  [ ISAKMP header | (encrypted) payloads ..................................... ]
 *   fragment 1 [ header' | 132: id, #1, flags 0 | bytes 0 .. n-1 of the original ]
 *   fragment 2 [ header' | 132: id, #2, flags 0 | bytes n .. 2n-1 ]
 *   fragment k [ header' | 132: id, #k, LAST    | the rest ]
 * </pre>
 *
 * <p>The size limit follows strongSwan's {@code charon.fragment_size} default: 1280 bytes
 * for the whole IP datagram (the IPv6 minimum MTU, which also passes nearly every IPv4
 * path), minus the IP and UDP headers and the 4-byte non-ESP marker on port 4500.
 */
public final class MessageFragmenter {
    /** Largest IP datagram we send a fragment in. */
    public static final int MAX_IP_DATAGRAM = 1280;
    private static final int UDP_HEADER = 8;
    private static final int NON_ESP_MARKER = 4;
    private static final int FRAGMENT_PAYLOAD_HEADER = 8;
    private static final int MAX_FRAGMENTS = 255;

    private MessageFragmenter() {
    }

    /** The largest IKE message (header included) that goes to {@code peer} unfragmented. */
    public static int maxMessageBytes(InetSocketAddress peer) {
        int ipHeader = peer.getAddress() instanceof Inet6Address ? 40 : 20;
        int marker = peer.getPort() == Datagram.NATT_PORT ? NON_ESP_MARKER : 0;
        return MAX_IP_DATAGRAM - ipHeader - UDP_HEADER - marker;
    }

    /**
     * @param message    the complete encoded message, ISAKMP header included
     * @param fragmentId identifies this message's fragments at the peer; a retransmission
     *                   may use a new one (the peer then drops the older, incomplete set)
     * @param maxBytes   the largest fragment message, from {@link #maxMessageBytes}
     * @return the fragments, in order; each is a complete ISAKMP message
     */
    public static List<byte[]> split(byte[] message, int fragmentId, int maxBytes) {
        if (message.length < IsakmpHeader.LENGTH) {
            throw new IllegalArgumentException("not an ISAKMP message: " + message.length + " bytes");
        }
        if (fragmentId < 1 || fragmentId > 0xffff) {
            throw new IllegalArgumentException("fragment id out of range: " + fragmentId);
        }
        int slice = maxBytes - IsakmpHeader.LENGTH - FRAGMENT_PAYLOAD_HEADER;
        if (slice < 1) {
            throw new IllegalArgumentException("fragment size " + maxBytes + " leaves no room for data");
        }
        int count = (message.length + slice - 1) / slice;
        if (count > MAX_FRAGMENTS) {
            throw new IllegalArgumentException("a " + message.length + "-byte message needs " + count
                    + " fragments; the fragment number is one octet");
        }
        List<byte[]> fragments = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            int from = i * slice;
            int len = Math.min(slice, message.length - from);
            boolean last = i == count - 1;
            int total = IsakmpHeader.LENGTH + FRAGMENT_PAYLOAD_HEADER + len;
            ByteBuffer b = ByteBuffer.allocate(total);
            b.put(message, 0, 16);                                  // both cookies
            b.put((byte) FragmentPayload.TYPE.value());              // next payload: 132
            b.put(message[17]);                                      // version
            b.put(message[18]);                                      // exchange type
            b.put((byte) 0);                                         // flags: not encrypted
            b.put(message, 20, 4);                                   // message ID
            b.putInt(total);
            b.put((byte) 0).put((byte) 0);                           // last payload, reserved
            b.putShort((short) (FRAGMENT_PAYLOAD_HEADER + len));
            b.putShort((short) fragmentId);
            b.put((byte) (i + 1));
            b.put((byte) (last ? FragmentPayload.LAST_FRAGMENT : 0));
            b.put(message, from, len);
            fragments.add(b.array());
        }
        return fragments;
    }
}
