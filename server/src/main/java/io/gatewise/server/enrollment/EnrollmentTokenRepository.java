package io.gatewise.server.enrollment;

import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

import org.springframework.data.jpa.repository.JpaRepository;
import org.springframework.data.jpa.repository.Modifying;
import org.springframework.data.jpa.repository.Query;
import org.springframework.data.repository.query.Param;

interface EnrollmentTokenRepository extends JpaRepository<EnrollmentToken, Long> {
    Optional<EnrollmentToken> findByTokenHash(byte[] tokenHash);

    List<EnrollmentToken> findByGatewayIdOrderByCreatedAtDesc(UUID gatewayId);

    /**
     * Consumes the token in one statement. PostgreSQL re-checks the WHERE clause on the
     * row it locked (READ COMMITTED), so of two concurrent enrollments exactly one gets 1.
     */
    @Modifying(flushAutomatically = true, clearAutomatically = true)
    @Query("""
            update EnrollmentToken t set t.usedAt = :now, t.usedByHostname = :hostname,
                   t.usedByAgentVersion = :agentVersion
             where t.tokenHash = :hash and t.usedAt is null and t.expiresAt > :now""")
    int consume(@Param("hash") byte[] hash, @Param("now") Instant now, @Param("hostname") String hostname,
                @Param("agentVersion") String agentVersion);
}
