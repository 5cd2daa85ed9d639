package io.gatewise.agent.control;

import io.gatewise.agent.config.AgentConfig;
import io.gatewise.agent.config.ConfigApplier;
import io.gatewise.agent.config.ConfigRejectedException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.Arrays;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Standalone mode's config source: applies the file once, then polls it and applies it
 * again whenever its content changes, so an operator edits the file (or a config tool
 * replaces it) and only the tunnels whose settings changed are renegotiated; the others
 * keep their SAs (the applier compares tunnel by tunnel).
 *
 * <p>A changed file that does not parse or validate is refused as a whole: the running
 * config stays, the problems are logged once, and the file is tried again only after it
 * changes again. Polling the content (not the modification time, not inotify) also works
 * for editors that replace the file by a rename and for files on network mounts.
 */
public final class StandaloneConfigWatcher implements AutoCloseable {
    /** How often the file is checked unless told otherwise. */
    public static final Duration DEFAULT_INTERVAL = Duration.ofSeconds(2);

    private static final Logger LOG = LoggerFactory.getLogger(StandaloneConfigWatcher.class);

    private final Path file;
    private final Reconciler reconciler;
    private final ScheduledExecutorService timer;
    private byte[] lastSeen = new byte[0];

    public StandaloneConfigWatcher(Path file, ConfigApplier applier) {
        this.file = Objects.requireNonNull(file, "file");
        this.reconciler = new Reconciler(applier, Optional.empty(), "");
        this.timer = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "gatewise-config-watch");
            t.setDaemon(true);
            return t;
        });
    }

    /**
     * Applies the file; a problem here is fatal to {@code run --config} (nothing to run).
     * Then checks the file every {@code interval}.
     */
    public synchronized AgentConfig start(Duration interval) throws ConfigRejectedException {
        lastSeen = digest(readQuietly());
        AgentConfig config = reconciler.applyStandalone(StandaloneConfig.read(file));
        long millis = interval.toMillis();
        timer.scheduleWithFixedDelay(this::checkQuietly, millis, millis, TimeUnit.MILLISECONDS);
        return config;
    }

    /**
     * Applies the file if its content changed since it was last looked at.
     *
     * @return true when a changed file was applied
     */
    public synchronized boolean check() {
        byte[] now = digest(readQuietly());
        if (Arrays.equals(now, lastSeen)) {
            return false;
        }
        lastSeen = now;
        try {
            AgentConfig config = reconciler.applyStandalone(StandaloneConfig.read(file));
            LOG.info("{} changed: applied as config v{} ({})", file, reconciler.appliedVersion(),
                    config.describeSize());
            return true;
        } catch (ConfigRejectedException e) {
            LOG.warn("{} changed but was refused; config v{} keeps running: {}", file, reconciler.appliedVersion(),
                    String.join("; ", e.problems()));
            return false;
        }
    }

    /** The version of the running config: 1 for the file as started, +1 per applied change. */
    public long appliedVersion() {
        return reconciler.appliedVersion();
    }

    private void checkQuietly() {
        try {
            check();
        } catch (RuntimeException e) {
            // the applier failed half-way; the next change is tried again, the timer lives on
            LOG.error("applying {} failed: {}", file, Failures.describe(e), e);
        }
    }

    /** The file's bytes, or empty when it cannot be read (then reading it reports why). */
    private byte[] readQuietly() {
        try {
            return Files.readAllBytes(file);
        } catch (IOException e) {
            return new byte[0];
        }
    }

    private static byte[] digest(byte[] content) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(content);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is missing from this JDK", e);
        }
    }

    @Override
    public void close() {
        timer.shutdownNow();
    }
}
