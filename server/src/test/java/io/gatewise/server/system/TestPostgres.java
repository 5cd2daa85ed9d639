package io.gatewise.server.system;

import java.nio.file.Path;

/** One unpacked copy of the PostgreSQL binaries for all tests, under target/. */
public final class TestPostgres {
    public static final Path BINARIES = Path.of(System.getProperty("java.io.tmpdir"), "postgres-dist");

    private TestPostgres() {
    }
}
