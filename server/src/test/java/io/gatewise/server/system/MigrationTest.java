package io.gatewise.server.system;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.List;

import org.flywaydb.core.Flyway;
import org.flywaydb.core.api.output.MigrateResult;
import org.junit.jupiter.api.Test;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.datasource.SimpleDriverDataSource;

/** The migrations apply to an empty PostgreSQL database, and a second run changes nothing. */
class MigrationTest {
    @Test
    void migrationsApplyToAnEmptyDatabase() throws Exception {
        Path dir = Files.createTempDirectory(Path.of(System.getProperty("java.io.tmpdir")), "pg-migrate");
        try (EmbeddedPostgresCluster cluster = EmbeddedPostgresCluster.start(dir, TestPostgres.BINARIES, 0, new SecureRandom())) {
            cluster.ensureDatabase("empty");
            SimpleDriverDataSource dataSource = new SimpleDriverDataSource(new org.postgresql.Driver(),
                    cluster.jdbcUrl("empty"), cluster.username(), cluster.password().reveal());
            Flyway flyway = Flyway.configure().dataSource(dataSource).locations("classpath:db/migration").load();

            MigrateResult first = flyway.migrate();
            assertThat(first.success).isTrue();
            assertThat(first.migrationsExecuted).isGreaterThanOrEqualTo(1);
            assertThat(first.targetSchemaVersion).isNotBlank();

            JdbcTemplate jdbc = new JdbcTemplate(dataSource);
            List<String> tables = jdbc.queryForList(
                    "select table_name from information_schema.tables where table_schema = 'public' order by 1", String.class);
            assertThat(tables).contains("user_account", "certificate_authority", "gateway", "issued_certificate",
                    "enrollment_token", "config_head", "config_version");
            assertThat(flyway.migrate().migrationsExecuted).isZero();
            assertThat(flyway.validateWithResult().validationSuccessful).isTrue();
        }
    }
}
