package io.gatewise.agent.events;

import java.util.Objects;

/**
 * Why an SA went away, for delete events.
 *
 * @param byPeer the peer sent the Delete (RFC 2408 section 3.15)
 * @param reason "rekeyed", "expired", "dpd timeout", "config removed", "operator" ...
 * @param spiIn inbound SPI of a child SA, 8 lowercase hex digits; empty for Phase 1
 * @param spiOut outbound SPI
 */
public record SaDeletion(boolean byPeer, String reason, String spiIn, String spiOut) {

    public SaDeletion {
        Objects.requireNonNull(reason, "reason");
        Objects.requireNonNull(spiIn, "spiIn");
        Objects.requireNonNull(spiOut, "spiOut");
    }
}
