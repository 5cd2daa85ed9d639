package io.gatewise.agent.ike.proposal;

import io.gatewise.agent.crypto.DhGroup;
import io.gatewise.agent.crypto.HashAlgorithm;
import io.gatewise.agent.crypto.IkeCipher;
import io.gatewise.agent.ipsec.EncryptionAlgorithm;
import io.gatewise.agent.ipsec.IntegrityAlgorithm;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Parses strongSwan's proposal syntax (swanctl.conf {@code proposals} and
 * {@code esp_proposals}) into typed proposals.
 *
 * <pre>
 *  list      = proposal *( "," proposal )
 *  proposal  = token *( "-" token )          tokens in any order, case-insensitive
 *  IKE:  cipher  aes128 aes192 aes256 aes(=aes128) 3des des
 *        hash    md5 sha1 sha(=sha1) sha256 sha384 sha512 (also sha2_256 ...)
 *        prf     prfsha1 ... (IKEv1: must be the HMAC of the hash, so redundant)
 *        group   modp768 modp1024 modp1536 modp2048 modp3072 modp4096 ecp256 ecp384
 *  ESP:  cipher  aes128 aes192 aes256 aes 3des null aes128gcm16 aes256gcm16 (gcm128 = gcm16)
 *        integ   md5 sha1 sha256 sha384 sha512 (HMAC, truncated as RFC 2404/4868 say)
 *        group   as above: the PFS group for the Quick Mode KE
 *        esn     esn noesn
 * </pre>
 *
 * As in strongSwan, a proposal naming several algorithms of one kind stands for all their
 * combinations: {@code aes128-aes256-sha1-modp2048} gives AES-128/SHA1/MODP-2048 then
 * AES-256/SHA1/MODP-2048 (cipher varies slowest, then hash/integrity, then group, then
 * ESN). Duplicates are dropped, the order is kept. Errors name the offending token.
 */
public final class ProposalParser {

    private static final Map<String, IkeCipher> IKE_CIPHERS = new LinkedHashMap<>();
    private static final Map<String, HashAlgorithm> HASHES = new LinkedHashMap<>();
    private static final Map<String, HashAlgorithm> PRFS = new LinkedHashMap<>();
    private static final Map<String, DhGroup> GROUPS = new LinkedHashMap<>();
    private static final Map<String, EncryptionAlgorithm> ESP_CIPHERS = new LinkedHashMap<>();
    private static final Map<String, IntegrityAlgorithm> INTEGRITY = new LinkedHashMap<>();
    /** Tokens strongSwan knows that Gatewise deliberately does not support, with the reason. */
    private static final Map<String, String> UNSUPPORTED = new LinkedHashMap<>();

