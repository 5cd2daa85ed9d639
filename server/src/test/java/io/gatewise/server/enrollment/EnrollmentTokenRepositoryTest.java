package io.gatewise.server.enrollment;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.UUID;

import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.transaction.annotation.Transactional;

import io.gatewise.server.gateway.GatewayService;
import io.gatewise.server.testsupport.Gateways;
import io.gatewise.server.testsupport.GatewiseIntegrationTest;

/** The conditional UPDATE that consumes a token. */
@GatewiseIntegrationTest
@Transactional
class EnrollmentTokenRepositoryTest {
    @Autowired
    EnrollmentTokenRepository tokens;
    @Autowired
    GatewayService gateways;

    @Test
    void aTokenIsConsumedOnceAndOnlyBeforeItExpires() {
        UUID gatewayId = Gateways.create(gateways, "repo").gateway().getId();
        Instant now = Instant.now();
        byte[] live = EnrollmentService.sha256("live-token");
        byte[] expired = EnrollmentService.sha256("expired-token");
        tokens.save(new EnrollmentToken(gatewayId, live, now, now.plusSeconds(60)));
        tokens.save(new EnrollmentToken(gatewayId, expired, now.minusSeconds(120), now.minusSeconds(60)));

        assertThat(tokens.consume(live, now, "h", "v")).isEqualTo(1);
        assertThat(tokens.consume(live, now, "h", "v")).isZero();
        assertThat(tokens.consume(expired, now, "h", "v")).isZero();
        assertThat(tokens.consume(EnrollmentService.sha256("never-issued"), now, "h", "v")).isZero();
        EnrollmentToken used = tokens.findByTokenHash(live).orElseThrow();
        assertThat(used.getUsedAt()).isNotNull();
        assertThat(used.getUsedByHostname()).isEqualTo("h");
    }

    @Test
    void agentSuppliedTextIsCleaned() {
        assertThat(EnrollmentService.clean("gw\u0000-1\n\u001b[31m", 253)).isEqualTo("gw-1[31m");
        assertThat(EnrollmentService.clean("x".repeat(300), 64)).hasSize(64);
        assertThat(EnrollmentService.clean(null, 10)).isEmpty();
    }
}
