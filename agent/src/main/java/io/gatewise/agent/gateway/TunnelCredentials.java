package io.gatewise.agent.gateway;

import io.gatewise.agent.config.Authentication;
import io.gatewise.agent.config.CertificateFiles;
import io.gatewise.agent.ike.auth.CredentialException;
import io.gatewise.agent.ike.auth.LocalCredentials;
import io.gatewise.agent.ike.auth.PeerCertificateValidator;
import io.gatewise.agent.ike.config.CertificateAuth;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * Where certificate-authenticated tunnels get their signature credentials from
 * (RFC 2409 section 5.1): our certificate and private key, and the CA(s) the peer's
 * certificate must chain to.
 *
 * <ul>
 *   <li>Server mode: the certificate and key the agent got at enrollment (issued by the
 *       Gatewise CA, subject {@code CN=<gateway id>}) and the Gatewise CA pinned then
 *       ({@code agent.crt}, {@code agent.key}, {@code ca.crt} of the state directory).</li>
 *   <li>Standalone mode: the files named in the tunnel's auth block
 *       ({@link CertificateFiles}); relative paths are resolved against the directory of
 *       the config file.</li>
 *   <li>A tunnel's {@code trustedCaPem} replaces the trusted CA of either.</li>
 * </ul>
 *
 * Files are read again when they change (a renewed certificate is used by tunnels
 * configured after the renewal). Loading happens on the reconciler's thread; the result
 * is immutable and shared by every tunnel with the same sources.
 */
public final class TunnelCredentials {
    /** The enrolled files, when the agent runs with a state directory. */
    private record Enrolled(Path certificate, Path privateKey, Path caChain) {
    }

    /** One combination of sources and what was loaded from it, with the files' modification times. */
    private record Loaded(List<Long> modified, CertificateAuth auth) {
    }

    private final Optional<Enrolled> enrolled;
    private final Path baseDir;
    private final Map<List<Object>, Loaded> cache = new HashMap<>();

    private TunnelCredentials(Optional<Enrolled> enrolled, Path baseDir) {
        this.enrolled = enrolled;
        this.baseDir = baseDir;
    }

    /** No enrolled credentials: certificate tunnels must name their files (standalone mode). */
    public static TunnelCredentials standalone(Path configDirectory) {
        return new TunnelCredentials(Optional.empty(), configDirectory.toAbsolutePath());
    }

    /** The credentials of enrollment (server mode); file paths in a pushed config are refused. */
    public static TunnelCredentials enrolled(Path certificate, Path privateKey, Path caChain) {
        return new TunnelCredentials(Optional.of(new Enrolled(certificate, privateKey, caChain)), Path.of("/"));
    }

    /** Neither enrolled nor standalone (tests of PSK tunnels): certificate tunnels are refused. */
    public static TunnelCredentials none() {
        return new TunnelCredentials(Optional.empty(), null);
    }

    /**
     * The signature credentials of a tunnel authenticating with certificates.
     *
     * @throws CredentialException with a plain reason when they cannot be loaded
     */
    public synchronized CertificateAuth forTunnel(Authentication auth) throws CredentialException {
        CertificateFiles files = auth.files();
        Path cert;
        Path key;
        Path ca;
        if (files.ownFromFiles() || !files.ca().isEmpty()) {
            if (baseDir == null || enrolled.isPresent()) {
                throw new CredentialException("certificate files in the auth block are for standalone mode only;"
                        + " with a server the agent uses its enrolled certificate");
            }
            if (!files.ownFromFiles()) {
                throw new CredentialException("caFile is set but certificateFile and privateKeyFile are not");
            }
            cert = resolve(files.certificate());
            key = resolve(files.privateKey());
            ca = files.ca().isEmpty() ? null : resolve(files.ca());
        } else if (enrolled.isPresent()) {
            cert = enrolled.get().certificate();
            key = enrolled.get().privateKey();
            ca = enrolled.get().caChain();
        } else {
            throw new CredentialException(baseDir == null
                    ? "certificate authentication needs the agent's enrolled certificate"
                    : "certificate authentication in standalone mode needs certificateFile, privateKeyFile and"
                            + " caFile (or trustedCaPem) in the auth block");
        }
        if (ca == null && auth.trustedCaPem().isBlank()) {
            throw new CredentialException("no CA to check the peer's certificate against: set caFile or trustedCaPem");
        }
        List<Object> sources = new ArrayList<>(List.of(cert, key, Objects.toString(ca), auth.trustedCaPem()));
        List<Long> modified = new ArrayList<>();
        for (Path p : new Path[] {cert, key, ca}) {
            modified.add(p == null ? 0L : modifiedMillis(p));
        }
        Loaded hit = cache.get(sources);
        if (hit != null && hit.modified().equals(modified)) {
            return hit.auth();
        }
        LocalCredentials own = LocalCredentials.load(cert, key, null);
        PeerCertificateValidator.Builder validator = PeerCertificateValidator.builder();
        if (!auth.trustedCaPem().isBlank()) {
            validator.trustAnchorsPem(auth.trustedCaPem());
        } else {
            validator.trustAnchorsPem(read(ca));
        }
        CertificateAuth result = CertificateAuth.of(own, validator.build());
        cache.put(sources, new Loaded(modified, result));
        return result;
    }

    private Path resolve(String file) {
        return baseDir.resolve(file).normalize();
    }

    private static long modifiedMillis(Path p) throws CredentialException {
        try {
            return Files.getLastModifiedTime(p).toMillis();
        } catch (IOException e) {
            throw new CredentialException("cannot read " + p + ": " + reason(e));
        }
    }

    private static String read(Path p) throws CredentialException {
        try {
            return Files.readString(p, StandardCharsets.US_ASCII);
        } catch (IOException e) {
            throw new CredentialException("cannot read " + p + ": " + reason(e));
        }
    }

    private static String reason(IOException e) {
        return e instanceof java.nio.file.NoSuchFileException ? "no such file"
                : e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
    }
}
