package io.gatewise.agent.config;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;

/**
 * One proposal in strongSwan's syntax ({@code aes128-sha1-modp2048}), split into its
 * algorithm kinds, with strongSwan's aliases resolved to one canonical keyword each
 * ({@code sha} and {@code sha1} are both {@code sha1}; {@code aes} is {@code aes128};
 * {@code aes128gcm} is {@code aes128gcm16}; {@code x25519} is {@code curve25519}).
 *
 * <p>A proposal may name several algorithms of one kind; in IKEv1 each combination
 * becomes one transform (RFC 2409 section 5). This class only knows the names; which of
 * them the IKE engine implements is the engine's business (it rejects the rest when the
 * config is applied).
 *
 * @param text       the proposal as written
 * @param encryption canonical encryption keywords (AEAD ones included)
 * @param integrity  canonical integrity keywords
 * @param prf        canonical PRF keywords (IKEv2 only; IKEv1 derives its PRF from the hash)
 * @param dhGroups   canonical Diffie-Hellman group keywords; in ESP/AH proposals these are
 *                   the PFS groups
 * @param esn        {@code esn}/{@code noesn} keywords, ESP/AH only
 */
public record Proposal(String text, List<String> encryption, List<String> integrity, List<String> prf,
                       List<String> dhGroups, List<String> esn) {

    /** What a proposal is for; the rules of what it must contain differ. */
    public enum Use {
        /** IKEv1 Phase 1 (ISAKMP SA): encryption, hash and DH group are all mandatory. */
        IKE,
        /** ESP: encryption, plus integrity unless the cipher is AEAD; DH group means PFS. */
        ESP,
        /** AH: integrity only; DH group means PFS. */
        AH
    }

    /** Kind of a keyword. */
    public enum Kind { ENCRYPTION, AEAD, INTEGRITY, PRF, DH_GROUP, ESN }

    private record Keyword(Kind kind, String canonical) {
    }

    private static final Map<String, Keyword> KEYWORDS = new TreeMap<>();

    static {
        for (String name : List.of("des", "3des", "aes128", "aes192", "aes256",
                "aes128ctr", "aes192ctr", "aes256ctr", "null")) {
            put(Kind.ENCRYPTION, name, name);
        }
        put(Kind.ENCRYPTION, "aes128", "aes");
        for (String size : List.of("128", "192", "256")) {
            for (String mode : List.of("gcm", "ccm")) {
                String base = "aes" + size + mode;
                put(Kind.AEAD, base + "8", base + "8", base + "64");
                put(Kind.AEAD, base + "12", base + "12", base + "96");
                put(Kind.AEAD, base + "16", base + "16", base + "128", base);
            }
        }
        put(Kind.AEAD, "chacha20poly1305", "chacha20poly1305");
        put(Kind.INTEGRITY, "md5", "md5");
        put(Kind.INTEGRITY, "md5_128", "md5_128");
        put(Kind.INTEGRITY, "sha1", "sha1", "sha");
        put(Kind.INTEGRITY, "sha1_160", "sha1_160");
        put(Kind.INTEGRITY, "sha256", "sha256", "sha2_256");
        put(Kind.INTEGRITY, "sha256_96", "sha256_96", "sha2_256_96");
        put(Kind.INTEGRITY, "sha384", "sha384", "sha2_384");
        put(Kind.INTEGRITY, "sha512", "sha512", "sha2_512");
        put(Kind.INTEGRITY, "aesxcbc", "aesxcbc");
        put(Kind.INTEGRITY, "aescmac", "aescmac");
        for (String prf : List.of("prfmd5", "prfsha1", "prfsha256", "prfsha384", "prfsha512",
                "prfaesxcbc", "prfaescmac")) {
            put(Kind.PRF, prf, prf);
        }
        for (String dh : List.of("modp768", "modp1024", "modp1536", "modp2048", "modp3072", "modp4096",
                "modp6144", "modp8192", "modp1024s160", "modp2048s224", "modp2048s256",
                "ecp192", "ecp224", "ecp256", "ecp384", "ecp521",
                "ecp224bp", "ecp256bp", "ecp384bp", "ecp512bp")) {
            put(Kind.DH_GROUP, dh, dh);
        }
        put(Kind.DH_GROUP, "curve25519", "curve25519", "x25519");
        put(Kind.DH_GROUP, "curve448", "curve448", "x448");
        put(Kind.ESN, "esn", "esn");
        put(Kind.ESN, "noesn", "noesn");
    }

    private static void put(Kind kind, String canonical, String... names) {
        for (String name : names) {
            KEYWORDS.put(name, new Keyword(kind, canonical));
        }
    }

    public Proposal {
        Objects.requireNonNull(text, "text");
        encryption = List.copyOf(encryption);
        integrity = List.copyOf(integrity);
        prf = List.copyOf(prf);
        dhGroups = List.copyOf(dhGroups);
        esn = List.copyOf(esn);
    }

    /** The kind of a canonical or alias keyword, or null when unknown. */
    public static Kind kindOf(String keyword) {
        Keyword k = KEYWORDS.get(keyword.toLowerCase(Locale.ROOT));
        return k == null ? null : k.kind;
    }

    /** True when the encryption keyword is an AEAD cipher (GCM, CCM, ChaCha20-Poly1305). */
    public static boolean isAead(String encryption) {
        return kindOf(encryption) == Kind.AEAD;
    }

    /**
     * Parses and checks a proposal for the given use. Throws
     * {@link IllegalArgumentException} with a plain-words reason.
     */
    public static Proposal parse(String text, Use use) {
        String t = text.trim();
        if (t.isEmpty()) {
            throw new IllegalArgumentException("is empty");
        }
        List<String> enc = new ArrayList<>();
        List<String> aead = new ArrayList<>();
        List<String> integ = new ArrayList<>();
        List<String> prfs = new ArrayList<>();
        List<String> dh = new ArrayList<>();
        List<String> esns = new ArrayList<>();
        for (String token : t.split("-", -1)) {
            Keyword k = KEYWORDS.get(token.toLowerCase(Locale.ROOT));
            if (token.isEmpty()) {
                throw new IllegalArgumentException("has an empty algorithm name (two '-' in a row?)");
            }
            if (k == null) {
                throw new IllegalArgumentException("names unknown algorithm '" + token + "'");
            }
            switch (k.kind) {
                case ENCRYPTION -> enc.add(k.canonical);
                case AEAD -> aead.add(k.canonical);
                case INTEGRITY -> integ.add(k.canonical);
                case PRF -> prfs.add(k.canonical);
                case DH_GROUP -> dh.add(k.canonical);
                case ESN -> esns.add(k.canonical);
                default -> throw new IllegalStateException(k.kind.name());
            }
        }
        switch (use) {
            case IKE -> {
                if (!aead.isEmpty()) {
                    throw new IllegalArgumentException("uses AEAD cipher " + aead.get(0)
                            + ", which IKEv1 Phase 1 does not define");
                }
                if (enc.contains("null")) {
                    throw new IllegalArgumentException("uses the null cipher, which IKE does not allow");
                }
                require(!enc.isEmpty(), "has no encryption algorithm");
                require(!integ.isEmpty(), "has no integrity/hash algorithm");
                require(!dh.isEmpty(), "has no Diffie-Hellman group (IKEv1 Phase 1 needs one)");
                require(esns.isEmpty(), "uses " + (esns.isEmpty() ? "" : esns.get(0)) + ", which only applies to ESP/AH");
            }
            case ESP -> {
                require(prfs.isEmpty(), "uses a PRF (" + (prfs.isEmpty() ? "" : prfs.get(0)) + "), which only applies to IKE");
                require(!enc.isEmpty() || !aead.isEmpty(), "has no encryption algorithm");
                if (!aead.isEmpty()) {
                    require(enc.isEmpty(), "mixes AEAD cipher " + aead.get(0) + " with non-AEAD cipher " + (enc.isEmpty() ? "" : enc.get(0)));
                    require(integ.isEmpty(), "adds integrity algorithm " + (integ.isEmpty() ? "" : integ.get(0))
                            + " to AEAD cipher " + aead.get(0) + ", which has its own");
                } else {
                    require(!integ.isEmpty(), "has no integrity algorithm");
                }
            }
            case AH -> {
                require(enc.isEmpty() && aead.isEmpty(), "names an encryption algorithm, but AH does not encrypt");
                require(prfs.isEmpty(), "uses a PRF, which only applies to IKE");
                require(!integ.isEmpty(), "has no integrity algorithm");
            }
            default -> throw new IllegalStateException(use.name());
        }
        List<String> allEncryption = new ArrayList<>(enc);
        allEncryption.addAll(aead);
        return new Proposal(t, allEncryption, integ, prfs, dh, esns);
    }

    private static void require(boolean condition, String reason) {
        if (!condition) {
            throw new IllegalArgumentException(reason);
        }
    }

    /** True when this ESP/AH proposal asks for Perfect Forward Secrecy. */
    public boolean hasPfs() {
        return !dhGroups.isEmpty();
    }

    @Override
    public String toString() {
        return text;
    }
}
