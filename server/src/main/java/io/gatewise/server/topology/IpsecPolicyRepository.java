package io.gatewise.server.topology;

import java.util.Optional;

import org.springframework.data.jpa.repository.JpaRepository;

interface IpsecPolicyRepository extends JpaRepository<IpsecPolicyEntity, Long> {
    Optional<IpsecPolicyEntity> findByName(String name);
}
