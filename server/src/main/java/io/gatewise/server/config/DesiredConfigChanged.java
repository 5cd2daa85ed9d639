package io.gatewise.server.config;

import java.util.UUID;

/**
 * Published inside the transaction that created a new desired config version; listeners
 * that push it somewhere use {@code @TransactionalEventListener(phase = AFTER_COMMIT)} so
 * nobody ever sees a version that was rolled back.
 */
public record DesiredConfigChanged(UUID gatewayId, long version) {
}
