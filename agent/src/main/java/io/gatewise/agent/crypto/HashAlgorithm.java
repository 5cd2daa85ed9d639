package io.gatewise.agent.crypto;

import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Optional;

/**
 * Hash functions negotiated for IKE. In IKEv1 the Phase 1 "Hash Algorithm" attribute
 * (RFC 2409 Appendix A, class 2; SHA2 values from RFC 4868 section 4) selects both the
 * plain hash, used for the Phase 1 and Phase 2 IVs (RFC 2409 Appendix B), and, through
 * its HMAC, the PRF (RFC 2409 section 4, RFC 4109 for SHA2).
 */
public enum HashAlgorithm implements Algorithm {
    /** Legacy (RFC 1321): collisions are practical. */
    MD5(1, "MD5", "MD5", 16, true),
    SHA1(2, "SHA1", "SHA-1", 20, false),
    SHA2_256(4, "SHA2-256", "SHA-256", 32, false),
    SHA2_384(5, "SHA2-384", "SHA-384", 48, false),
    SHA2_512(6, "SHA2-512", "SHA-512", 64, false);

    private final int ikev1Id;
    private final String plainName;
    private final String jcaName;
    private final int outputLength;
    private final boolean weak;
    /** One digest per thread: {@code MessageDigest.getInstance} is a provider lookup per call. */
    private final ThreadLocal<MessageDigest> digests;

    HashAlgorithm(int ikev1Id, String plainName, String jcaName, int outputLength, boolean weak) {
        this.ikev1Id = ikev1Id;
        this.plainName = plainName;
        this.jcaName = jcaName;
        this.outputLength = outputLength;
        this.weak = weak;
        this.digests = ThreadLocal.withInitial(this::newDigest);
    }

    /** The IKEv1 Phase 1 "Hash Algorithm" attribute value (1 MD5, 2 SHA, 4..6 SHA2). */
    public int ikev1Id() {
        return ikev1Id;
    }

    /** Digest length in bytes. */
    public int outputLength() {
        return outputLength;
    }

    /** The JCA MessageDigest name. */
    public String jcaName() {
        return jcaName;
    }

    @Override
    public String plainName() {
        return plainName;
    }

    @Override
    public boolean isWeak() {
        return weak;
    }

    /** The HMAC of this hash, which is the IKEv1 PRF when no PRF attribute is negotiated. */
    public PrfAlgorithm hmac() {
        return PrfAlgorithm.forHash(this);
    }

    /** hash(part1 | part2 | ...). */
    public byte[] hash(byte[]... parts) {
        MessageDigest digest = digests.get();
        digest.reset();                 // in case an earlier use on this thread threw half-way
        for (byte[] part : parts) {
            if (part != null) {
                digest.update(part);
            }
        }
        return digest.digest();
    }

    MessageDigest newDigest() {
        try {
            return MessageDigest.getInstance(jcaName);
        } catch (NoSuchAlgorithmException e) {
            // Every JDK must provide these digests (Java SE "Standard Algorithm Names").
            throw new IllegalStateException("JDK lacks " + jcaName, e);
        }
    }

    /** The hash for an IKEv1 "Hash Algorithm" attribute value, if we support it. */
    public static Optional<HashAlgorithm> fromIkev1Id(int id) {
        for (HashAlgorithm h : values()) {
            if (h.ikev1Id == id) {
                return Optional.of(h);
            }
        }
        return Optional.empty();
    }
}
