package io.gatewise.agent.events;

import java.time.Instant;
import java.util.List;
import java.util.Objects;

/** Every SA on the gateway at one instant. */
public record StatusSnapshot(Instant takenAt, List<IkeSaState> ikeSas, List<ChildSaState> childSas) {

    public StatusSnapshot {
        Objects.requireNonNull(takenAt, "takenAt");
        ikeSas = List.copyOf(ikeSas);
        childSas = List.copyOf(childSas);
    }

    /**
     * One ISAKMP SA.
     *
     * @param state "connecting", "established", "rekeying", "deleting"
     * @param initiatorCookie 16 lowercase hex digits
     */
    public record IkeSaState(String tunnel, String initiatorCookie, String responderCookie, String state,
            String peerEndpoint, long ageSeconds, long secondsToRekey) {
        public IkeSaState {
            Objects.requireNonNull(tunnel, "tunnel");
            Objects.requireNonNull(initiatorCookie, "initiatorCookie");
            Objects.requireNonNull(responderCookie, "responderCookie");
            Objects.requireNonNull(state, "state");
            Objects.requireNonNull(peerEndpoint, "peerEndpoint");
        }
    }

    /**
     * One IPsec SA pair (inbound and outbound SPI) with its datapath counters, which start
     * at 0 for every new SA (the server keeps per-tunnel totals across rekeys).
     *
     * @param state "installed", "rekeying", "expired"
     * @param lastPacket time of the last packet either way, null when none
     */
    public record ChildSaState(String tunnel, String child, String spiIn, String spiOut, String state,
            long ageSeconds, long secondsToRekey, long bytesIn, long bytesOut, long packetsIn, long packetsOut,
            long replayDrops, long authFailures, Instant lastPacket, String proposal) {
        public ChildSaState {
            Objects.requireNonNull(tunnel, "tunnel");
            Objects.requireNonNull(child, "child");
            Objects.requireNonNull(spiIn, "spiIn");
            Objects.requireNonNull(spiOut, "spiOut");
            Objects.requireNonNull(state, "state");
            Objects.requireNonNull(proposal, "proposal");
        }
    }
}
