package io.gatewise.server.topology;

import java.util.Optional;

import org.springframework.data.jpa.repository.JpaRepository;

interface IkePolicyRepository extends JpaRepository<IkePolicyEntity, Long> {
    Optional<IkePolicyEntity> findByName(String name);
}
