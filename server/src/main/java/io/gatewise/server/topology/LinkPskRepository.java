package io.gatewise.server.topology;

import org.springframework.data.jpa.repository.JpaRepository;

interface LinkPskRepository extends JpaRepository<LinkPskEntity, Long> {
}
