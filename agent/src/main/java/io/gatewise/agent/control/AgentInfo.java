package io.gatewise.agent.control;

import java.io.IOException;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/** What the agent tells the server about itself: software version and host name. */
public final class AgentInfo {
    private AgentInfo() {
    }

    /** The agent version from the jar manifest, or "dev" when run from classes. */
    public static String version() {
        String v = AgentInfo.class.getPackage().getImplementationVersion();
        return v == null ? "dev" : v;
    }

    /**
     * The machine's host name. Read from the kernel first: {@code InetAddress.getLocalHost()}
     * resolves the name through DNS, which can hang on a gateway whose resolver is behind
     * the very tunnel it is about to build.
     */
    public static String hostname() {
        try {
            String name = Files.readString(Path.of("/proc/sys/kernel/hostname"), StandardCharsets.US_ASCII).trim();
            if (!name.isEmpty()) {
                return name;
            }
        } catch (IOException | RuntimeException e) {
            // Not Linux: fall through.
        }
        String env = System.getenv("HOSTNAME");
        if (env != null && !env.isBlank()) {
            return env;
        }
        try {
            return InetAddress.getLocalHost().getHostName();
        } catch (IOException e) {
            return "unknown";
        }
    }
}
