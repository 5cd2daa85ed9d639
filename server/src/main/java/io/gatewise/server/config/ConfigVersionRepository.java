package io.gatewise.server.config;

import java.util.List;
import java.util.Optional;
import java.util.UUID;

import org.springframework.data.domain.Pageable;
import org.springframework.data.jpa.repository.JpaRepository;
import org.springframework.data.jpa.repository.Modifying;
import org.springframework.data.jpa.repository.Query;
import org.springframework.data.repository.query.Param;

interface ConfigVersionRepository extends JpaRepository<ConfigVersion, Long> {
    Optional<ConfigVersion> findByGatewayIdAndVersion(UUID gatewayId, long version);

    /**
     * Sets sent_at once, touching no other column: the broadcaster and the agent's ack
     * (on another thread) may update the same row at the same moment.
     */
    @Modifying
    @Query("""
            update ConfigVersion v set v.sentAt = :at
             where v.gatewayId = :gatewayId and v.version = :version and v.sentAt is null""")
    int markSent(@Param("gatewayId") UUID gatewayId, @Param("version") long version, @Param("at") java.time.Instant at);

    List<ConfigVersion> findByGatewayIdOrderByVersionDesc(UUID gatewayId, Pageable page);
}
