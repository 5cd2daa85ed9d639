package io.gatewise.agent.control;

import com.google.protobuf.InvalidProtocolBufferException;
import io.gatewise.proto.v1.ConfigUpdate;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.PrivateKey;
import java.security.SecureRandom;
import java.security.interfaces.ECPrivateKey;
import java.util.Arrays;
import java.util.Optional;
import javax.crypto.Cipher;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;
import org.bouncycastle.crypto.digests.SHA256Digest;
import org.bouncycastle.crypto.generators.HKDFBytesGenerator;
import org.bouncycastle.crypto.params.HKDFParameters;
import org.bouncycastle.util.BigIntegers;

/**
 * The last applied config on disk, so that a restarted agent runs it before (or without)
 * reaching the server.
 *
 * <p>The file holds pre-shared keys, and the contract says they are stored encrypted on
 * both ends. It is written atomically, mode 0600, and sealed with AES-256-GCM under a
 * key derived with HKDF-SHA256 (RFC 5869) from the agent's private key, with the
 * gateway id as additional data:
 *
 * <pre>
 *   0        4                 16
 *   +--------+-----------------+----------------------------------------------+
 *   | "GWC1" | 12-byte nonce   | AES-256-GCM(ConfigUpdate protobuf) | 16-byte tag |
 *   +--------+-----------------+----------------------------------------------+
 * </pre>
 *
 * <p>What this protects against, honestly: a copy of the file alone (a backup, a support
 * bundle, a stray {@code scp}) does not reveal the keys, and a file from another gateway or
 * another enrollment is refused instead of applied. It does not protect against someone
 * who can read the agent's private key, which sits in the same directory; that needs a
 * hardware key store, out of scope here.
 */
public final class ConfigStore {
    private static final byte[] MAGIC = "GWC1".getBytes(StandardCharsets.US_ASCII);
    private static final int NONCE_LENGTH = 12;
    private static final int TAG_BITS = 128;
    private static final byte[] HKDF_SALT = "gatewise-agent applied-config".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] HKDF_INFO = "v1 aes-256-gcm".getBytes(StandardCharsets.US_ASCII);
    private static final SecureRandom RANDOM = new SecureRandom();

    private final Path file;
    private final SecretKeySpec key;
    private final byte[] aad;

    private ConfigStore(Path file, SecretKeySpec key, byte[] aad) {
        this.file = file;
        this.key = key;
        this.aad = aad;
    }

    /** A store sealed for this agent identity. */
    public static ConfigStore forIdentity(Path file, PrivateKey agentKey, String gatewayId) {
        byte[] ikm = agentKey instanceof ECPrivateKey ec
                ? BigIntegers.asUnsignedByteArray((ec.getParams().getOrder().bitLength() + 7) / 8, ec.getS())
                : agentKey.getEncoded();
        byte[] okm = new byte[32];
        HKDFBytesGenerator hkdf = new HKDFBytesGenerator(new SHA256Digest());
        hkdf.init(new HKDFParameters(ikm, HKDF_SALT, HKDF_INFO));
        hkdf.generateBytes(okm, 0, okm.length);
        Arrays.fill(ikm, (byte) 0);
        byte[] id = gatewayId.getBytes(StandardCharsets.UTF_8);
        byte[] aad = ByteBuffer.allocate(MAGIC.length + id.length).put(MAGIC).put(id).array();
        SecretKeySpec spec = new SecretKeySpec(okm, "AES");
        Arrays.fill(okm, (byte) 0);
        return new ConfigStore(file, spec, aad);
    }

    public Path file() {
        return file;
    }

    /**
     * The saved config, or empty when there is none.
     *
     * @throws IOException when the file exists but is damaged or sealed for another identity
     */
    public Optional<ConfigUpdate> load() throws IOException {
        byte[] data;
        try {
            data = Files.readAllBytes(file);
        } catch (NoSuchFileException e) {
            return Optional.empty();
        }
        if (data.length < MAGIC.length + NONCE_LENGTH + TAG_BITS / 8
                || !Arrays.equals(Arrays.copyOf(data, MAGIC.length), MAGIC)) {
            throw new IOException(file + " is not a saved Gatewise config");
        }
        try {
            Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
            cipher.init(Cipher.DECRYPT_MODE, key,
                    new GCMParameterSpec(TAG_BITS, data, MAGIC.length, NONCE_LENGTH));
            cipher.updateAAD(aad);
            byte[] plain = cipher.doFinal(data, MAGIC.length + NONCE_LENGTH, data.length - MAGIC.length - NONCE_LENGTH);
            try {
                return Optional.of(ConfigUpdate.parseFrom(plain));
            } finally {
                Arrays.fill(plain, (byte) 0);
            }
        } catch (javax.crypto.AEADBadTagException e) {
            throw new IOException(file + " is damaged or was saved by another enrollment");
        } catch (InvalidProtocolBufferException e) {
            throw new IOException(file + " does not hold a config: " + e.getMessage());
        } catch (GeneralSecurityException e) {
            throw new IOException("cannot decrypt " + file + ": " + e.getMessage(), e);
        }
    }

    /** Replaces the saved config atomically (temp file, fsync, rename). */
    public void save(ConfigUpdate update) throws IOException {
        byte[] plain = update.toByteArray();
        byte[] nonce = new byte[NONCE_LENGTH];
        RANDOM.nextBytes(nonce);
        try {
            Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
            cipher.init(Cipher.ENCRYPT_MODE, key, new GCMParameterSpec(TAG_BITS, nonce));
            cipher.updateAAD(aad);
            byte[] sealed = cipher.doFinal(plain);
            byte[] out = ByteBuffer.allocate(MAGIC.length + NONCE_LENGTH + sealed.length)
                    .put(MAGIC).put(nonce).put(sealed).array();
            AtomicFiles.write(file, out, AtomicFiles.PRIVATE);
        } catch (GeneralSecurityException e) {
            throw new IOException("cannot encrypt the config: " + e.getMessage(), e);
        } finally {
            Arrays.fill(plain, (byte) 0);
        }
    }

    /** Removes the saved config. */
    public void delete() throws IOException {
        AtomicFiles.delete(file);
    }
}
