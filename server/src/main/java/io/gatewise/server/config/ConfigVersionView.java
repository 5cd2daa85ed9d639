package io.gatewise.server.config;

import java.time.Duration;
import java.time.Instant;

/**
 * The delivery record of one config version, for the gateway page and the JSON API.
 *
 * @param ackOk       null while unacknowledged
 * @param propagation creation to successful acknowledgement, null until applied
 */
public record ConfigVersionView(long version, int tunnelCount, String createdBy, Instant createdAt, Instant sentAt,
                                Instant ackedAt, Boolean ackOk, String ackError, Duration propagation) {
    public boolean applied() {
        return Boolean.TRUE.equals(ackOk);
    }

    public boolean rejected() {
        return Boolean.FALSE.equals(ackOk);
    }
}
