package io.gatewise.server.pki;

import java.util.Optional;
import java.util.UUID;

import org.springframework.data.jpa.repository.JpaRepository;

interface CaRecordRepository extends JpaRepository<CaRecord, UUID> {
    Optional<CaRecord> findByActiveTrue();
}
