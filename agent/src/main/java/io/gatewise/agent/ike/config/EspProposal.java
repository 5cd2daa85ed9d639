package io.gatewise.agent.ike.config;

import java.util.Objects;
import java.util.Optional;

import io.gatewise.agent.crypto.DhGroup;
import io.gatewise.agent.ipsec.EncryptionAlgorithm;
import io.gatewise.agent.ipsec.IntegrityAlgorithm;

/**
 * One ESP algorithm set for Quick Mode: cipher, integrity (none for AEAD ciphers) and the
 * PFS group (a KE payload in Quick Mode, RFC 2409 section 5.5), or none without PFS.
 */
public record EspProposal(EncryptionAlgorithm encryption, IntegrityAlgorithm integrity, DhGroup pfsGroup) {
    public EspProposal {
        Objects.requireNonNull(encryption, "encryption");
        if (encryption.isAead() != (integrity == null)) {
            throw new IllegalArgumentException(encryption.isAead()
                    ? "AEAD cipher " + encryption + " takes no integrity algorithm"
                    : encryption + " needs an integrity algorithm");
        }
    }

    public Optional<DhGroup> pfs() {
        return Optional.ofNullable(pfsGroup);
    }

    /** "ESP AES-128/HMAC-SHA1-96/MODP-2048" or ".../no PFS". */
    public String plainName() {
        return "ESP " + name(encryption) + (integrity == null ? "" : "/" + name(integrity))
                + "/" + (pfsGroup == null ? "no PFS" : pfsGroup.plainName());
    }

    static String name(Enum<?> e) {
        return switch (e.name()) {
            case "AES_CBC_128" -> "AES-128";
            case "AES_CBC_192" -> "AES-192";
            case "AES_CBC_256" -> "AES-256";
            case "TRIPLE_DES_CBC" -> "3DES";
            case "AES_GCM_16_128" -> "AES-GCM-128";
            case "AES_GCM_16_256" -> "AES-GCM-256";
            default -> e.name().replace("_", "-");
        };
    }

    @Override
    public String toString() {
        return plainName();
    }
}
