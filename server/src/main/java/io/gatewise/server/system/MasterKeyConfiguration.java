package io.gatewise.server.system;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.util.Base64;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.env.Environment;

/**
 * The master key that seals secrets at rest ({@link SecretBox}).
 *
 * <p>Production: {@code GATEWISE_MASTER_KEY} (or the property {@code gatewise.master-key}),
 * 32 random bytes in base64, e.g. from {@code openssl rand -base64 32}. Dev mode (no key
 * given): a key is generated once into {@code <data-dir>/master.key} (mode 0600) beside the
 * PostgreSQL data, with a warning, so that a fresh checkout runs with one command. Whoever
 * holds the database dump and this file holds the CA key: keep them apart in production.
 */
@Configuration(proxyBeanMethods = false)
public class MasterKeyConfiguration {
    private static final Logger log = LoggerFactory.getLogger(MasterKeyConfiguration.class);
    static final String PROPERTY = "gatewise.master-key";

    @Bean
    SecureRandom secureRandom() {
        return new SecureRandom();
    }

    @Bean
    SecretBox secretBox(Environment env, GatewiseProperties properties, SecureRandom random) throws IOException {
        String configured = env.getProperty(PROPERTY);
        byte[] key = configured != null && !configured.isBlank()
                ? decode(configured.trim(), "GATEWISE_MASTER_KEY")
                : devModeKey(properties.dataDir().toAbsolutePath().normalize(), random);
        return new SecretBox(key, random);
    }

    private static byte[] devModeKey(Path dataDir, SecureRandom random) throws IOException {
        Path file = dataDir.resolve("master.key");
        if (!Files.exists(file)) {
            Files.createDirectories(dataDir);
            byte[] key = new byte[SecretBox.KEY_LENGTH];
            random.nextBytes(key);
            try {
                // Created with 0600 from the start: there is no moment when others can read it.
                Files.createFile(file, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
                Files.writeString(file, Base64.getEncoder().encodeToString(key) + "\n", StandardCharsets.US_ASCII);
                log.warn("No GATEWISE_MASTER_KEY set: generated a master key in {} (dev mode). "
                        + "In production set GATEWISE_MASTER_KEY and keep it apart from database backups.", file);
                return key;
            } catch (FileAlreadyExistsException raced) {
                // another process created it meanwhile: use theirs
            }
        }
        log.warn("No GATEWISE_MASTER_KEY set: using the dev-mode master key in {}. "
                + "In production set GATEWISE_MASTER_KEY.", file);
        return decode(Files.readString(file, StandardCharsets.US_ASCII).trim(), file.toString());
    }

    private static byte[] decode(String base64, String source) {
        byte[] key;
        try {
            key = Base64.getDecoder().decode(base64);
        } catch (IllegalArgumentException e) {
            throw new IllegalStateException("master key from " + source + " is not valid base64");
        }
        if (key.length != SecretBox.KEY_LENGTH) {
            throw new IllegalStateException("master key from " + source + " must be 32 bytes (base64 of 32 random bytes, "
                    + "e.g. `openssl rand -base64 32`), got " + key.length + " bytes");
        }
        return key;
    }
}
