package io.gatewise.agent.ipsec;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.BitSet;
import java.util.Random;
import org.junit.jupiter.api.Test;

class ReplayWindowTest {

    @Test
    void acceptsNewRejectsDuplicatesAndTooOld() {
        ReplayWindow w = new ReplayWindow(64, false);
        assertThat(w.checkAndUpdate(0)).as("sequence 0 never valid").isFalse();
        assertThat(w.checkAndUpdate(1)).isTrue();
        assertThat(w.checkAndUpdate(1)).isFalse();
        assertThat(w.checkAndUpdate(100)).isTrue();
        assertThat(w.check(37)).as("100-64 = 36 is the last too-old number").isTrue();
        assertThat(w.check(36)).isFalse();
        assertThat(w.checkAndUpdate(50)).isTrue();
        assertThat(w.checkAndUpdate(50)).isFalse();
        assertThat(w.checkAndUpdate(99)).isTrue();
        assertThat(w.highest()).isEqualTo(100);
    }

    @Test
    void defaultSizeWindowAndLargeJumpClearsBits() {
        ReplayWindow w = new ReplayWindow(1024, false);
        for (long s = 1; s <= 2000; s++) {
            assertThat(w.checkAndUpdate(s)).isTrue();
        }
        assertThat(w.checkAndUpdate(1500)).isFalse();
        assertThat(w.checkAndUpdate(976)).as("outside a 1024 window below 2000").isFalse();
        assertThat(w.checkAndUpdate(100_000)).isTrue();
        // Everything in the new window except 100000 itself is unseen.
        for (long s = 100_000 - 1023; s < 100_000; s++) {
            assertThat(w.check(s)).as("seq %d", s).isTrue();
        }
        assertThat(w.check(100_000 - 1024)).isFalse();
    }

    @Test
    void agreesWithAReferenceModelOnRandomTraffic() {
        Random r = new Random(42);
        int size = 128;
        ReplayWindow w = new ReplayWindow(size, false);
        BitSet seen = new BitSet();
        long top = 0;
        long base = 1;
        for (int i = 0; i < 50_000; i++) {
            long s = Math.max(1, base + r.nextInt(300) - 150);
            base += r.nextInt(3);
            boolean expected = !seen.get((int) s) && (s > top || s + size > top);
            assertThat(w.checkAndUpdate(s)).as("seq %d top %d", s, top).isEqualTo(expected);
            if (expected) {
                seen.set((int) s);
                top = Math.max(top, s);
            }
        }
    }

    @Test
    void infersExtendedSequenceNumbersAcrossTheWrap() {
        ReplayWindow w = new ReplayWindow(64, true);
        long nearWrap = 0xffff_fff0L;
        assertThat(w.infer((int) nearWrap)).isEqualTo(nearWrap);
        assertThat(w.checkAndUpdate(nearWrap)).isTrue();
        // Low bits 5 after the top near 2^32: the high half moves to 1.
        assertThat(w.infer(5)).isEqualTo((1L << 32) | 5);
        assertThat(w.checkAndUpdate((1L << 32) | 5)).isTrue();
        // A late packet from just before the wrap keeps the old high half (case B).
        assertThat(w.infer((int) 0xffff_fff8L)).isEqualTo(0xffff_fff8L);
        assertThat(w.checkAndUpdate(0xffff_fff8L)).isTrue();
        assertThat(w.checkAndUpdate(0xffff_fff8L)).isFalse();
    }

    @Test
    void zeroWindowDisablesReplayChecks() {
        ReplayWindow w = new ReplayWindow(0, false);
        assertThat(w.checkAndUpdate(5)).isTrue();
        assertThat(w.checkAndUpdate(5)).isTrue();
    }
}
