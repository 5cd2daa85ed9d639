package io.gatewise.agent.crypto;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/** Reads a whitespace-separated vector file from the test classpath, skipping # comments. */
public final class VectorFile {

    private VectorFile() {
    }

    /** Each line split on whitespace into at most {@code fields} fields (the last keeps the rest). */
    public static List<String[]> read(String resource, int fields) {
        try (InputStream in = VectorFile.class.getResourceAsStream(resource)) {
            if (in == null) {
                throw new IllegalArgumentException("missing test resource " + resource);
            }
            List<String[]> rows = new ArrayList<>();
            for (String line : new String(in.readAllBytes(), StandardCharsets.UTF_8).split("\n")) {
                if (line.isBlank() || line.startsWith("#")) {
                    continue;
                }
                String[] parts = line.trim().split("\\s+", fields);
                rows.add(Arrays.copyOf(parts, fields));
            }
            return rows;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
