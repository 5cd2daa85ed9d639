package io.gatewise.agent.gateway;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class AcquireHoldTest {
    private static final long HOLD = LinuxGateway.ACQUIRE_HOLD_MILLIS;

    @Test
    void aBurstOfPacketsForAPendingNegotiationStartsOneInitiation() {
        AcquireHold hold = new AcquireHold(HOLD);
        assertThat(hold.tryInitiate("hub", "any", 1_000)).isTrue();
        assertThat(hold.tryInitiate("hub", "any", 1_001)).isFalse();
        assertThat(hold.tryInitiate("hub", "any", 1_000 + HOLD - 1)).as("still pending").isFalse();
        assertThat(hold.tryInitiate("hub", "other", 1_002)).as("another child").isTrue();
    }

    @Test
    void anInitiationThatNeverCompletedIsRetriedOnlyAfterTheHold() {
        AcquireHold hold = new AcquireHold(HOLD);
        hold.initiated("hub", "any", 1_000);                 // start action START, peer unreachable
        assertThat(hold.tryInitiate("hub", "any", 1_000 + HOLD - 1)).isFalse();
        assertThat(hold.tryInitiate("hub", "any", 1_000 + HOLD)).isTrue();
    }

    /**
     * The RouteBasedHubNamespaceTest case: the spoke initiated at start, the SA came up, and
     * 6 s later the hub's operator dropped the tunnel (Delete) and added it back. The
     * spoke's next packet must negotiate at once, not 24 s later when the hold of the
     * initiation that completed long ago runs out.
     */
    @Test
    void aCompletedNegotiationEndsTheHold() {
        AcquireHold hold = new AcquireHold(HOLD);
        hold.initiated("hub", "any", 19_300);
        hold.negotiated("hub", "any");                       // CHILD SA established at 19.5 s
        // deleted by the peer at 25.4 s; traffic at 26 s finds no SA
        assertThat(hold.tryInitiate("hub", "any", 26_000)).isTrue();
        assertThat(hold.tryInitiate("hub", "any", 26_100)).as("and that one is pending again").isFalse();
    }

    @Test
    void releaseFreesEveryChildOfThePeerOnly() {
        AcquireHold hold = new AcquireHold(HOLD);
        hold.initiated("hub", "a", 1_000);
        hold.initiated("hub", "b", 1_000);
        hold.initiated("other", "a", 1_000);
        hold.release("hub");
        assertThat(hold.tryInitiate("hub", "a", 1_001)).isTrue();
        assertThat(hold.tryInitiate("hub", "b", 1_001)).isTrue();
        assertThat(hold.tryInitiate("other", "a", 1_001)).isFalse();
    }
}
