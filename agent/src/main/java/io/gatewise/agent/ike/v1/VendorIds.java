package io.gatewise.agent.ike.v1;

import io.gatewise.agent.ike.codec.Bytes;
import io.gatewise.agent.ike.codec.VendorIdPayload;

/** Vendor IDs we send or recognise (the values strongSwan and others use). */
public final class VendorIds {
    /** RFC 3947 section 3.1: MD5("RFC 3947"). */
    public static final Bytes NAT_T_RFC3947 = Bytes.fromHex("4a131c81070358455c5728f20e95452f");
    /** RFC 3706 section 5.1. */
    public static final Bytes DPD = Bytes.fromHex("afcad71368a1f1c96b8696fc77570100");
    /** Cisco-style IKEv1 fragmentation (with the capability flags strongSwan sends). */
    public static final Bytes FRAGMENTATION = Bytes.fromHex("4048b7d56ebce88525e7de7f00d6c2d380000000");
    public static final Bytes XAUTH = Bytes.fromHex("09002689dfd6b712");

    private VendorIds() {
    }

    public static VendorIdPayload payload(Bytes vid) {
        return new VendorIdPayload(vid);
    }

    /** The fragmentation VID is matched on its first 16 bytes (the rest are flags). */
    public static boolean isFragmentation(Bytes vid) {
        if (vid.length() < 16) {
            return false;
        }
        for (int i = 0; i < 16; i++) {
            if (vid.get(i) != FRAGMENTATION.get(i)) {
                return false;
            }
        }
        return true;
    }
}
