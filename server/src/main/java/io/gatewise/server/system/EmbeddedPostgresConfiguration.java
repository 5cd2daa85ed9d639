package io.gatewise.server.system;

import java.io.IOException;
import java.security.SecureRandom;
import java.sql.SQLException;

import javax.sql.DataSource;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Condition;
import org.springframework.context.annotation.ConditionContext;
import org.springframework.context.annotation.Conditional;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.type.AnnotatedTypeMetadata;

import com.zaxxer.hikari.HikariDataSource;

/**
 * Real PostgreSQL without setup: when no {@code spring.datasource.url} (or
 * {@code SPRING_DATASOURCE_URL}) is configured, Gatewise runs its own cluster in the data
 * directory. Spring Boot's DataSource auto-configuration backs off because this
 * configuration defines the {@link DataSource}; Flyway and JPA use it as usual.
 */
@Configuration(proxyBeanMethods = false)
@Conditional(EmbeddedPostgresConfiguration.NoDataSourceUrl.class)
public class EmbeddedPostgresConfiguration {

    @Bean(destroyMethod = "close")
    EmbeddedPostgresCluster embeddedPostgresCluster(GatewiseProperties properties, SecureRandom random) throws IOException {
        return EmbeddedPostgresCluster.start(properties.dataDir(), properties.postgresBinariesDir(),
                properties.postgres().port(), random);
    }

    @Bean(destroyMethod = "close")
    HikariDataSource dataSource(EmbeddedPostgresCluster cluster, GatewiseProperties properties) throws SQLException {
        String database = properties.postgres().database();
        cluster.ensureDatabase(database);
        HikariDataSource dataSource = new HikariDataSource();
        dataSource.setPoolName("gatewise-embedded");
        dataSource.setJdbcUrl(cluster.jdbcUrl(database));
        dataSource.setUsername(cluster.username());
        dataSource.setPassword(cluster.password().reveal());
        dataSource.setMaximumPoolSize(10);
        return dataSource;
    }

    static class NoDataSourceUrl implements Condition {
        @Override
        public boolean matches(ConditionContext context, AnnotatedTypeMetadata metadata) {
            String url = context.getEnvironment().getProperty("spring.datasource.url");
            return url == null || url.isBlank();
        }
    }
}
