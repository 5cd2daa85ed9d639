package io.gatewise.agent.ike.v1;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.InetAddress;
import java.util.Optional;

import org.junit.jupiter.api.Test;

import io.gatewise.agent.ike.codec.Bytes;
import io.gatewise.agent.ike.codec.FragmentPayload;

class FragmentReassemblerTest {
    private static final InetAddress PEER = InetAddress.getLoopbackAddress();
    private static final long COOKIE = 0x1122334455667788L;
    private static final FragmentReassembler.Limits SMALL = new FragmentReassembler.Limits(4, 100, 2, 3, 1_000);

    private final FragmentReassembler r = new FragmentReassembler(SMALL);

    private static FragmentPayload frag(int id, int number, boolean last, String hex) {
        return new FragmentPayload(id, number, last ? FragmentPayload.LAST_FRAGMENT : 0, Bytes.fromHex(hex));
    }

    private Optional<byte[]> offer(FragmentPayload f, long now) {
        return r.offer(PEER, COOKIE, f, now);
    }

    @Test
    void inOrderFragmentsJoinInNumberOrder() {
        assertThat(offer(frag(1, 1, false, "0102"), 0)).isEmpty();
        assertThat(offer(frag(1, 2, false, "0304"), 0)).isEmpty();
        assertThat(offer(frag(1, 3, true, "05"), 0)).hasValueSatisfying(
                m -> assertThat(m).containsExactly(1, 2, 3, 4, 5));
        assertThat(r.reassembledCount()).isEqualTo(1);
        assertThat(r.pendingCount()).isZero();
    }

    @Test
    void outOfOrderFragmentsJoinInNumberOrder() {
        assertThat(offer(frag(7, 3, true, "05"), 0)).isEmpty();
        assertThat(offer(frag(7, 1, false, "0102"), 0)).isEmpty();
        assertThat(offer(frag(7, 2, false, "0304"), 0)).hasValueSatisfying(
                m -> assertThat(m).containsExactly(1, 2, 3, 4, 5));
    }

    @Test
    void exactDuplicateIsIgnoredAndCounted() {
        offer(frag(1, 1, false, "01"), 0);
        assertThat(offer(frag(1, 1, false, "01"), 0)).isEmpty();
        assertThat(r.droppedCount(FragmentReassembler.Drop.DUPLICATE)).isEqualTo(1);
        assertThat(offer(frag(1, 2, true, "02"), 0)).hasValueSatisfying(m -> assertThat(m).containsExactly(1, 2));
    }

    @Test
    void sameNumberWithOtherDataDiscardsTheMessage() {
        offer(frag(1, 1, false, "01"), 0);
        assertThat(offer(frag(1, 1, false, "ff"), 0)).isEmpty();
        assertThat(r.droppedCount(FragmentReassembler.Drop.INCONSISTENT)).isEqualTo(1);
        assertThat(r.pendingCount()).isZero();
        assertThat(offer(frag(1, 2, true, "02"), 0)).isEmpty();   // fragment 1 is gone
    }

    @Test
    void fragmentBeyondTheLastOrSecondLastIsInconsistent() {
        offer(frag(1, 2, true, "02"), 0);
        assertThat(offer(frag(1, 3, false, "03"), 0)).isEmpty();
        assertThat(r.droppedCount(FragmentReassembler.Drop.INCONSISTENT)).isEqualTo(1);
        offer(frag(2, 3, false, "03"), 0);
        assertThat(offer(frag(2, 2, true, "02"), 0)).isEmpty();
        assertThat(r.droppedCount(FragmentReassembler.Drop.INCONSISTENT)).isEqualTo(2);
        assertThat(r.reassembledCount()).isZero();
    }

    @Test
    void missingLastNeverCompletesAndTimesOut() {
        offer(frag(1, 1, false, "01"), 0);
        offer(frag(1, 2, false, "02"), 0);
        assertThat(r.pendingCount()).isEqualTo(1);
        r.evictExpired(999);
        assertThat(r.pendingCount()).isEqualTo(1);
        r.evictExpired(1_000);
        assertThat(r.pendingCount()).isZero();
        assertThat(r.droppedCount(FragmentReassembler.Drop.TIMEOUT)).isEqualTo(1);
        assertThat(offer(frag(1, 3, true, "03"), 1_000)).isEmpty();
    }

    @Test
    void oversizeMessageIsDiscarded() {
        String half = "00".repeat(60);
        offer(frag(1, 1, false, half), 0);
        assertThat(offer(frag(1, 2, true, half), 0)).isEmpty();
        assertThat(r.droppedCount(FragmentReassembler.Drop.OVERSIZE)).isEqualTo(1);
        assertThat(r.pendingCount()).isZero();
    }

    @Test
    void fragmentNumberAboveTheLimitIsRefused() {
        assertThat(offer(frag(1, 5, true, "05"), 0)).isEmpty();
        assertThat(r.droppedCount(FragmentReassembler.Drop.TOO_MANY_FRAGMENTS)).isEqualTo(1);
        assertThat(r.pendingCount()).isZero();
    }

    @Test
    void pendingMessagesAreBoundedPerPeerAndOverall() throws Exception {
        offer(frag(1, 1, false, "01"), 0);
        offer(frag(2, 1, false, "01"), 0);
        assertThat(offer(frag(3, 1, false, "01"), 0)).isEmpty();
        assertThat(r.droppedCount(FragmentReassembler.Drop.TOO_MANY_PENDING)).isEqualTo(1);
        InetAddress other = InetAddress.getByName("127.0.0.2");
        r.offer(other, COOKIE, frag(1, 1, false, "01"), 0);
        assertThat(r.pendingCount()).isEqualTo(3);
        r.offer(InetAddress.getByName("127.0.0.3"), COOKIE, frag(1, 1, false, "01"), 0);
        assertThat(r.droppedCount(FragmentReassembler.Drop.TOO_MANY_PENDING)).isEqualTo(2);
        // a peer's fragments never complete another peer's message
        assertThat(r.offer(other, COOKIE, frag(2, 1, true, "02"), 0)).isEmpty();
    }

    @Test
    void messagesAreKeyedByCookieAndId() {
        offer(frag(1, 1, false, "01"), 0);
        assertThat(r.offer(PEER, COOKIE + 1, frag(1, 2, true, "02"), 0)).isEmpty();
        assertThat(offer(frag(1, 2, true, "03"), 0)).hasValueSatisfying(m -> assertThat(m).containsExactly(1, 3));
    }
}
