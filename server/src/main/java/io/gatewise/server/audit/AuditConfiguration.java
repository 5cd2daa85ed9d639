package io.gatewise.server.audit;

import java.util.Optional;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.http.HttpMethod;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.scheduling.annotation.EnableScheduling;

import io.gatewise.server.system.AccessRule;
import io.gatewise.server.system.api.ApiPaths;
import io.gatewise.server.system.Role;
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

    /** Verifying is a POST that changes nothing: auditors may run it (the default lets only ADMIN/OPERATOR POST). */
    @Bean
    AccessRule auditVerifyAccess() {
        return AccessRule.of(HttpMethod.POST, ApiPaths.PREFIX + "/audit/verify", Role.ADMIN, Role.AUDITOR);
    }

    /**
     * The audit page and its exports are for every role (an operator needs to see why a
     * tunnel failed, as the API already allows); verifying the chain is for ADMIN and AUDITOR.
     */
    @Bean
    AccessRule auditPageVerifyAccess() {
        return AccessRule.of(HttpMethod.POST, "/audit/verify", Role.ADMIN, Role.AUDITOR);
    }

    @Bean
    AuditVerifier auditVerifier(AuditStore store, CheckpointSigner signer) {
        return new AuditVerifier(store, Optional.of(signer));
    }
}
