package io.gatewise.agent.ipsec;

import java.util.Arrays;

/**
 * An immutable open-addressing map from SPI to SA. The SAD swaps in a new instance on
 * every change (rare) so that lookups (every packet) are lock-free and do not box the
 * key.
 */
final class SpiMap {
    static final SpiMap EMPTY = new SpiMap(new int[0], new SecurityAssociation[0]);

    private final int[] keys;
    private final SecurityAssociation[] values;
    private final int mask;

    private SpiMap(int[] spis, SecurityAssociation[] sas) {
        int capacity = Integer.highestOneBit(Math.max(4, spis.length * 4) - 1) << 1;
        keys = new int[capacity];
        values = new SecurityAssociation[capacity];
        mask = capacity - 1;
        for (int i = 0; i < spis.length; i++) {
            int slot = mix(spis[i]) & mask;
            while (values[slot] != null) {
                slot = (slot + 1) & mask;
            }
            keys[slot] = spis[i];
            values[slot] = sas[i];
        }
    }

    SecurityAssociation get(int spi) {
        int slot = mix(spi) & mask;
        SecurityAssociation v;
        while ((v = values[slot]) != null) {
            if (keys[slot] == spi) {
                return v;
            }
            slot = (slot + 1) & mask;
        }
        return null;
    }

    SpiMap with(int spi, SecurityAssociation sa) {
        int n = size();
        int[] k = new int[n + 1];
        SecurityAssociation[] v = new SecurityAssociation[n + 1];
        int j = 0;
        for (int i = 0; i < values.length; i++) {
            if (values[i] != null && keys[i] != spi) {
                k[j] = keys[i];
                v[j++] = values[i];
            }
        }
        k[j] = spi;
        v[j++] = sa;
        return new SpiMap(Arrays.copyOf(k, j), Arrays.copyOf(v, j));
    }

    SpiMap without(int spi) {
        int n = size();
        int[] k = new int[n];
        SecurityAssociation[] v = new SecurityAssociation[n];
        int j = 0;
        for (int i = 0; i < values.length; i++) {
            if (values[i] != null && keys[i] != spi) {
                k[j] = keys[i];
                v[j++] = values[i];
            }
        }
        return new SpiMap(Arrays.copyOf(k, j), Arrays.copyOf(v, j));
    }

    int size() {
        int n = 0;
        for (SecurityAssociation v : values) {
            if (v != null) {
                n++;
            }
        }
        return n;
    }

    private static int mix(int spi) {
        int h = spi * 0x9E3779B9;
        return h ^ (h >>> 16);
    }
}
