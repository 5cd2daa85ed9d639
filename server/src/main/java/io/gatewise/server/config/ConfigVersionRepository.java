package io.gatewise.server.config;

import java.util.List;
import java.util.Optional;
import java.util.UUID;

import org.springframework.data.domain.Pageable;
import org.springframework.data.jpa.repository.JpaRepository;

interface ConfigVersionRepository extends JpaRepository<ConfigVersion, Long> {
    Optional<ConfigVersion> findByGatewayIdAndVersion(UUID gatewayId, long version);

    List<ConfigVersion> findByGatewayIdOrderByVersionDesc(UUID gatewayId, Pageable page);
}
