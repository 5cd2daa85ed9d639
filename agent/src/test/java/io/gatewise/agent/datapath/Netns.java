package io.gatewise.agent.datapath;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** Runs commands, inside network namespaces or not, with a time bound. */
final class Netns {
    record Result(int exit, String output) {
    }

    private Netns() {
    }

    static boolean isRoot() {
        return "root".equals(System.getProperty("user.name"));
    }

    static boolean hasTool(String tool) {
        return Files.isExecutable(Path.of("/usr/bin", tool)) || Files.isExecutable(Path.of("/usr/sbin", tool))
                || Files.isExecutable(Path.of("/bin", tool)) || Files.isExecutable(Path.of("/sbin", tool));
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
        if (r.exit != 0) {
            throw new IOException(String.join(" ", cmd) + " -> " + r.exit + ": " + r.output);
        }
        return r.output;
    }

    static String[] in(String ns, String... cmd) {
        List<String> l = new ArrayList<>(List.of("ip", "netns", "exec", ns));
        l.addAll(List.of(cmd));
        return l.toArray(new String[0]);
    }

    /**
     * A protected subnet inside {@code ns}: {@code address}/24 on a veth pair {@code lan0}
     * (the dummy driver is not everywhere), both ends up.
     */
    static void protectedLan(String ns, String address) throws IOException, InterruptedException {
        must(in(ns, "ip", "link", "add", "lan0", "type", "veth", "peer", "name", "lan0p"));
        must(in(ns, "ip", "addr", "add", address + "/24", "dev", "lan0"));
        must(in(ns, "ip", "link", "set", "lan0", "up"));
        must(in(ns, "ip", "link", "set", "lan0p", "up"));
    }

    /** Stops the processes a test started: politely, then forcibly after {@code graceSeconds}. */
    static void stopAll(List<Process> processes, long graceSeconds) throws InterruptedException {
        for (Process p : processes) {
            p.destroy();
        }
        for (Process p : processes) {
            if (!p.waitFor(graceSeconds, TimeUnit.SECONDS)) {
                p.destroyForcibly();
            }
        }
    }

    static void delete(String ns) {
        try {
            run(10, "ip", "netns", "pids", ns).output().lines().filter(s -> !s.isBlank())
                    .forEach(pid -> {
                        try {
                            run(5, "kill", "-9", pid.trim());
                        } catch (IOException | InterruptedException e) {
                            // best effort
                        }
                    });
            run(10, "ip", "netns", "del", ns);
        } catch (IOException | InterruptedException e) {
            // best effort
        }
    }
}
