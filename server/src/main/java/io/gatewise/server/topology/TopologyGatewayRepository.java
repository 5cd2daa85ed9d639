package io.gatewise.server.topology;

import java.util.Optional;
import java.util.UUID;

import org.springframework.data.jpa.repository.JpaRepository;

interface TopologyGatewayRepository extends JpaRepository<TopologyGateway, UUID> {
    Optional<TopologyGateway> findByName(String name);
}
