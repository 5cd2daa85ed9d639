package io.gatewise.server.config;

import java.util.Optional;
import java.util.UUID;

import org.springframework.data.jpa.repository.JpaRepository;
import org.springframework.data.jpa.repository.Lock;
import org.springframework.data.jpa.repository.Query;
import org.springframework.data.repository.query.Param;

import jakarta.persistence.LockModeType;

interface ConfigHeadRepository extends JpaRepository<ConfigHead, UUID> {
    /** SELECT ... FOR UPDATE: serialises version bumps of one gateway. */
    @Lock(LockModeType.PESSIMISTIC_WRITE)
    @Query("select h from ConfigHead h where h.gatewayId = :gatewayId")
    Optional<ConfigHead> lockByGatewayId(@Param("gatewayId") UUID gatewayId);
}
