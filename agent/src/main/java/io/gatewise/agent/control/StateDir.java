package io.gatewise.agent.control;

import java.io.IOException;
import java.io.StringReader;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.security.PrivateKey;
import java.security.cert.CertificateException;
import java.security.cert.X509Certificate;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.Properties;

/**
 * The agent's state directory (default {@value #DEFAULT_PATH}), owner-only:
 *
 * <pre>
 *   agent.key               our private key, PKCS#8 PEM, mode 0600; generated here, never sent
 *   agent.crt               our certificate from the Gatewise CA, PEM (CN=&lt;gateway id&gt;)
 *   ca.crt                  the CA chain from enrollment, PEM, issuing CA first
 *   enrollment.properties   gateway id, server address, enrollment time (written last:
 *                           its presence means "enrolled")
 *   applied-config.bin      the last applied config, encrypted ({@link ConfigStore}), mode 0600
 *   events/                 the on-disk queue of SA events not yet acknowledged by the server
 * </pre>
 */
public final class StateDir {
    /** Where the agent keeps its state unless told otherwise. */
    public static final String DEFAULT_PATH = "/var/lib/gatewise-agent";

    private final Path root;

    public StateDir(Path root) {
        this.root = root;
    }

    public static StateDir defaultDir() {
        return new StateDir(Path.of(DEFAULT_PATH));
    }

    public Path root() {
        return root;
    }

    public Path privateKeyFile() {
        return root.resolve("agent.key");
    }

    public Path certificateFile() {
        return root.resolve("agent.crt");
    }

    public Path caChainFile() {
        return root.resolve("ca.crt");
    }

    public Path enrollmentFile() {
        return root.resolve("enrollment.properties");
    }

    public Path appliedConfigFile() {
        return root.resolve("applied-config.bin");
    }

    /** The event journal's directory ({@link io.gatewise.agent.control.journal.EventJournal}). */
    public Path eventJournalDir() {
        return root.resolve("events");
    }

    public boolean isEnrolled() {
        return Files.isRegularFile(enrollmentFile());
    }

    /**
     * What enrollment left behind.
     *
     * @param gatewayId  our gateway id (the CN of our certificate)
     * @param server     the server we enrolled with, used by {@code run} unless overridden
     * @param serverName the TLS name to expect from the server when it differs from the host
     * @param enrolledAt when enrollment happened
     */
    public record Enrollment(String gatewayId, ServerAddress server, Optional<String> serverName, Instant enrolledAt) {
    }

    /** The identity material for mutual TLS. */
    public record Credentials(PrivateKey privateKey, List<X509Certificate> certificateChain,
                              List<X509Certificate> caChain) {
        public Credentials {
            certificateChain = List.copyOf(certificateChain);
            caChain = List.copyOf(caChain);
        }

        public X509Certificate certificate() {
            return certificateChain.get(0);
        }
    }

    /** Reads {@code enrollment.properties}; throws {@link AgentStateException} when not enrolled. */
    public Enrollment readEnrollment() throws AgentStateException {
        Properties p = new Properties();
        try {
            p.load(new StringReader(Files.readString(enrollmentFile(), StandardCharsets.UTF_8)));
        } catch (NoSuchFileException e) {
            throw new AgentStateException("this agent is not enrolled (no " + enrollmentFile()
                    + "); run 'gatewise-agent enroll' first");
        } catch (IOException e) {
            throw new AgentStateException("cannot read " + enrollmentFile() + ": " + Failures.describe(e));
        }
        String id = p.getProperty("gateway-id", "");
        String server = p.getProperty("server", "");
        if (id.isBlank() || server.isBlank()) {
            throw new AgentStateException(enrollmentFile() + " is incomplete; enroll again");
        }
        try {
            String name = p.getProperty("server-name", "");
            return new Enrollment(id, ServerAddress.parse(server), name.isBlank() ? Optional.empty() : Optional.of(name),
                    Instant.parse(p.getProperty("enrolled-at", Instant.EPOCH.toString())));
        } catch (RuntimeException e) {
            throw new AgentStateException(enrollmentFile() + " is damaged (" + e.getMessage() + "); enroll again");
        }
    }

    /** Writes {@code enrollment.properties} atomically. */
    void writeEnrollment(Enrollment e) throws IOException {
        Properties p = new Properties();
        p.setProperty("gateway-id", e.gatewayId());
        p.setProperty("server", e.server().toString());
        e.serverName().ifPresent(n -> p.setProperty("server-name", n));
        p.setProperty("enrolled-at", e.enrolledAt().toString());
        StringWriter out = new StringWriter();
        p.store(out, "Gatewise agent enrollment; written by 'gatewise-agent enroll'");
        AtomicFiles.write(enrollmentFile(), out.toString().getBytes(StandardCharsets.UTF_8), AtomicFiles.PUBLIC);
    }

    /** Reads our key, certificate and the CA chain. */
    public Credentials readCredentials() throws AgentStateException {
        try {
            PrivateKey key = Pem.decodePrivateKey(Files.readString(privateKeyFile(), StandardCharsets.US_ASCII));
            List<X509Certificate> chain = Pem.decodeCertificates(
                    Files.readString(certificateFile(), StandardCharsets.US_ASCII));
            List<X509Certificate> ca = Pem.decodeCertificates(Files.readString(caChainFile(), StandardCharsets.US_ASCII));
            if (chain.isEmpty() || ca.isEmpty()) {
                throw new AgentStateException("certificate or CA file in " + root + " is empty; enroll again");
            }
            return new Credentials(key, chain, ca);
        } catch (NoSuchFileException e) {
            throw new AgentStateException("missing " + e.getFile() + "; enroll again");
        } catch (IOException | CertificateException e) {
            throw new AgentStateException("cannot read the agent's key or certificates in " + root + ": "
                    + Failures.describe(e));
        }
    }
}
