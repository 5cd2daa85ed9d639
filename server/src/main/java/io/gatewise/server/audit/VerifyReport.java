package io.gatewise.server.audit;

import java.util.Optional;
import java.util.UUID;

/**
 * The result of checking every chain.
 *
 * @param brokenLink the first broken link found, empty when every chain is intact
 */
public record VerifyReport(int gatewaysChecked, long rowsChecked, Optional<BrokenLink> brokenLink) {

    public boolean intact() {
        return brokenLink.isEmpty();
    }

    /**
     * Where a chain breaks.
     *
     * @param eventId the event id of the row at fault (0 when the fault is a missing head or checkpoint)
     * @param chainSeq its place in the chain
     * @param problem what differs, in plain words
     */
    public record BrokenLink(UUID gatewayId, long eventId, long chainSeq, String problem) {
    }
}
