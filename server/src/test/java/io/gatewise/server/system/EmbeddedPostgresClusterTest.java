package io.gatewise.server.system;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.BufferedReader;
import java.io.File;
import java.io.InputStreamReader;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import java.util.Properties;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;

/**
 * The embedded cluster as production uses it: data kept across restarts, password
 * required, and a postmaster orphaned by a SIGKILLed JVM cleaned up on the next start.
 * Data directories live under target/ (surefire's java.io.tmpdir).
 */
class EmbeddedPostgresClusterTest {
    private final SecureRandom random = new SecureRandom();

    private static Path freshDir(String name) throws Exception {
        return Files.createTempDirectory(Path.of(System.getProperty("java.io.tmpdir")), name);
    }

    @Test
    void dataSurvivesARestartAndConnectionsNeedThePassword() throws Exception {
        Path dir = freshDir("pg-restart");
        int port;
        try (EmbeddedPostgresCluster cluster = EmbeddedPostgresCluster.start(dir, TestPostgres.BINARIES, 0, random)) {
            port = cluster.port();
            cluster.ensureDatabase("gatewise");
            execute(cluster, "create table kept (v int)", "insert into kept values (42)");
            Properties noPassword = new Properties();
            noPassword.setProperty("user", "postgres");
            assertThatThrownBy(() -> DriverManager.getConnection(cluster.jdbcUrl("gatewise"), noPassword).close())
                    .isInstanceOf(SQLException.class);
            assertThat(Files.getPosixFilePermissions(dir.resolve("postgres.password"))).containsExactlyInAnyOrder(
                    java.nio.file.attribute.PosixFilePermission.OWNER_READ,
                    java.nio.file.attribute.PosixFilePermission.OWNER_WRITE);
        }
        try (EmbeddedPostgresCluster again = EmbeddedPostgresCluster.start(dir, TestPostgres.BINARIES, port, random)) {
            again.ensureDatabase("gatewise"); // exists: no error
            assertThat(queryInt(again, "select v from kept")).isEqualTo(42);
        }
    }

    @Test
    void aPostmasterLeftByAKilledJvmIsStoppedAndTheDataIsKept() throws Exception {
        Path dir = freshDir("pg-stale");
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        Process child = new ProcessBuilder(java, "-cp", ManagementFactory.getRuntimeMXBean().getClassPath(),
                "-Djava.io.tmpdir=" + System.getProperty("java.io.tmpdir"),
                StalePostmasterChild.class.getName(), dir.toString())
                .redirectErrorStream(true).redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")))
                .start();
        long orphanPid = -1;
        try {
            CompletableFuture<String> ready = CompletableFuture.supplyAsync(() -> {
                try (BufferedReader out = new BufferedReader(new InputStreamReader(child.getInputStream(), StandardCharsets.UTF_8))) {
                    for (String line = out.readLine(); line != null; line = out.readLine()) {
                        if (line.startsWith("READY ")) {
                            return line;
                        }
                    }
                    return "EOF";
                } catch (java.io.IOException e) {
                    return "IO " + e;
                }
            });
            assertThat(ready.get(120, TimeUnit.SECONDS)).startsWith("READY ");
            child.destroyForcibly(); // SIGKILL: no shutdown hooks, postgres keeps running
            assertThat(child.waitFor(30, TimeUnit.SECONDS)).isTrue();

            List<String> pidFile = Files.readAllLines(dir.resolve("postgres/postmaster.pid"));
            orphanPid = Long.parseLong(pidFile.get(0).trim());
            assertThat(ProcessHandle.of(orphanPid).map(ProcessHandle::isAlive)).contains(true);

            try (EmbeddedPostgresCluster cluster = EmbeddedPostgresCluster.start(dir, TestPostgres.BINARIES, 0, random)) {
                assertThat(ProcessHandle.of(orphanPid).map(ProcessHandle::isAlive).orElse(false)).isFalse();
                assertThat(queryString(cluster, "select note from survivor")).isEqualTo("written before SIGKILL");
            }
        } finally {
            child.destroyForcibly();
            if (orphanPid > 0) {
                ProcessHandle.of(orphanPid).ifPresent(ProcessHandle::destroyForcibly);
            }
        }
    }

    private static Connection connect(EmbeddedPostgresCluster cluster) throws SQLException {
        Properties credentials = new Properties();
        credentials.setProperty("user", cluster.username());
        credentials.setProperty("password", cluster.password().reveal());
        return DriverManager.getConnection(cluster.jdbcUrl("gatewise"), credentials);
    }

    private static void execute(EmbeddedPostgresCluster cluster, String... statements) throws SQLException {
        try (Connection c = connect(cluster); Statement s = c.createStatement()) {
            for (String sql : statements) {
                s.execute(sql);
            }
        }
    }

    private static int queryInt(EmbeddedPostgresCluster cluster, String sql) throws SQLException {
        try (Connection c = connect(cluster); Statement s = c.createStatement(); ResultSet rs = s.executeQuery(sql)) {
            assertThat(rs.next()).isTrue();
            return rs.getInt(1);
        }
    }

    private static String queryString(EmbeddedPostgresCluster cluster, String sql) throws SQLException {
        try (Connection c = connect(cluster); Statement s = c.createStatement(); ResultSet rs = s.executeQuery(sql)) {
            assertThat(rs.next()).isTrue();
            return rs.getString(1);
        }
    }
}
