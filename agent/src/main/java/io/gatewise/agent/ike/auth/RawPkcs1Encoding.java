package io.gatewise.agent.ike.auth;

import java.util.Arrays;

/**
 * EMSA-PKCS1-v1_5 (RFC 8017 section 9.2) with the DigestInfo left out, as IKEv1 RSA
 * signatures use it: the "message digest" is HASH_I / HASH_R itself.
 *
 * <pre>
 *   EM = 0x00 | 0x01 | PS | 0x00 | T      PS = k - len(T) - 3 bytes of 0xFF (at least 8)
 *                                        T  = the raw hash, no ASN.1 around it
 * </pre>
 *
 * Verification re-encodes the expected hash and compares whole blocks, never parses the
 * recovered block (the robust method RFC 8017 section 8.2.2 prescribes; parsing invites
 * Bleichenbacher-style forgeries).
 */
final class RawPkcs1Encoding {

    /** RFC 8017 section 9.2 step 3: at least 8 bytes of 0xFF padding. */
    static final int MIN_PADDING = 8;

    private RawPkcs1Encoding() {
    }

    /**
     * The k-byte encoded block for {@code t}.
     *
     * @throws IllegalArgumentException when the modulus is too short for the hash
     */
    static byte[] encode(byte[] t, int k) {
        if (t.length > k - 3 - MIN_PADDING) {
            throw new IllegalArgumentException("a " + (k * 8) + "-bit RSA key is too short to sign "
                    + t.length + " bytes");
        }
        byte[] em = new byte[k];
        em[0] = 0x00;
        em[1] = 0x01;
        int separator = k - t.length - 1;
        Arrays.fill(em, 2, separator, (byte) 0xff);
        em[separator] = 0x00;
        System.arraycopy(t, 0, em, separator + 1, t.length);
        return em;
    }
}
