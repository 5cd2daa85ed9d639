package io.gatewise.server.system;

import java.io.Closeable;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.Base64;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;

/**
 * A real PostgreSQL cluster run by Gatewise itself, for development, first runs and tests
 * (production points {@code spring.datasource.url} at its own PostgreSQL instead).
 *
 * <pre>
 *  &lt;data-dir&gt;/postgres/           PGDATA, kept across restarts
 *  &lt;data-dir&gt;/postgres-dist/      the PostgreSQL binaries, unpacked from the jar (configurable)
 *  &lt;data-dir&gt;/postgres.password   superuser password (0600), set by initdb
 * </pre>
 *
 * The cluster listens on localhost only, on a fixed port, and requires the password
 * (SCRAM-SHA-256) for every connection: another local user cannot open it.
 */
public final class EmbeddedPostgresCluster implements Closeable {
    private static final Logger log = LoggerFactory.getLogger(EmbeddedPostgresCluster.class);
    private static final String SUPERUSER = "postgres";

    private final EmbeddedPostgres postgres;
    private final Secret password;

    private EmbeddedPostgresCluster(EmbeddedPostgres postgres, Secret password) {
        this.postgres = postgres;
        this.password = password;
    }

    /**
     * Starts (creating on first use) the cluster in {@code dataDir}, first stopping a
     * postmaster that an earlier, killed JVM left running on it.
     *
     * @param binariesDir where to unpack the PostgreSQL binaries (shared by clusters of one version)
     * @param port        fixed TCP port on localhost; 0 picks a free one (tests)
     */
    public static EmbeddedPostgresCluster start(Path dataDir, Path binariesDir, int port, SecureRandom random)
            throws IOException {
        Path root = dataDir.toAbsolutePath().normalize();
        Path pgData = root.resolve("postgres");
        Path passwordFile = root.resolve("postgres.password");
        Files.createDirectories(root);
        StalePostmaster.stopIfRunning(pgData);

        EmbeddedPostgres.Builder builder = EmbeddedPostgres.builder()
                .setDataDirectory(pgData)
                .setCleanDataDirectory(false)
                .setOverrideWorkingDirectory(binariesDir.toAbsolutePath().normalize().toFile())
                .setPort(port)
                .setPGStartupWait(Duration.ofSeconds(60))
                .setServerConfig("listen_addresses", "localhost");

        Secret password = null;
        boolean fresh = !Files.exists(pgData.resolve("PG_VERSION"));
        if (fresh) {
            password = Secret.of(newPassword(random));
            Files.deleteIfExists(passwordFile);
            Files.createFile(passwordFile, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
            Files.writeString(passwordFile, password.reveal() + "\n", StandardCharsets.UTF_8);
            // initdb options (zonky passes "locale config" entries as --key=value to initdb);
            // --auth overrides zonky's "-A trust".
            builder.setLocaleConfig("auth", "scram-sha-256")
                    .setLocaleConfig("pwfile", passwordFile.toString());
        } else if (Files.exists(passwordFile)) {
            password = Secret.of(Files.readString(passwordFile, StandardCharsets.UTF_8).trim());
        } else {
            log.warn("Embedded PostgreSQL in {} has no password file; connecting without password", pgData);
        }
        if (password != null) {
            builder.setConnectConfig("password", password.reveal());
        }
        EmbeddedPostgres postgres = builder.start();
        log.info("Embedded PostgreSQL running on localhost:{}, data in {}", postgres.getPort(), pgData);
        return new EmbeddedPostgresCluster(postgres, password == null ? Secret.of("") : password);
    }

    private static String newPassword(SecureRandom random) {
        byte[] bytes = new byte[24];
        random.nextBytes(bytes);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }

    /** Creates {@code database} unless it exists. */
    public void ensureDatabase(String database) throws SQLException {
        if (!database.matches("[a-z_][a-z0-9_]{0,62}")) {
            throw new IllegalArgumentException("unsupported database name: " + database);
        }
        try (Connection c = postgres.getPostgresDatabase().getConnection();
             PreparedStatement exists = c.prepareStatement("SELECT 1 FROM pg_database WHERE datname = ?")) {
            exists.setString(1, database);
            try (ResultSet rs = exists.executeQuery()) {
                if (rs.next()) {
                    return;
                }
            }
            try (Statement create = c.createStatement()) {
                create.execute("CREATE DATABASE " + database + " ENCODING 'UTF8'");
            }
            log.info("Created database {} in the embedded PostgreSQL", database);
        }
    }

    public String jdbcUrl(String database) {
        return "jdbc:postgresql://localhost:" + postgres.getPort() + "/" + database;
    }

    public String username() {
        return SUPERUSER;
    }

    public Secret password() {
        return password;
    }

    public int port() {
        return postgres.getPort();
    }

    @Override
    public void close() throws IOException {
        postgres.close();
    }
}