    static {
        // the first token of each algorithm is its canonical spelling (see token(...))
        IKE_CIPHERS.put("aes128", IkeCipher.AES_CBC_128);
        IKE_CIPHERS.put("aes192", IkeCipher.AES_CBC_192);
        IKE_CIPHERS.put("aes256", IkeCipher.AES_CBC_256);
        IKE_CIPHERS.put("aes", IkeCipher.AES_CBC_128);
        IKE_CIPHERS.put("3des", IkeCipher.TRIPLE_DES_CBC);
        IKE_CIPHERS.put("des", IkeCipher.DES_CBC);

        HASHES.put("md5", HashAlgorithm.MD5);
        HASHES.put("sha1", HashAlgorithm.SHA1);
        HASHES.put("sha256", HashAlgorithm.SHA2_256);
        HASHES.put("sha384", HashAlgorithm.SHA2_384);
        HASHES.put("sha512", HashAlgorithm.SHA2_512);
        HASHES.put("sha", HashAlgorithm.SHA1);
        HASHES.put("sha2_256", HashAlgorithm.SHA2_256);
        HASHES.put("sha2_384", HashAlgorithm.SHA2_384);
        HASHES.put("sha2_512", HashAlgorithm.SHA2_512);
        for (Map.Entry<String, HashAlgorithm> e : HASHES.entrySet()) {
            PRFS.putIfAbsent("prf" + e.getKey(), e.getValue());
        }

        for (DhGroup g : DhGroup.values()) {
            GROUPS.put(g.plainName().toLowerCase(Locale.ROOT).replace("-", ""), g);
        }

        ESP_CIPHERS.put("aes128", EncryptionAlgorithm.AES_CBC_128);
        ESP_CIPHERS.put("aes192", EncryptionAlgorithm.AES_CBC_192);
        ESP_CIPHERS.put("aes256", EncryptionAlgorithm.AES_CBC_256);
        ESP_CIPHERS.put("aes", EncryptionAlgorithm.AES_CBC_128);
        ESP_CIPHERS.put("3des", EncryptionAlgorithm.TRIPLE_DES_CBC);
        ESP_CIPHERS.put("null", EncryptionAlgorithm.NULL);
        ESP_CIPHERS.put("aes128gcm16", EncryptionAlgorithm.AES_GCM_16_128);
        ESP_CIPHERS.put("aes256gcm16", EncryptionAlgorithm.AES_GCM_16_256);
        ESP_CIPHERS.put("aes128gcm128", EncryptionAlgorithm.AES_GCM_16_128);
        ESP_CIPHERS.put("aes256gcm128", EncryptionAlgorithm.AES_GCM_16_256);
        ESP_CIPHERS.put("aes128gcm", EncryptionAlgorithm.AES_GCM_16_128);
        ESP_CIPHERS.put("aes256gcm", EncryptionAlgorithm.AES_GCM_16_256);

        INTEGRITY.put("md5", IntegrityAlgorithm.HMAC_MD5_96);
        INTEGRITY.put("sha1", IntegrityAlgorithm.HMAC_SHA1_96);
        INTEGRITY.put("sha256", IntegrityAlgorithm.HMAC_SHA2_256_128);
        INTEGRITY.put("sha384", IntegrityAlgorithm.HMAC_SHA2_384_192);
        INTEGRITY.put("sha512", IntegrityAlgorithm.HMAC_SHA2_512_256);
        INTEGRITY.put("sha", IntegrityAlgorithm.HMAC_SHA1_96);
        INTEGRITY.put("sha2_256", IntegrityAlgorithm.HMAC_SHA2_256_128);
        INTEGRITY.put("sha2_384", IntegrityAlgorithm.HMAC_SHA2_384_192);
        INTEGRITY.put("sha2_512", IntegrityAlgorithm.HMAC_SHA2_512_256);

        String gcm = "only AES-GCM with 128- or 256-bit keys and a 16-byte ICV is supported (aes128gcm16, aes256gcm16)";
        for (String t : List.of("aes192gcm16", "aes192gcm128", "aes192gcm", "aes128gcm8", "aes128gcm12",
                "aes256gcm8", "aes256gcm12", "aes128gcm64", "aes128gcm96", "aes256gcm64", "aes256gcm96")) {
            UNSUPPORTED.put(t, gcm);
        }
        for (String t : List.of("modp6144", "modp8192", "modp1024s160", "modp2048s224", "modp2048s256", "ecp192",
                "ecp224", "ecp521", "ecp224bp", "ecp256bp", "ecp384bp", "ecp512bp", "curve25519", "x25519",
                "curve448", "x448")) {
            UNSUPPORTED.put(t, "DH group not supported; use modp2048, modp3072, modp4096, ecp256 or ecp384");
        }
        for (String t : List.of("sha256_96", "aesxcbc", "aescmac", "sha1_160", "md5_128")) {
            UNSUPPORTED.put(t, "integrity algorithm not supported; use sha1, sha256, sha384 or sha512");
        }
        for (String t : List.of("chacha20poly1305", "blowfish", "cast128", "camellia", "camellia128", "camellia192",
                "camellia256", "twofish", "serpent", "aes128ctr", "aes192ctr", "aes256ctr", "aes128ccm16",
                "aes256ccm16")) {
            UNSUPPORTED.put(t, "cipher not supported; use aes128, aes256 (or aes128gcm16, aes256gcm16 for ESP)");
        }
    }

    private ProposalParser() {
    }

