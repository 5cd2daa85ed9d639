package io.gatewise.server.changelog;

import java.util.List;

import org.springframework.data.jpa.repository.JpaRepository;
import org.springframework.data.jpa.repository.JpaSpecificationExecutor;
import org.springframework.data.jpa.repository.Query;

interface ChangeEntryRepository extends JpaRepository<ChangeEntry, Long>, JpaSpecificationExecutor<ChangeEntry> {
    @Query("select distinct c.objectType from ChangeEntry c order by c.objectType")
    List<String> objectTypes();

    @Query("select distinct c.actor from ChangeEntry c order by c.actor")
    List<String> actors();
}
