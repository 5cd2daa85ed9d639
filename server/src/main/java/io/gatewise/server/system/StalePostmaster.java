package io.gatewise.server.system;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Stops a PostgreSQL server left behind on our data directory by an earlier Gatewise JVM
 * that died without shutting it down (SIGKILL, OOM killer, power-cycled container). The
 * embedded cluster is started with {@code pg_ctl start}, which daemonises the postmaster,
 * so it outlives its JVM; a new {@code pg_ctl start} on the same directory then fails.
 *
 * <p>The postmaster writes {@code postmaster.pid} into its data directory: line 1 is its
 * PID, line 2 the data directory (PostgreSQL's {@code miscadmin.h}, LOCK_FILE_LINE_*). We
 * stop that process only when it is alive, is a postgres binary, and serves this very
 * directory; PID reuse by an unrelated process must never get it killed.
 */
final class StalePostmaster {
    private static final Logger log = LoggerFactory.getLogger(StalePostmaster.class);
    private static final Duration GRACE = Duration.ofSeconds(30);

    private StalePostmaster() {
    }

    /** Stops the orphan postmaster of {@code pgData}, if there is one. */
    static void stopIfRunning(Path pgData) throws IOException {
        Path pidFile = pgData.resolve("postmaster.pid");
        if (!Files.isRegularFile(pidFile)) {
            return;
        }
        List<String> lines = Files.readAllLines(pidFile, StandardCharsets.UTF_8);
        if (lines.size() < 2) {
            return; // being written or truncated: postgres itself will judge it
        }
        long pid;
        try {
            pid = Long.parseLong(lines.get(0).trim());
        } catch (NumberFormatException e) {
            return;
        }
        Optional<ProcessHandle> process = ProcessHandle.of(pid).filter(ProcessHandle::isAlive);
        if (process.isEmpty()) {
            return; // the pid file is stale but nobody runs: postgres overwrites it on start
        }
        if (!Path.of(lines.get(1).trim()).toAbsolutePath().normalize().equals(pgData.toAbsolutePath().normalize())) {
            return; // a copied data directory: that process serves another directory
        }
        ProcessHandle postmaster = process.get();
        String command = postmaster.info().command().orElse("") + " " + postmaster.info().commandLine().orElse("");
        if (!command.contains("postgres")) {
            throw new IllegalStateException("postmaster.pid in " + pgData + " names process " + pid + " ("
                    + command.trim() + "), which is not PostgreSQL; remove the file if no PostgreSQL runs on this directory");
        }
        log.warn("A PostgreSQL server (pid {}) is still running on {}, left by a Gatewise process that did not "
                + "shut down cleanly; stopping it", pid, pgData);
        List<ProcessHandle> children = postmaster.descendants().toList();
        postmaster.destroy(); // SIGTERM: smart shutdown; its clients died with the old JVM
        if (!awaitExit(postmaster, GRACE)) {
            log.warn("PostgreSQL pid {} did not stop within {} s; killing it", pid, GRACE.toSeconds());
            postmaster.destroyForcibly();
            awaitExit(postmaster, Duration.ofSeconds(10));
        }
        children.forEach(child -> {
            if (child.isAlive()) {
                child.destroyForcibly();
                awaitExit(child, Duration.ofSeconds(5));
            }
        });
    }

    private static boolean awaitExit(ProcessHandle process, Duration timeout) {
        try {
            process.onExit().get(timeout.toMillis(), TimeUnit.MILLISECONDS);
            return true;
        } catch (TimeoutException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return !process.isAlive();
        } catch (ExecutionException e) {
            return !process.isAlive();
        }
    }
}
