package io.gatewise.agent.crypto;

import java.security.InvalidKeyException;
import java.security.NoSuchAlgorithmException;
import java.util.Optional;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Pseudo-random functions: HMAC (RFC 2104) over the negotiated hash. HMAC-MD5 and
 * HMAC-SHA1 are specified by RFC 2202, HMAC-SHA2 by RFC 4231; RFC 4868 makes them the
 * IKE PRFs. IKEv1 uses the HMAC of the Phase 1 hash (RFC 2409 section 4); IKEv2
 * negotiates the PRF as transform type 2, whose ids are kept here as well.
 */
public enum PrfAlgorithm implements Algorithm {
    /** Legacy. */
    HMAC_MD5(HashAlgorithm.MD5, "HmacMD5", 1),
    HMAC_SHA1(HashAlgorithm.SHA1, "HmacSHA1", 2),
    HMAC_SHA2_256(HashAlgorithm.SHA2_256, "HmacSHA256", 5),
    HMAC_SHA2_384(HashAlgorithm.SHA2_384, "HmacSHA384", 6),
    HMAC_SHA2_512(HashAlgorithm.SHA2_512, "HmacSHA512", 7);

    /**
     * HMAC pads keys shorter than the block size with zeros (RFC 2104 section 2), so the
     * empty key and a single zero byte give the same function. The JCA refuses empty keys,
     * hence this stand-in.
     */
    private static final byte[] EMPTY_KEY_EQUIVALENT = {0};

    private final HashAlgorithm hash;
    private final String jcaName;
    private final int ikev2TransformId;
    /**
     * One Mac per thread: {@code Mac.getInstance} is a provider lookup per call, several per
     * IKE message. A Mac is not thread-safe, hence per thread; every use re-initialises it
     * with its key, so nothing of one computation carries over into the next.
     */
    private final ThreadLocal<Mac> macs;

    PrfAlgorithm(HashAlgorithm hash, String jcaName, int ikev2TransformId) {
        this.hash = hash;
        this.jcaName = jcaName;
        this.ikev2TransformId = ikev2TransformId;
        this.macs = ThreadLocal.withInitial(() -> {
            try {
                return Mac.getInstance(jcaName);
            } catch (NoSuchAlgorithmException e) {
                // the JDK ships these MACs (Java SE "Standard Algorithm Names")
                throw new IllegalStateException(jcaName + " unavailable", e);
            }
        });
    }

    /** The underlying hash. */
    public HashAlgorithm hash() {
        return hash;
    }

    /** Output length in bytes (the digest length). */
    public int outputLength() {
        return hash.outputLength();
    }

    /** IKEv2 transform type 2 id (RFC 7296 section 3.3.2, RFC 4868). */
    public int ikev2TransformId() {
        return ikev2TransformId;
    }

    /** "HMAC-SHA1" style. */
    @Override
    public String plainName() {
        return "HMAC-" + hash.plainName();
    }

    @Override
    public boolean isWeak() {
        return hash.isWeak();
    }

    /** prf(key, data1 | data2 | ...); {@code null} data parts count as empty. */
    public byte[] prf(byte[] key, byte[]... data) {
        Mac mac = newMac(key);
        for (byte[] part : data) {
            if (part != null) {
                mac.update(part);
            }
        }
        return mac.doFinal();
    }

    private Mac newMac(byte[] key) {
        try {
            Mac mac = macs.get();
            mac.init(new SecretKeySpec(key.length == 0 ? EMPTY_KEY_EQUIVALENT : key, jcaName));
            return mac;
        } catch (InvalidKeyException e) {
            // HMAC accepts keys of any length
            throw new IllegalStateException(jcaName + " refused a key", e);
        }
    }

    /** The HMAC over the given hash. */
    public static PrfAlgorithm forHash(HashAlgorithm hash) {
        for (PrfAlgorithm p : values()) {
            if (p.hash == hash) {
                return p;
            }
        }
        throw new IllegalArgumentException("no HMAC for " + hash);
    }

    /** The PRF for an IKEv2 transform id, if we support it. */
    public static Optional<PrfAlgorithm> fromIkev2TransformId(int id) {
        for (PrfAlgorithm p : values()) {
            if (p.ikev2TransformId == id) {
                return Optional.of(p);
            }
        }
        return Optional.empty();
    }
}