    /**
     * Parses IKE (Phase 1) proposals, e.g. {@code "aes128-sha1-modp2048, aes256-sha256-ecp256"}.
     *
     * @throws ProposalSyntaxException naming the first bad or missing token
     */
    public static List<IkeProposal> parseIke(String text) {
        LinkedHashSet<IkeProposal> out = new LinkedHashSet<>();
        for (String item : items(text, "IKE")) {
            List<IkeCipher> ciphers = new ArrayList<>();
            List<HashAlgorithm> hashes = new ArrayList<>();
            List<HashAlgorithm> prfs = new ArrayList<>();
            List<DhGroup> groups = new ArrayList<>();
            for (String token : tokens(item, "IKE")) {
                if (IKE_CIPHERS.containsKey(token)) {
                    addOnce(ciphers, IKE_CIPHERS.get(token));
                } else if (HASHES.containsKey(token)) {
                    addOnce(hashes, HASHES.get(token));
                } else if (PRFS.containsKey(token)) {
                    addOnce(prfs, PRFS.get(token));
                } else if (GROUPS.containsKey(token)) {
                    addOnce(groups, GROUPS.get(token));
                } else if (ESP_CIPHERS.containsKey(token) && ESP_CIPHERS.get(token).isAead()) {
                    throw error(item, token, "IKE", "IKEv1 protects its own messages with CBC ciphers only;"
                            + " AES-GCM is for ESP proposals");
                } else if (token.equals("esn") || token.equals("noesn") || token.equals("null")) {
                    throw error(item, token, "IKE", "belongs in ESP proposals");
                } else {
                    throw unknown(item, token, "IKE");
                }
            }
            require(item, "IKE", ciphers, "encryption algorithm (e.g. aes128)");
            require(item, "IKE", hashes, "hash algorithm (e.g. sha256)");
            require(item, "IKE", groups, "DH group (e.g. modp2048)");
            for (HashAlgorithm prf : prfs) {
                if (!hashes.contains(prf)) {
                    throw new ProposalSyntaxException("IKE proposal \"" + item + "\": IKEv1 uses the HMAC of the hash "
                            + "as PRF, so prf" + token(prf) + " needs the hash " + token(prf), item, "prf" + token(prf));
                }
            }
            for (IkeCipher c : ciphers) {
                for (HashAlgorithm h : hashes) {
                    for (DhGroup g : groups) {
                        out.add(new IkeProposal(c, h, g));
                    }
                }
            }
        }
        return List.copyOf(out);
    }

    /**
     * Parses ESP (Quick Mode) proposals, e.g. {@code "aes128gcm16-ecp256, aes128-sha256-modp2048"}.
     * A DH group makes it a PFS proposal.
     *
     * @throws ProposalSyntaxException naming the first bad or missing token
     */
    public static List<EspProposal> parseEsp(String text) {
        LinkedHashSet<EspProposal> out = new LinkedHashSet<>();
        for (String item : items(text, "ESP")) {
            List<EncryptionAlgorithm> ciphers = new ArrayList<>();
            List<IntegrityAlgorithm> integrity = new ArrayList<>();
            List<DhGroup> groups = new ArrayList<>();
            List<Boolean> esn = new ArrayList<>();
            for (String token : tokens(item, "ESP")) {
                if (ESP_CIPHERS.containsKey(token)) {
                    addOnce(ciphers, ESP_CIPHERS.get(token));
                } else if (INTEGRITY.containsKey(token)) {
                    addOnce(integrity, INTEGRITY.get(token));
                } else if (GROUPS.containsKey(token)) {
                    addOnce(groups, GROUPS.get(token));
                } else if (token.equals("esn") || token.equals("noesn")) {
                    addOnce(esn, token.equals("esn"));
                } else if (token.equals("des")) {
                    throw error(item, token, "ESP", "single DES is not offered for ESP; use aes128 or aes256");
                } else if (PRFS.containsKey(token)) {
                    throw error(item, token, "ESP", "a PRF belongs in IKE proposals");
                } else {
                    throw unknown(item, token, "ESP");
                }
            }
            require(item, "ESP", ciphers, "encryption algorithm (e.g. aes128 or aes128gcm16)");
            boolean anyAead = ciphers.stream().anyMatch(EncryptionAlgorithm::isAead);
            boolean anyClassic = ciphers.stream().anyMatch(c -> !c.isAead());
            if (anyAead && anyClassic) {
                throw new ProposalSyntaxException("ESP proposal \"" + item + "\" mixes AES-GCM with non-AEAD ciphers;"
                        + " put them in separate proposals", item, null);
            }
            if (anyAead && !integrity.isEmpty()) {
                throw new ProposalSyntaxException("ESP proposal \"" + item + "\": AES-GCM already authenticates, remove "
                        + token(integrity.get(0)), item, token(integrity.get(0)));
            }
            if (anyClassic) {
                require(item, "ESP", integrity, "integrity algorithm (e.g. sha256); only AES-GCM needs none");
            }
            List<IntegrityAlgorithm> integrityOrNone = integrity.isEmpty() ? singletonNull() : integrity;
            List<DhGroup> groupsOrNone = groups.isEmpty() ? singletonNull() : groups;
            if (esn.isEmpty()) {
                esn.add(false);
            }
            for (EncryptionAlgorithm c : ciphers) {
                for (IntegrityAlgorithm i : integrityOrNone) {
                    for (DhGroup g : groupsOrNone) {
                        for (boolean e : esn) {
                            out.add(new EspProposal(c, i, g, e));
                        }
                    }
                }
            }
        }
        return List.copyOf(out);
    }

