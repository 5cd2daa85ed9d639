package io.gatewise.server.topology;

import java.util.Optional;

import org.springframework.data.jpa.repository.JpaRepository;

interface TopologyRepository extends JpaRepository<TopologyEntity, Long> {
    Optional<TopologyEntity> findByName(String name);
}
