package io.gatewise.server.system;

import java.nio.file.Path;
import java.security.SecureRandom;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.util.Properties;

/**
 * Runs in a separate JVM for {@link EmbeddedPostgresClusterTest}: starts the cluster,
 * writes a row, reports READY and waits to be killed with SIGKILL, the way an OOM-killed
 * server dies and leaves its postmaster running.
 */
public final class StalePostmasterChild {
    private StalePostmasterChild() {
    }

    public static void main(String[] args) throws Exception {
        EmbeddedPostgresCluster cluster = EmbeddedPostgresCluster.start(Path.of(args[0]), TestPostgres.BINARIES, 0,
                new SecureRandom());
        cluster.ensureDatabase("gatewise");
        Properties credentials = new Properties();
        credentials.setProperty("user", cluster.username());
        credentials.setProperty("password", cluster.password().reveal());
        try (Connection c = DriverManager.getConnection(cluster.jdbcUrl("gatewise"), credentials);
             Statement s = c.createStatement()) {
            s.execute("create table survivor (note text)");
            s.execute("insert into survivor values ('written before SIGKILL')");
        }
        System.out.println("READY " + cluster.port());
        System.out.flush();
        Thread.sleep(Long.MAX_VALUE); // killed by the test
    }
}
