package io.gatewise.agent.ipsec;

/**
 * The receiver's anti-replay window (RFC 4303 section 3.4.3) kept as the ring of 64-bit
 * blocks described in RFC 6479: sliding the window forward clears whole blocks instead of
 * shifting a bitmap, so a jump costs at most one pass over the ring.
 *
 * <p>With extended sequence numbers only the low 32 bits are on the wire; {@link #infer}
 * rebuilds the full 64-bit number from the window position (RFC 4303 Appendix A2.2).
 *
 * <p>Usage per packet: {@link #infer} and {@link #check} before the (expensive) ICV check,
 * {@link #checkAndUpdate} only after the ICV verified, so forged packets never move the
 * window. Thread-safe.
 */
public final class ReplayWindow {
    /** The window IKE should ask for unless configured otherwise. */
    public static final int DEFAULT_SIZE = 1024;
    private static final int BLOCK_BITS = 64;

    private final int windowSize;
    private final long[] ring;
    private final int blockMask;
    private final boolean esn;
    /** Highest sequence number accepted so far (full 64 bits), 0 before the first packet. */
    private long top;

    /**
     * @param windowSize packets; 0 disables replay checks (the ESN inference still works)
     */
    public ReplayWindow(int windowSize, boolean extendedSequenceNumbers) {
        if (windowSize < 0) {
            throw new IllegalArgumentException("negative window");
        }
        this.windowSize = windowSize;
        this.esn = extendedSequenceNumbers;
        // One spare block so the window never shares a block with the bits being cleared.
        int blocks = Integer.highestOneBit(Math.max(1, (windowSize + BLOCK_BITS - 1) / BLOCK_BITS)) * 2;
        if (blocks * BLOCK_BITS < windowSize + BLOCK_BITS) {
            blocks *= 2;
        }
        this.ring = new long[blocks];
        this.blockMask = blocks - 1;
    }

    public int windowSize() {
        return windowSize;
    }

    /** The full sequence number for the low 32 bits seen on the wire. */
    public synchronized long infer(int wireSeq) {
        long low = wireSeq & 0xffffffffL;
        if (!esn) {
            return low;
        }
        long topLow = top & 0xffffffffL;
        long topHigh = top >>> 32;
        long w = Math.max(windowSize, 1);
        if (topLow >= w - 1) {
            // Window within one 2^32 subspace (Appendix A2.2 case A).
            return (low >= topLow - w + 1 ? topHigh : topHigh + 1) << 32 | low;
        }
        // Window spans two subspaces (case B).
        long bottom = (topLow - w + 1) & 0xffffffffL;
        if (low >= bottom && topHigh > 0) {
            return (topHigh - 1) << 32 | low;
        }
        return topHigh << 32 | low;
    }

    /** True if {@code seq} is new and inside (or ahead of) the window. Does not change state. */
    public synchronized boolean check(long seq) {
        if (seq == 0 && !esn) {
            return false; // the first packet carries 1 (RFC 4303 section 3.3.3)
        }
        if (windowSize == 0 || seq > top) {
            return true;
        }
        if (seq + windowSize <= top) {
            return false;
        }
        return (ring[blockIndex(seq)] & bit(seq)) == 0;
    }

    /** Marks {@code seq} as received if {@link #check} allows it; returns whether it did. */
    public synchronized boolean checkAndUpdate(long seq) {
        if (!check(seq)) {
            return false;
        }
        if (seq > top) {
            long oldBlock = top / BLOCK_BITS;
            long newBlock = seq / BLOCK_BITS;
            long clear = Math.min(newBlock - oldBlock, ring.length);
            for (long i = 1; i <= clear; i++) {
                ring[(int) ((oldBlock + i) & blockMask)] = 0;
            }
            top = seq;
        }
        if (windowSize != 0) {
            ring[blockIndex(seq)] |= bit(seq);
        }
        return true;
    }

    /** Highest sequence number accepted so far. */
    public synchronized long highest() {
        return top;
    }

    private int blockIndex(long seq) {
        return (int) ((seq / BLOCK_BITS) & blockMask);
    }

    private static long bit(long seq) {
        return 1L << (seq & (BLOCK_BITS - 1));
    }
}
