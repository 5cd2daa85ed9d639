package io.gatewise.server.status;

import java.time.Instant;
import java.util.List;

/** One gateway's StatusReport, as the control plane hands it over (no protobuf). */
public record SaReport(Instant takenAt, List<IkeSa> ikeSas, List<ChildSa> childSas) {

    public SaReport {
        ikeSas = List.copyOf(ikeSas);
        childSas = List.copyOf(childSas);
    }

    public record IkeSa(String tunnel, String initiatorCookie, String responderCookie, String state,
            String peerEndpoint, long ageSeconds, long secondsToRekey) {
    }

    /** An IPsec SA pair; counters start at 0 for each new SA. */
    public record ChildSa(String tunnel, String child, String spiIn, String spiOut, String state, long ageSeconds,
            long secondsToRekey, long bytesIn, long bytesOut, long packetsIn, long packetsOut, long replayDrops,
            long authFailures, long lastPacketMillis, String proposal) {

        public boolean installed() {
            return "installed".equals(state) || "rekeying".equals(state);
        }
    }
}
