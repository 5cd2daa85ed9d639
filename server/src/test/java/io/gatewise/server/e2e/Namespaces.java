package io.gatewise.server.e2e;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;

import com.sun.jna.Library;
import com.sun.jna.Native;

/**
 * Network namespaces for end-to-end tests, and a thread that lives in one.
 *
 * <p>A Linux network namespace belongs to a thread, not to a process: after
 * {@code setns(2)} only the calling thread is in the namespace, and every socket, TUN
 * device and child process it creates is created there (and stays there, whichever
 * thread uses it later). So an agent's gateway opened on such a thread has its UDP 500 /
 * 4500 and its TUN device inside the namespace, while the same JVM's gRPC channel (made
 * on an ordinary thread) reaches the server on loopback.
 */
final class Namespaces {
    private static final int O_RDONLY = 0;
    private static final int CLONE_NEWNET = 0x40000000;

    /** The libc calls JNA needs; errno comes from {@link Native#getLastError()}. */
    private interface LibC extends Library {
        int open(String path, int flags);

        int setns(int fd, int nstype);

        int close(int fd);
    }

    private static volatile LibC libc;

    private Namespaces() {
    }

    /** Why namespace tests cannot run here, or empty when they can. */
    static Optional<String> unavailable() {
        if (!"root".equals(System.getProperty("user.name"))) {
            return Optional.of("network namespaces need root");
        }
        if (!Files.exists(Path.of("/dev/net/tun"))) {
            return Optional.of("no /dev/net/tun");
        }
        for (String tool : List.of("ip", "ping")) {
            if (List.of("/usr/sbin", "/usr/bin", "/sbin", "/bin").stream()
                    .noneMatch(d -> Files.isExecutable(Path.of(d, tool)))) {
                return Optional.of(tool + " is not installed");
            }
        }
        return Optional.empty();
    }

    record Result(int exit, String output) {
    }

    static Result run(long timeoutSeconds, String... cmd) throws IOException, InterruptedException {
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        if (!p.waitFor(timeoutSeconds, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            p.waitFor(5, TimeUnit.SECONDS);
            return new Result(-1, "timeout: " + String.join(" ", cmd));
        }
        return new Result(p.exitValue(), new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8));
    }

    static String must(String... cmd) throws IOException, InterruptedException {
        Result r = run(20, cmd);
        if (r.exit() != 0) {
            throw new IOException(String.join(" ", cmd) + " -> " + r.exit() + ": " + r.output());
        }
        return r.output();
    }

    static String[] in(String ns, String... cmd) {
        List<String> l = new ArrayList<>(List.of("ip", "netns", "exec", ns));
        l.addAll(List.of(cmd));
        return l.toArray(new String[0]);
    }

    /** Creates a namespace with loopback up and rp_filter off (decrypted packets arrive on a TUN). */
    static void create(String ns) throws IOException, InterruptedException {
        delete(ns); // a leftover of a killed run
        must("ip", "netns", "add", ns);
        must("ip", "-n", ns, "link", "set", "lo", "up");
        must(in(ns, "sysctl", "-qw", "net.ipv4.conf.all.rp_filter=0", "net.ipv4.conf.default.rp_filter=0"));
    }

    /**
     * Removes a namespace: processes started in it are killed first (never this JVM, whose
     * main thread stays in the host namespace).
     */
    static void delete(String ns) {
        try {
            if (!Files.exists(Path.of("/var/run/netns", ns))) {
                return;
            }
            long self = ProcessHandle.current().pid();
            for (String pid : run(10, "ip", "netns", "pids", ns).output().lines().map(String::trim)
                    .filter(s -> s.matches("\\d+")).toList()) {
                if (Long.parseLong(pid) != self) {
                    run(5, "kill", "-9", pid);
                }
            }
            run(10, "ip", "netns", "del", ns);
        } catch (IOException | InterruptedException e) {
            // best effort: the next run deletes it first
        }
    }

    /** A single thread that moved into {@code ns} before running anything. */
    static ExecutorService threadIn(String ns) {
        ExecutorService executor = Executors.newSingleThreadExecutor(r -> {
            Thread t = new Thread(() -> {
                enter(ns);
                r.run();
            }, "netns-" + ns);
            t.setDaemon(true);
            return t;
        });
        return executor;
    }

    private static void enter(String ns) {
        LibC c = libc;
        if (c == null) {
            c = Native.load("c", LibC.class);
            libc = c;
        }
        int fd = c.open("/var/run/netns/" + ns, O_RDONLY);
        if (fd < 0) {
            throw new IllegalStateException("open /var/run/netns/" + ns + ": errno " + Native.getLastError());
        }
        try {
            if (c.setns(fd, CLONE_NEWNET) != 0) {
                throw new IllegalStateException("setns " + ns + ": errno " + Native.getLastError());
            }
        } finally {
            c.close(fd);
        }
    }
}
