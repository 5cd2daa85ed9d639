package io.gatewise.agent.ike.codec;

import java.util.Objects;

/**
 * The IKEv1 fragmentation payload (type 132, Cisco's extension, also used by strongSwan
 * after the FRAGMENTATION vendor ID). A fragmented message travels as several ISAKMP
 * messages whose only payload is one fragment of the original message (header included).
 *
 * <pre>
 * ! Next Payload  !   RESERVED    !        Payload Length         !
 * !          Fragment ID          !  Fragment Num !     Flags     !
 * ~                         Fragment Data                         ~
 * </pre>
 *
 * @param fragmentNumber 1-based
 * @param flags          {@link #LAST_FRAGMENT} on the final fragment
 */
public record FragmentPayload(int fragmentId, int fragmentNumber, int flags, Bytes data) implements Payload {
    public static final PayloadType TYPE = PayloadType.FRAGMENT;
    public static final int LAST_FRAGMENT = 0x01;

    public FragmentPayload {
        Objects.requireNonNull(data, "data");
        if (fragmentId < 0 || fragmentId > 0xffff) {
            throw new IllegalArgumentException("fragment id out of range");
        }
        Transform.checkOctet(fragmentNumber, "fragment number");
        Transform.checkOctet(flags, "fragment flags");
    }

    public boolean isLast() {
        return (flags & LAST_FRAGMENT) != 0;
    }

    @Override
    public int typeValue() {
        return TYPE.value();
    }

    static FragmentPayload decodeBody(PayloadReader r) throws CodecException {
        int id = r.u16("fragment id");
        int number = r.u8("fragment number");
        int flags = r.u8("fragment flags");
        if (number == 0) {
            throw new CodecException(NotifyType.PAYLOAD_MALFORMED, "fragment number 0");
        }
        return new FragmentPayload(id, number, flags, r.rest());
    }

    @Override
    public void encodeBody(PayloadWriter w) {
        w.u16(fragmentId).u8(fragmentNumber).u8(flags).bytes(data);
    }
}
