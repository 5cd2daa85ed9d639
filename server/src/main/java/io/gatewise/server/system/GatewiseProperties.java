package io.gatewise.server.system;

import java.nio.file.Path;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Installation-wide settings under {@code gatewise.*}. Secrets (the master key, the first
 * admin password) are deliberately not part of this record, so that it can be logged or
 * printed without leaking them; their owners read them from the environment directly.
 *
 * @param dataDir   where the embedded PostgreSQL, its binaries and the dev-mode master key live
 * @param publicUrl the URL operators use to reach the UI, printed at start; derived from the
 *                  HTTP port when empty
 * @param postgres  the embedded PostgreSQL, used only when no {@code spring.datasource.url} is set
 */
@ConfigurationProperties("gatewise")
public record GatewiseProperties(
        @DefaultValue("./gatewise-data") Path dataDir,
        String publicUrl,
        @DefaultValue Postgres postgres) {

    /**
     * @param port        fixed TCP port on localhost, so a restart finds the same cluster; 0 picks a free one
     * @param database    name of the Gatewise database inside the cluster
     * @param binariesDir where the PostgreSQL binaries are unpacked; default {@code <data-dir>/postgres-dist}
     */
    public record Postgres(@DefaultValue("54329") int port, @DefaultValue("gatewise") String database,
                           Path binariesDir) {
    }

    /** Where the embedded PostgreSQL binaries are unpacked. */
    public Path postgresBinariesDir() {
        return postgres.binariesDir() != null ? postgres.binariesDir().toAbsolutePath().normalize()
                : dataDir.toAbsolutePath().normalize().resolve("postgres-dist");
    }

    /** The directory holding the PostgreSQL cluster ({@code PGDATA}). */
    public Path postgresDataDir() {
        return dataDir.toAbsolutePath().normalize().resolve("postgres");
    }
}
