package io.gatewise.agent.ike.transport;

/**
 * Framing on UDP 4500 (RFC 3948 sections 2.2 and 2.3): IKE messages start with four zero
 * bytes (where ESP has a non-zero SPI), and a single 0xFF byte is a NAT-keepalive.
 */
public final class NonEspMarker {
    public static final int LENGTH = 4;

    private NonEspMarker() {
    }

    /** What arrived on UDP 4500. */
    public enum Kind { IKE, ESP, KEEPALIVE, INVALID }

    public static Kind classify(byte[] data, int length) {
        if (length == 1 && (data[0] & 0xff) == 0xff) {
            return Kind.KEEPALIVE;
        }
        if (length < LENGTH) {
            return Kind.INVALID;
        }
        if (data[0] == 0 && data[1] == 0 && data[2] == 0 && data[3] == 0) {
            return Kind.IKE;
        }
        return Kind.ESP;
    }

    /** The message with the marker in front. */
    public static byte[] prepend(byte[] ikeMessage) {
        byte[] out = new byte[ikeMessage.length + LENGTH];
        System.arraycopy(ikeMessage, 0, out, LENGTH, ikeMessage.length);
        return out;
    }
}
