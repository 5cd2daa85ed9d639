package io.gatewise.agent.ike.config;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;

import io.gatewise.agent.crypto.DhGroup;
import io.gatewise.agent.crypto.HashAlgorithm;
import io.gatewise.agent.crypto.IkeCipher;
import io.gatewise.agent.ipsec.EncryptionAlgorithm;
import io.gatewise.agent.ipsec.IntegrityAlgorithm;

/**
 * Reads proposals in strongSwan's syntax: comma-separated proposals, each a dash-separated
 * list of algorithm keywords ("aes128-sha256-modp2048, aes256-sha1-ecp256"). Several
 * keywords of one kind in a proposal mean alternatives and expand to every combination,
 * ciphers first, in the written order (what strongSwan sends as IKEv1 transforms).
 */
public final class ProposalParser {
    private ProposalParser() {
    }

    /** Phase 1 proposals; every proposal needs a cipher, a hash and a DH group. */
    public static List<IkeProposal> ike(String spec) {
        List<IkeProposal> out = new ArrayList<>();
        for (String proposal : split(spec)) {
            List<IkeCipher> ciphers = new ArrayList<>();
            List<HashAlgorithm> hashes = new ArrayList<>();
            List<DhGroup> groups = new ArrayList<>();
            for (String kw : proposal.split("-")) {
                IkeCipher c = ikeCipher(kw);
                HashAlgorithm h = hash(kw);
                DhGroup g = group(kw);
                if (c != null) {
                    ciphers.add(c);
                } else if (h != null) {
                    hashes.add(h);
                } else if (g != null) {
                    groups.add(g);
                } else if (!kw.startsWith("prf")) {      // PRF follows the hash in IKEv1
                    throw new IllegalArgumentException("unknown IKE algorithm '" + kw + "' in '" + proposal + "'");
                }
            }
            require(!ciphers.isEmpty() && !hashes.isEmpty() && !groups.isEmpty(), proposal,
                    "needs a cipher, a hash and a DH group");
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

    /** ESP proposals; a DH group keyword means PFS with that group. */
    public static List<EspProposal> esp(String spec) {
        List<EspProposal> out = new ArrayList<>();
        for (String proposal : split(spec)) {
            List<EncryptionAlgorithm> ciphers = new ArrayList<>();
            List<IntegrityAlgorithm> integs = new ArrayList<>();
            List<DhGroup> groups = new ArrayList<>();
            for (String kw : proposal.split("-")) {
                EncryptionAlgorithm c = espCipher(kw);
                IntegrityAlgorithm i = integrity(kw);
                DhGroup g = group(kw);
                if (c != null) {
                    ciphers.add(c);
                } else if (i != null) {
                    integs.add(i);
                } else if (g != null) {
                    groups.add(g);
                } else if (!kw.equals("noesn")) {
                    throw new IllegalArgumentException("unknown ESP algorithm '" + kw + "' in '" + proposal + "'");
                }
            }
            require(!ciphers.isEmpty(), proposal, "needs a cipher");
            if (groups.isEmpty()) {
                groups.add(null);
            }
            for (EncryptionAlgorithm c : ciphers) {
                List<IntegrityAlgorithm> is = c.isAead() ? Collections.singletonList((IntegrityAlgorithm) null) : integs;
                require(!is.isEmpty(), proposal, "needs an integrity algorithm for " + c);
                for (IntegrityAlgorithm i : is) {
                    for (DhGroup g : groups) {
                        out.add(new EspProposal(c, i, g));
                    }
                }
            }
        }
        return List.copyOf(out);
    }

    private static List<String> split(String spec) {
        List<String> out = new ArrayList<>();
        for (String p : spec.split(",")) {
            String t = p.strip().toLowerCase(Locale.ROOT);
            if (!t.isEmpty()) {
                out.add(t);
            }
        }
        if (out.isEmpty()) {
            throw new IllegalArgumentException("no proposal in '" + spec + "'");
        }
        return out;
    }

    private static void require(boolean ok, String proposal, String what) {
        if (!ok) {
            throw new IllegalArgumentException("proposal '" + proposal + "' " + what);
        }
    }

    private static IkeCipher ikeCipher(String kw) {
        return switch (kw) {
            case "aes", "aes128" -> IkeCipher.AES_CBC_128;
            case "aes192" -> IkeCipher.AES_CBC_192;
            case "aes256" -> IkeCipher.AES_CBC_256;
            case "3des" -> IkeCipher.TRIPLE_DES_CBC;
            case "des" -> IkeCipher.DES_CBC;
            default -> null;
        };
    }

    private static HashAlgorithm hash(String kw) {
        return switch (kw) {
            case "md5" -> HashAlgorithm.MD5;
            case "sha", "sha1" -> HashAlgorithm.SHA1;
            case "sha256", "sha2_256" -> HashAlgorithm.SHA2_256;
            case "sha384", "sha2_384" -> HashAlgorithm.SHA2_384;
            case "sha512", "sha2_512" -> HashAlgorithm.SHA2_512;
            default -> null;
        };
    }

    private static DhGroup group(String kw) {
        return switch (kw) {
            case "modp768" -> DhGroup.MODP_768;
            case "modp1024" -> DhGroup.MODP_1024;
            case "modp1536" -> DhGroup.MODP_1536;
            case "modp2048" -> DhGroup.MODP_2048;
            case "modp3072" -> DhGroup.MODP_3072;
            case "modp4096" -> DhGroup.MODP_4096;
            case "ecp256" -> DhGroup.ECP_256;
            case "ecp384" -> DhGroup.ECP_384;
            default -> null;
        };
    }

    private static EncryptionAlgorithm espCipher(String kw) {
        return switch (kw) {
            case "aes", "aes128" -> EncryptionAlgorithm.AES_CBC_128;
            case "aes192" -> EncryptionAlgorithm.AES_CBC_192;
            case "aes256" -> EncryptionAlgorithm.AES_CBC_256;
            case "3des" -> EncryptionAlgorithm.TRIPLE_DES_CBC;
            case "aes128gcm16", "aes128gcm" -> EncryptionAlgorithm.AES_GCM_16_128;
            case "aes256gcm16", "aes256gcm" -> EncryptionAlgorithm.AES_GCM_16_256;
            case "null" -> EncryptionAlgorithm.NULL;
            default -> null;
        };
    }

    private static IntegrityAlgorithm integrity(String kw) {
        return switch (kw) {
            case "md5" -> IntegrityAlgorithm.HMAC_MD5_96;
            case "sha", "sha1" -> IntegrityAlgorithm.HMAC_SHA1_96;
            case "sha256", "sha2_256" -> IntegrityAlgorithm.HMAC_SHA2_256_128;
            case "sha384", "sha2_384" -> IntegrityAlgorithm.HMAC_SHA2_384_192;
            case "sha512", "sha2_512" -> IntegrityAlgorithm.HMAC_SHA2_512_256;
            default -> null;
        };
    }
}
