package io.gatewise.server.testsupport;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

import org.springframework.boot.test.context.SpringBootTest;

/**
 * The whole server on a random HTTP port and a random gRPC port, with its own embedded
 * PostgreSQL in a fresh directory under target/ (surefire's java.io.tmpdir). Every test
 * class with this annotation shares one context, so one database: tests create their own
 * gateways and never assume an empty table.
 */
@Target(ElementType.TYPE)
@Retention(RetentionPolicy.RUNTIME)
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = {
        "gatewise.data-dir=${java.io.tmpdir}/gatewise-it-${random.uuid}",
        "gatewise.postgres.port=0",
        "gatewise.postgres.binaries-dir=${java.io.tmpdir}/postgres-dist",
        "gatewise.grpc.port=0",
        "gatewise.admin-password=" + GatewiseIntegrationTest.ADMIN_PASSWORD,
        "spring.thymeleaf.cache=false"
})
public @interface GatewiseIntegrationTest {
    String ADMIN_PASSWORD = "integration-test-admin-pw";
}
