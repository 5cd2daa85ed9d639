package io.gatewise.agent.ike.keymat;

import io.gatewise.agent.crypto.Bytes;
import io.gatewise.agent.crypto.HashAlgorithm;
import io.gatewise.agent.crypto.IkeCipher;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * The CBC IVs of one ISAKMP SA, per message id (RFC 2409 Appendix B):
 *
 * <pre>
 *  Phase 1 (message id 0), first encrypted message:  IV = hash(g^xi | g^xr)
 *  every later message of the same exchange:         IV = last ciphertext block of the
 *                                                         previous message
 *  first message of a Phase 2 / Informational
 *  exchange with message id M-ID:                    IV = hash(last Phase 1 block | M-ID)
 * </pre>
 *
 * "hash" is the negotiated Phase 1 hash itself, not its HMAC, truncated to the cipher's
 * block size. "last Phase 1 block" is the last ciphertext block of the final Phase 1
 * message (or the initial IV if no Phase 1 message was encrypted).
 *
 * <p>Usage, for every encrypted message sent or received:
 * <pre>
 *  byte[] iv = ivs.iv(messageId);              // then encrypt or decrypt with it
 *  ivs.update(messageId, ciphertext);          // only once the message is accepted
 * </pre>
 * Updating only after a received message is authenticated keeps a forged or garbled
 * datagram from desynchronising the chain. Retransmissions are answered from a stored
 * datagram without touching the chain.
 *
 * <p>Memory is bounded: at most {@code maxExchanges} Phase 2 / Informational message ids
 * are remembered, least recently used first out (strongSwan keeps a few as well). Merely
 * asking for an IV stores nothing, so datagrams with invented message ids cannot fill the
 * table. Not thread-safe: one IKE SA is driven by one thread at a time.
 */
public final class IvManager {

    /** Concurrent Quick Mode / Informational exchanges remembered per ISAKMP SA. */
    public static final int DEFAULT_MAX_EXCHANGES = 8;

    private final HashAlgorithm hash;
    private final int blockSize;
    private final int maxExchanges;
    /** Message id 0: the next IV of the Phase 1 chain, i.e. its last block. */
    private byte[] phase1Iv;
    private final Map<Integer, byte[]> lastBlocks;

    public IvManager(HashAlgorithm hash, IkeCipher cipher, byte[] gxi, byte[] gxr) {
        this(hash, cipher, gxi, gxr, DEFAULT_MAX_EXCHANGES);
    }

    /**
     * @param hash         the negotiated Phase 1 hash
     * @param cipher       the negotiated Phase 1 cipher (gives the block size)
     * @param gxi          the initiator's DH public value, as in its KE payload
     * @param gxr          the responder's DH public value
     * @param maxExchanges bound on remembered non-zero message ids, at least 1
     */
    public IvManager(HashAlgorithm hash, IkeCipher cipher, byte[] gxi, byte[] gxr, int maxExchanges) {
        if (maxExchanges < 1) {
            throw new IllegalArgumentException("maxExchanges must be positive");
        }
        this.hash = Objects.requireNonNull(hash, "hash");
        this.blockSize = cipher.blockSize();
        this.maxExchanges = maxExchanges;
        this.phase1Iv = initialPhase1Iv(hash, blockSize, gxi, gxr);
        this.lastBlocks = new LinkedHashMap<>(16, 0.75f, true) {
            private static final long serialVersionUID = 1L;

            @Override
            protected boolean removeEldestEntry(Map.Entry<Integer, byte[]> eldest) {
                return size() > IvManager.this.maxExchanges;
            }
        };
    }

    /** hash(g^xi | g^xr) truncated to the block size (RFC 2409 Appendix B). */
    public static byte[] initialPhase1Iv(HashAlgorithm hash, int blockSize, byte[] gxi, byte[] gxr) {
        return Bytes.slice(hash.hash(gxi, gxr), 0, blockSize);
    }

    /** hash(last Phase 1 block | M-ID) truncated to the block size (RFC 2409 Appendix B). */
    public static byte[] phase2Iv(HashAlgorithm hash, int blockSize, byte[] lastPhase1Block, int messageId) {
        return Bytes.slice(hash.hash(lastPhase1Block, Bytes.uint32(messageId)), 0, blockSize);
    }

    /** The IV for the next message (sent or received) with this message id; a copy. */
    public byte[] iv(int messageId) {
        if (messageId == 0) {
            return phase1Iv.clone();
        }
        byte[] last = lastBlocks.get(messageId);
        return last != null ? last.clone() : phase2Iv(hash, blockSize, phase1Iv, messageId);
    }

    /**
     * Records the last ciphertext block of a message with this message id that was just
     * sent, or received and accepted. For message id 0 this advances the Phase 1 chain and
     * thereby the base of every Phase 2 IV derived afterwards.
     *
     * @param ciphertext the encrypted part of the message (everything after the ISAKMP header)
     */
    public void update(int messageId, byte[] ciphertext) {
        if (ciphertext.length < blockSize || ciphertext.length % blockSize != 0) {
            throw new IllegalArgumentException("ciphertext of " + ciphertext.length
                    + " bytes is not a whole number of " + blockSize + "-byte blocks");
        }
        byte[] last = Bytes.slice(ciphertext, ciphertext.length - blockSize, blockSize);
        if (messageId == 0) {
            phase1Iv = last;
        } else {
            lastBlocks.put(messageId, last);
        }
    }

    /** Forgets a finished Phase 2 / Informational exchange. */
    public void remove(int messageId) {
        lastBlocks.remove(messageId);
    }

    /** How many non-zero message ids are remembered. */
    public int trackedExchanges() {
        return lastBlocks.size();
    }

    public int blockSize() {
        return blockSize;
    }

    @Override
    public String toString() {
        return "IvManager[" + hash.plainName() + ", block " + blockSize + ", " + lastBlocks.size() + " exchanges]";
    }
}