    private static <T> List<T> singletonNull() {
        List<T> list = new ArrayList<>(1);
        list.add(null);
        return list;
    }

    private static List<String> items(String text, String kind) {
        if (text == null || text.isBlank()) {
            throw new ProposalSyntaxException(kind + " proposal list is empty", "", null);
        }
        List<String> items = new ArrayList<>();
        for (String raw : text.split(",", -1)) {
            String item = raw.strip().toLowerCase(Locale.ROOT);
            if (item.isEmpty()) {
                throw new ProposalSyntaxException("empty " + kind + " proposal in \"" + text.strip() + "\"", "", null);
            }
            items.add(item);
        }
        return items;
    }

    private static List<String> tokens(String item, String kind) {
        List<String> tokens = new ArrayList<>();
        for (String token : item.split("-", -1)) {
            if (token.isEmpty()) {
                throw new ProposalSyntaxException("empty algorithm in " + kind + " proposal \"" + item + "\"", item, "");
            }
            tokens.add(token);
        }
        return tokens;
    }

    private static <T> void addOnce(List<T> list, T value) {
        if (!list.contains(value)) {
            list.add(value);
        }
    }

    private static void require(String item, String kind, List<?> found, String what) {
        if (found.isEmpty()) {
            throw new ProposalSyntaxException(kind + " proposal \"" + item + "\" has no " + what, item, null);
        }
    }

    private static ProposalSyntaxException unknown(String item, String token, String kind) {
        String reason = UNSUPPORTED.get(token);
        if (reason != null) {
            return error(item, token, kind, reason);
        }
        return new ProposalSyntaxException("unknown algorithm \"" + token + "\" in " + kind + " proposal \"" + item
                + "\"", item, token);
    }

    private static ProposalSyntaxException error(String item, String token, String kind, String reason) {
        return new ProposalSyntaxException("\"" + token + "\" in " + kind + " proposal \"" + item + "\": " + reason,
                item, token);
    }

    // ---- canonical tokens, for toStrongswan() -------------------------------------

    static String token(IkeCipher cipher) {
        return firstKey(IKE_CIPHERS, cipher);
    }

    static String token(HashAlgorithm hash) {
        return firstKey(HASHES, hash);
    }

    static String token(DhGroup group) {
        return firstKey(GROUPS, group);
    }

    static String token(EncryptionAlgorithm cipher) {
        return firstKey(ESP_CIPHERS, cipher);
    }

    static String token(IntegrityAlgorithm integrity) {
        return firstKey(INTEGRITY, integrity);
    }

    private static <T> String firstKey(Map<String, T> map, T value) {
        for (Map.Entry<String, T> e : map.entrySet()) {
            if (e.getValue() == value) {
                return e.getKey();
            }
        }
        throw new IllegalStateException("no token for " + value);
    }
}
