package io.gatewise.agent.ike.proposal;

import io.gatewise.agent.ipsec.EncryptionAlgorithm;
import io.gatewise.agent.ipsec.IntegrityAlgorithm;

/**
 * Plain names and weakness of the ESP algorithms of {@code io.gatewise.agent.ipsec},
 * following the same rules as {@link io.gatewise.agent.crypto.Algorithm}: 3DES, MD5 and
 * NULL are weak.
 */
public final class EspAlgorithms {

    private EspAlgorithms() {
    }

    public static String plainName(EncryptionAlgorithm algorithm) {
        return switch (algorithm) {
            case TRIPLE_DES_CBC -> "3DES";
            case AES_CBC_128 -> "AES-128";
            case AES_CBC_192 -> "AES-192";
            case AES_CBC_256 -> "AES-256";
            case AES_GCM_16_128 -> "AES-GCM-128";
            case AES_GCM_16_256 -> "AES-GCM-256";
            case NULL -> "NULL";
        };
    }

    public static boolean isWeak(EncryptionAlgorithm algorithm) {
        return algorithm == EncryptionAlgorithm.TRIPLE_DES_CBC || algorithm == EncryptionAlgorithm.NULL;
    }

    /** Named after the hash, as in IKE proposals: the truncation is implied by RFC 4868. */
    public static String plainName(IntegrityAlgorithm algorithm) {
        return switch (algorithm) {
            case HMAC_MD5_96 -> "MD5";
            case HMAC_SHA1_96 -> "SHA1";
            case HMAC_SHA2_256_128 -> "SHA2-256";
            case HMAC_SHA2_384_192 -> "SHA2-384";
            case HMAC_SHA2_512_256 -> "SHA2-512";
        };
    }

    public static boolean isWeak(IntegrityAlgorithm algorithm) {
        return algorithm == IntegrityAlgorithm.HMAC_MD5_96;
    }
}
