package io.gatewise.agent.ike.interop;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Drives the shared strongSwan harness ({@code ../shared/interop}) from JUnit: scripts
 * with {@code INTEROP_WORK} under the repository's {@code target/}, swanctl against a
 * namespace's charon, the agent in namespace {@code right}, and the machine-wide lock.
 */
final class InteropHarness {
    static final Path REPO = Path.of(System.getProperty("user.dir")).getFileName().toString().equals("agent")
            ? Path.of(System.getProperty("user.dir")).getParent() : Path.of(System.getProperty("user.dir"));
    /** The harness work directory: {@code INTEROP_WORK} when set, else target/interop of the repository. */
    static final Path WORK = System.getenv("INTEROP_WORK") != null && !System.getenv("INTEROP_WORK").isBlank()
            ? Path.of(System.getenv("INTEROP_WORK")) : REPO.resolve("target/interop");
    static final Path HARNESS = locateHarness();

    private InteropHarness() {
    }

    private static Path locateHarness() {
        String configured = System.getProperty("gatewise.interop.harness", System.getenv("GATEWISE_INTEROP_HARNESS"));
        if (configured != null) {
            return Path.of(configured);
        }
        Path sibling = REPO.resolve("../shared/interop").normalize();
        return Files.isDirectory(sibling) ? sibling : Path.of("/work/shared/interop");
    }

    /** Why the interop tests cannot run here, or empty when they can. */
    static Optional<String> unavailable() {
        if (!System.getProperty("os.name").toLowerCase().contains("linux")) {
            return Optional.of("needs Linux network namespaces");
        }
        if (!"0".equals(exec(List.of("id", "-u"), 5).output().strip())) {
            return Optional.of("needs root (network namespaces)");
        }
        if (!Files.isExecutable(Path.of("/usr/lib/ipsec/charon"))) {
            return Optional.of("strongSwan's charon is not installed (.ci/install-deps.sh)");
        }
        if (!Files.isRegularFile(HARNESS.resolve("run-scenario.sh"))) {
            return Optional.of("interop harness not found at " + HARNESS + " (set gatewise.interop.harness)");
        }
        return Optional.empty();
    }

    record Result(int rc, String output) {
    }

    static Result exec(List<String> cmd, long timeoutSeconds) {
        return exec(cmd, Map.of(), timeoutSeconds);
    }

    static Result exec(List<String> cmd, Map<String, String> env, long timeoutSeconds) {
        try {
            ProcessBuilder pb = new ProcessBuilder(cmd).redirectErrorStream(true);
            pb.environment().putAll(env);
            Process p = pb.start();
            StringBuilder out = new StringBuilder();
            Thread reader = new Thread(() -> {
                try (BufferedReader r = new BufferedReader(new InputStreamReader(p.getInputStream(),
                        StandardCharsets.UTF_8))) {
                    String line;
                    while ((line = r.readLine()) != null) {
                        synchronized (out) {
                            out.append(line).append('\n');
                        }
                    }
                } catch (IOException e) {
                    // process ended
                }
            });
            reader.start();
            if (!p.waitFor(timeoutSeconds, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                reader.join(1000);
                return new Result(-1, out + "\n(timed out after " + timeoutSeconds + " s)");
            }
            reader.join(2000);
            synchronized (out) {
                return new Result(p.exitValue(), out.toString());
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    static Map<String, String> env() {
        Map<String, String> env = new HashMap<>();
        env.put("INTEROP_WORK", WORK.toString());
        env.put("IKE_LOGLEVEL", "4");
        return env;
    }

    /** Runs a harness script; fails the test when it fails. */
    static String script(String name, String... args) {
        List<String> cmd = new ArrayList<>(List.of("bash", HARNESS.resolve(name).toString()));
        cmd.addAll(List.of(args));
        Result r = exec(cmd, env(), 120);
        if (r.rc() != 0) {
            throw new AssertionError(name + " " + String.join(" ", args) + " failed (" + r.rc() + "):\n" + r.output());
        }
        return r.output();
    }

    static void teardownQuietly() {
        exec(List.of("bash", HARNESS.resolve("teardown.sh").toString()), env(), 60);
    }

    static String swanctl(String ns, String... args) {
        List<String> cmd = new ArrayList<>(List.of("swanctl"));
        cmd.addAll(List.of(args));
        Map<String, String> env = env();
        env.put("STRONGSWAN_CONF", WORK.resolve("state/" + ns + "/strongswan.conf").toString());
        return exec(cmd, env, 60).output();
    }

    /** What left's charon reports about its SAs ({@code swanctl --list-sas --raw}). */
    record CharonSa(String ikeState, String childState, String spiIn, String spiOut, String encrAlg,
            String encrKeysize, String integAlg, String dhGroup, String ikeEncr, String ikeDh, String mode,
            boolean encap) {
    }

    static Optional<CharonSa> leftSa() {
        String raw = swanctl("left", "--list-sas", "--raw");
        Matcher ike = Pattern.compile("list-sa event \\{\\S+ \\{(.*?) child-sas \\{(.*)\\}\\}\\}").matcher(raw);
        if (!ike.find()) {
            return Optional.empty();
        }
        Map<String, String> i = fields(ike.group(1));
        Map<String, String> c = fields(ike.group(2));
        return Optional.of(new CharonSa(i.get("state"), c.get("state"), c.get("spi-in"), c.get("spi-out"),
                c.get("encr-alg"), c.get("encr-keysize"), c.get("integ-alg"), c.get("dh-group"),
                i.get("encr-alg") + "-" + i.get("encr-keysize"), i.get("dh-group"), c.get("mode"),
                "yes".equals(c.get("encap"))));
    }

    private static Map<String, String> fields(String s) {
        Map<String, String> m = new HashMap<>();
        Matcher f = Pattern.compile("([a-z-]+)=(\\S+)").matcher(s);
        while (f.find()) {
            m.putIfAbsent(f.group(1), f.group(2));
        }
        return m;
    }

    /**
     * Holds {@code /tmp/gatewise-interop.lock} with flock(1), the lock every harness user
     * takes, for as long as this object is open (a child {@code flock ... cat} keeps it;
     * closing its stdin releases it, also if this JVM dies).
     */
    static final class Lock implements AutoCloseable {
        private final Process holder;

        Lock() throws IOException {
            holder = new ProcessBuilder("flock", "/tmp/gatewise-interop.lock", "sh", "-c", "echo locked; exec cat")
                    .redirectErrorStream(true).start();
            BufferedReader r = new BufferedReader(new InputStreamReader(holder.getInputStream(), StandardCharsets.UTF_8));
            String line = r.readLine();          // blocks until the lock is ours
            if (!"locked".equals(line)) {
                holder.destroy();
                throw new IOException("could not take the interop lock: " + line);
            }
        }

        @Override
        public void close() {
            try {
                holder.getOutputStream().close();
                holder.waitFor(5, TimeUnit.SECONDS);
            } catch (IOException e) {
                holder.destroy();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                holder.destroy();
            }
        }
    }
}
