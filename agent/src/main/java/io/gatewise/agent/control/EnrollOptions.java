package io.gatewise.agent.control;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Objects;
import java.util.Optional;

/**
 * What {@link Enrollment#enroll(EnrollOptions)} needs.
 *
 * @param server     the server's gRPC address
 * @param token      the one-time enrollment token shown to the admin
 * @param stateDir   where to keep key, certificates and enrollment record
 * @param hostname   the host name reported to the server (informational)
 * @param caFile     PEM file with the Gatewise CA to pin; empty means trust on first use
 *                   (see {@link ServerTrust})
 * @param serverName the name to expect in the server certificate when it differs from
 *                   {@code server.host()} (TLS authority override)
 * @param force      replace an existing enrollment
 * @param timeout    deadline of the Enroll call
 */
public record EnrollOptions(ServerAddress server, String token, Path stateDir, String hostname,
                            Optional<Path> caFile, Optional<String> serverName, boolean force, Duration timeout) {

    public EnrollOptions {
        Objects.requireNonNull(server, "server");
        Objects.requireNonNull(token, "token");
        Objects.requireNonNull(stateDir, "stateDir");
        Objects.requireNonNull(hostname, "hostname");
        Objects.requireNonNull(caFile, "caFile");
        Objects.requireNonNull(serverName, "serverName");
        Objects.requireNonNull(timeout, "timeout");
    }

    /** Options with defaults: this machine's host name, trust on first use, 30 s deadline. */
    public static EnrollOptions of(ServerAddress server, String token, Path stateDir) {
        return new EnrollOptions(server, token, stateDir, AgentInfo.hostname(), Optional.empty(), Optional.empty(),
                false, Duration.ofSeconds(30));
    }

    public EnrollOptions withCaFile(Path file) {
        return new EnrollOptions(server, token, stateDir, hostname, Optional.of(file), serverName, force, timeout);
    }

    public EnrollOptions withServerName(String name) {
        return new EnrollOptions(server, token, stateDir, hostname, caFile, Optional.of(name), force, timeout);
    }

    public EnrollOptions withHostname(String name) {
        return new EnrollOptions(server, token, stateDir, name, caFile, serverName, force, timeout);
    }

    public EnrollOptions withForce(boolean replace) {
        return new EnrollOptions(server, token, stateDir, hostname, caFile, serverName, replace, timeout);
    }

    @Override
    public String toString() {
        // The token is a credential: keep it out of logs.
        return "EnrollOptions[server=" + server + ", stateDir=" + stateDir + ", hostname=" + hostname
                + ", caFile=" + caFile + ", serverName=" + serverName + ", force=" + force + "]";
    }
}
