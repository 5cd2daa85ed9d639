package io.gatewise.agent.crypto;

import java.nio.ByteBuffer;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.EnumMap;
import java.util.Map;

/**
 * A deterministic {@link RandomSource} for tests (the role of strongSwan's mock_nonce_gen
 * and mock_dh): queued nonces and DH private values are handed out first, then values
 * derived from a seed with SHA-256, so two runs with the same seed produce the same
 * exchange byte for byte. Never use outside tests.
 */
public final class FixedRandomSource implements RandomSource {

    private final byte[] seed;
    private long counter;
    private final Deque<byte[]> nonces = new ArrayDeque<>();
    private final Map<DhGroup, Deque<byte[]>> privateValues = new EnumMap<>(DhGroup.class);

    public FixedRandomSource(long seed) {
        this.seed = ByteBuffer.allocate(8).putLong(seed).array();
    }

    /** Queues nonces, returned in order by {@link #nonce(int)} (their own length wins). */
    public FixedRandomSource withNonces(byte[]... values) {
        for (byte[] v : values) {
            nonces.add(v.clone());
        }
        return this;
    }

    /** Queues DH private values for a group, used in order by {@link #newKeyPair(DhGroup)}. */
    public FixedRandomSource withPrivateValues(DhGroup group, byte[]... values) {
        Deque<byte[]> queue = privateValues.computeIfAbsent(group, g -> new ArrayDeque<>());
        for (byte[] v : values) {
            queue.add(v.clone());
        }
        return this;
    }

    @Override
    public byte[] randomBytes(int length) {
        byte[] out = new byte[length];
        int filled = 0;
        while (filled < length) {
            byte[] block = HashAlgorithm.SHA2_256.hash(seed, ByteBuffer.allocate(8).putLong(counter++).array());
            int n = Math.min(block.length, length - filled);
            System.arraycopy(block, 0, out, filled, n);
            filled += n;
        }
        return out;
    }

    @Override
    public byte[] nonce(int length) {
        byte[] queued = nonces.poll();
        return queued != null ? queued : randomBytes(length);
    }

    @Override
    public DhKeyPair newKeyPair(DhGroup group) {
        Deque<byte[]> queue = privateValues.get(group);
        if (queue != null && !queue.isEmpty()) {
            return group.keyPair(queue.poll());
        }
        int length = group.isEcp() ? group.sharedSecretLength() : 40;
        while (true) {
            try {
                return group.keyPair(randomBytes(length));
            } catch (IllegalArgumentException outOfRange) {
                // ECP scalar >= n (probability about 2^-32 for P-256): draw again
            }
        }
    }
}
