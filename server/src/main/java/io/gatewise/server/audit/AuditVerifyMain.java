package io.gatewise.server.audit;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.Optional;

import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.datasource.DriverManagerDataSource;

import io.gatewise.server.system.SecretBox;

/**
 * Verifies the audit hash chains straight against PostgreSQL, without the server:
 *
 * <pre>
 *   java -cp gatewise-server.jar -Dloader.main=io.gatewise.server.audit.AuditVerifyMain \
 *        org.springframework.boot.loader.launch.PropertiesLauncher \
 *        --jdbc-url jdbc:postgresql://db/gatewise --user gatewise [--master-key-file F]
 * </pre>
 *
 * The password comes from {@code PGPASSWORD}; the master key (base64) from
 * {@code --master-key-file} or {@code GATEWISE_MASTER_KEY}. Without a master key,
 * checkpoint signatures are not checked (said on the output). Exit 0 intact, 1 broken,
 * 2 usage.
 */
public final class AuditVerifyMain {
    private AuditVerifyMain() {
    }

    public static void main(String[] args) throws Exception {
        String url = null;
        String user = System.getProperty("user.name");
        String keyFile = null;
        for (int i = 0; i + 1 < args.length; i += 2) {
            switch (args[i]) {
                case "--jdbc-url" -> url = args[i + 1];
                case "--user" -> user = args[i + 1];
                case "--master-key-file" -> keyFile = args[i + 1];
                default -> {
                    System.err.println("unknown option " + args[i]);
                    System.exit(2);
                }
            }
        }
        if (url == null || args.length % 2 != 0) {
            System.err.println("usage: AuditVerifyMain --jdbc-url URL [--user U] [--master-key-file F]"
                    + " (password from PGPASSWORD)");
            System.exit(2);
        }
        String key = keyFile != null ? Files.readString(Path.of(keyFile), StandardCharsets.US_ASCII).trim()
                : System.getenv("GATEWISE_MASTER_KEY");
        VerifyReport report = run(url, user, System.getenv("PGPASSWORD"), Optional.ofNullable(key));
        System.out.println(describe(report, key != null));
        System.exit(report.intact() ? 0 : 1);
    }

    static VerifyReport run(String url, String user, String password, Optional<String> masterKeyBase64) {
        DriverManagerDataSource ds = new DriverManagerDataSource(url, user, password == null ? "" : password);
        Optional<CheckpointSigner> signer = masterKeyBase64.map(k -> new CheckpointSigner(
                new SecretBox(Base64.getDecoder().decode(k), new SecureRandom()).deriveKey(CheckpointSigner.KEY_PURPOSE)));
        return new AuditVerifier(new AuditStore(new JdbcTemplate(ds)), signer).verifyAll();
    }

    static String describe(VerifyReport r, boolean signaturesChecked) {
        String scope = r.gatewaysChecked() + " gateway chain(s), " + r.rowsChecked() + " row(s)"
                + (signaturesChecked ? "" : " (checkpoint signatures NOT checked: no master key)");
        return r.brokenLink().map(b -> "BROKEN after checking " + scope + ": gateway " + b.gatewayId() + ", event "
                + b.eventId() + " (chain position " + b.chainSeq() + "): " + b.problem())
                .orElse("intact: " + scope);
    }
}
