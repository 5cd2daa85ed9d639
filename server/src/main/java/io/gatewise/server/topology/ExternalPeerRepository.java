package io.gatewise.server.topology;

import java.util.Optional;

import org.springframework.data.jpa.repository.JpaRepository;

interface ExternalPeerRepository extends JpaRepository<ExternalPeerEntity, Long> {
    Optional<ExternalPeerEntity> findByName(String name);
}
