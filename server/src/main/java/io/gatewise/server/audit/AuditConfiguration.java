package io.gatewise.server.audit;

import java.util.Optional;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.scheduling.annotation.EnableScheduling;

import io.gatewise.server.system.SecretBox;

/** Wires the plain-JDBC audit classes (also used by {@link AuditVerifyMain} without Spring). */
@Configuration(proxyBeanMethods = false)
@EnableScheduling
class AuditConfiguration {

    @Bean
    AuditStore auditStore(JdbcTemplate jdbc) {
        return new AuditStore(jdbc);
    }

    @Bean
    CheckpointSigner checkpointSigner(SecretBox secrets) {
        return new CheckpointSigner(secrets.deriveKey(CheckpointSigner.KEY_PURPOSE));
    }

    @Bean
    AuditVerifier auditVerifier(AuditStore store, CheckpointSigner signer) {
        return new AuditVerifier(store, Optional.of(signer));
    }
}
