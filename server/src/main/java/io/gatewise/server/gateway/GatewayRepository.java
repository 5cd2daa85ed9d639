package io.gatewise.server.gateway;

import java.util.List;
import java.util.UUID;

import org.springframework.data.jpa.repository.JpaRepository;

interface GatewayRepository extends JpaRepository<Gateway, UUID> {
    boolean existsByNameIgnoreCase(String name);

    List<Gateway> findAllByOrderByNameAsc();
}
