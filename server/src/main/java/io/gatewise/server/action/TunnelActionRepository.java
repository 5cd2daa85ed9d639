package io.gatewise.server.action;

import java.util.List;
import java.util.UUID;

import org.springframework.data.domain.Pageable;
import org.springframework.data.jpa.repository.JpaRepository;

interface TunnelActionRepository extends JpaRepository<TunnelActionRecord, Long> {
    List<TunnelActionRecord> findByGatewayIdAndTunnelOrderByRequestedAtDescIdDesc(UUID gatewayId, String tunnel,
            Pageable page);

    List<TunnelActionRecord> findAllByOrderByRequestedAtDescIdDesc(Pageable page);
}
