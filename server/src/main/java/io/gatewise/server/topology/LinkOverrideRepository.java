package io.gatewise.server.topology;

import java.util.List;

import org.springframework.data.jpa.repository.JpaRepository;
import org.springframework.data.jpa.repository.Modifying;
import org.springframework.data.jpa.repository.Query;

interface LinkOverrideRepository extends JpaRepository<LinkOverrideEntity, Long> {
    List<LinkOverrideEntity> findByTopologyId(Long topologyId);

    @Modifying(flushAutomatically = true, clearAutomatically = false)
    @Query("delete from LinkOverrideEntity e where e.topologyId = ?1")
    void deleteByTopologyId(Long topologyId);
}
