package io.gatewise.server.config;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * Checks IKE and ESP proposal strings in strongSwan's syntax ({@code enc-integ-dh},
 * e.g. {@code aes256-sha256-modp2048}), limited to what an IKEv1 gateway should offer
 * today. Rejects what is broken rather than merely old: DES/3DES (64-bit blocks), MD5,
 * and Diffie-Hellman groups below 2048 bits (RFC 8247 section 2.4 lists them as MUST NOT
 * or SHOULD NOT; the same reasoning holds for IKEv1).
 *
 * <ul>
 *   <li>IKE: one cipher (AES-CBC; IKEv1 defines no AEAD for phase 1), one or more
 *       integrity algorithms, an optional PRF, exactly one DH group (RFC 2409, RFC 3526,
 *       RFC 5903 groups).</li>
 *   <li>ESP: one cipher; AES-GCM (RFC 4106) carries its own integrity, AES-CBC needs an
 *       integrity algorithm; an optional DH group for perfect forward secrecy.</li>
 * </ul>
 */
public final class ProposalSyntax {
    static final String DEFAULT_IKE = "aes256-sha256-modp2048";
    static final String DEFAULT_ESP = "aes256-sha256-modp2048";

    private static final Set<String> CBC = Set.of("aes128", "aes192", "aes256");
    private static final Set<String> GCM = Set.of(
            "aes128gcm8", "aes128gcm12", "aes128gcm16", "aes192gcm8", "aes192gcm12", "aes192gcm16",
            "aes256gcm8", "aes256gcm12", "aes256gcm16");
    private static final Set<String> INTEGRITY = Set.of("sha1", "sha256", "sha384", "sha512");
    private static final Set<String> PRF = Set.of("prfsha1", "prfsha256", "prfsha384", "prfsha512");
    private static final Set<String> DH = Set.of(
            "modp2048", "modp3072", "modp4096", "modp6144", "modp8192", "ecp256", "ecp384", "ecp521");
    private static final Set<String> BROKEN = Set.of("des", "3des", "md5", "modp768", "modp1024", "modp1536", "null");

    private ProposalSyntax() {
    }

    /** Splits a comma-separated list; blank gives the default. */
    static List<String> split(String text, String defaultProposal) {
        if (text == null || text.isBlank()) {
            return List.of(defaultProposal);
        }
        List<String> result = new ArrayList<>();
        for (String part : text.split(",")) {
            if (!part.isBlank()) {
                result.add(part.trim().toLowerCase(java.util.Locale.ROOT));
            }
        }
        return result;
    }

    /** @return empty when valid, else why not */
    static Optional<String> checkIke(String proposal) {
        return check(proposal, false);
    }

    /** @return empty when valid, else why not */
    static Optional<String> checkEsp(String proposal) {
        return check(proposal, true);
    }

    private static Optional<String> check(String proposal, boolean esp) {
        if (!proposal.matches("[a-z0-9]+(-[a-z0-9]+)*")) {
            return Optional.of("'" + proposal + "' is not a proposal like aes256-sha256-modp2048");
        }
        int ciphers = 0;
        int integrity = 0;
        int dh = 0;
        boolean aead = false;
        for (String token : proposal.split("-")) {
            if (BROKEN.contains(token)) {
                return Optional.of("'" + token + "' is too weak; use aes128/aes256, sha256 and modp2048 or ecp256 and up");
            } else if (CBC.contains(token)) {
                ciphers++;
            } else if (GCM.contains(token)) {
                if (!esp) {
                    return Optional.of("'" + token + "': IKEv1 has no AEAD ciphers for phase 1; use aes256-sha256-modp2048");
                }
                ciphers++;
                aead = true;
            } else if (INTEGRITY.contains(token)) {
                integrity++;
            } else if (PRF.contains(token)) {
                if (esp) {
                    return Optional.of("'" + token + "': a PRF belongs to IKE proposals, not ESP");
                }
            } else if (DH.contains(token)) {
                dh++;
            } else {
                return Optional.of("unknown algorithm '" + token + "' in '" + proposal + "'");
            }
        }
        if (ciphers != 1) {
            return Optional.of("'" + proposal + "' needs exactly one cipher (e.g. aes256)");
        }
        if (aead && integrity > 0) {
            return Optional.of("'" + proposal + "': AES-GCM provides integrity itself; drop the integrity algorithm");
        }
        if (!aead && integrity == 0) {
            return Optional.of("'" + proposal + "' needs an integrity algorithm (e.g. sha256)");
        }
        if (!esp && dh != 1) {
            return Optional.of("'" + proposal + "' needs exactly one Diffie-Hellman group (e.g. modp2048)");
        }
        if (esp && dh > 1) {
            return Optional.of("'" + proposal + "' has more than one Diffie-Hellman group");
        }
        return Optional.empty();
    }
}
