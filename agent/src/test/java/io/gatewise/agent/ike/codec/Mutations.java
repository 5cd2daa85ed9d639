package io.gatewise.agent.ike.codec;

import java.util.Arrays;
import java.util.List;
import java.util.Random;

/** Mutations of valid messages for the fuzz tests: truncation, bit flips, lying lengths, loops, garbage. */
public final class Mutations {
    private Mutations() {
    }

    /** One to six mutations of a random seed message. */
    public static byte[] mutate(List<byte[]> seeds, Random rnd) {
        byte[] b = seeds.get(rnd.nextInt(seeds.size())).clone();
        int n = 1 + rnd.nextInt(6);
        for (int i = 0; i < n && b.length > 0; i++) {
            int at = rnd.nextInt(b.length);
            switch (rnd.nextInt(8)) {
                case 0 -> b = Arrays.copyOf(b, at);                                   // truncation
                case 1 -> b[at] ^= (byte) (1 << rnd.nextInt(8));                       // bit flip
                case 2 -> {                                                            // a 16-bit length lies
                    if (at + 1 < b.length) {
                        int v = rnd.nextBoolean() ? rnd.nextInt(65536) : rnd.nextInt(8);
                        b[at] = (byte) (v >>> 8);
                        b[at + 1] = (byte) v;
                    }
                }
                case 3 -> {                                                            // header length lies
                    if (b.length >= 28) {
                        setLength(b, b.length + rnd.nextInt(9) - 4);
                    }
                }
                case 4 -> b[at] = (byte) rnd.nextInt(256);                             // next-payload / type
                case 5 -> {                                                            // repeat a segment
                    int len = Math.min(b.length - at, 1 + rnd.nextInt(64));
                    byte[] out = new byte[b.length + len];
                    System.arraycopy(b, 0, out, 0, at + len);
                    System.arraycopy(b, at, out, at + len, b.length - at);
                    b = out;
                }
                case 6 -> {                                                            // zero length (loop)
                    if (at + 3 < b.length) {
                        b[at + 2] = 0;
                        b[at + 3] = 0;
                    }
                }
                default -> {                                                           // append garbage
                    byte[] tail = new byte[rnd.nextInt(40)];
                    rnd.nextBytes(tail);
                    byte[] out = Arrays.copyOf(b, b.length + tail.length);
                    System.arraycopy(tail, 0, out, b.length, tail.length);
                    b = out;
                }
            }
        }
        return b;
    }

    public static void setLength(byte[] b, int v) {
        b[24] = (byte) (v >>> 24);
        b[25] = (byte) (v >>> 16);
        b[26] = (byte) (v >>> 8);
        b[27] = (byte) v;
    }
}
