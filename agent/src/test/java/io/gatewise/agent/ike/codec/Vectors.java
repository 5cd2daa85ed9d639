package io.gatewise.agent.ike.codec;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.HexFormat;
import java.util.Optional;

/** Loads the strongSwan golden vectors of src/test/resources/vectors/strongswan (see make-vectors.py). */
public final class Vectors {
    private Vectors() {
    }

    /** The ISAKMP message of capture frame {@code frame} of a scenario. */
    public static byte[] message(String scenario, int frame) {
        return read(scenario, String.format("%02d.hex", frame)).orElseThrow();
    }

    /** The decrypted body of an encrypted message, with the sender's padding. */
    public static Optional<byte[]> plain(String scenario, int frame) {
        return read(scenario, String.format("%02d.plain.hex", frame));
    }

    public static Optional<String> text(String scenario, String file) {
        String path = "/vectors/strongswan/" + scenario + "/" + file;
        try (InputStream in = Vectors.class.getResourceAsStream(path)) {
            if (in == null) {
                return Optional.empty();
            }
            return Optional.of(new String(in.readAllBytes(), StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static Optional<byte[]> read(String scenario, String file) {
        return text(scenario, file).map(s -> HexFormat.of().parseHex(s.strip()));
    }
}
