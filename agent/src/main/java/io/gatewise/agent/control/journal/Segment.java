package io.gatewise.agent.control.journal;

import java.io.EOFException;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.OptionalLong;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * One append-only segment file, named after the first event id it holds.
 *
 * <p>Its layout is decided under the journal's lock as events are appended ({@link #size},
 * {@link #lastId}); the bytes are written later by whichever appender leads the next
 * group commit. Only that leader writes and forces; readers use positional reads of
 * bytes already forced, which {@link FileChannel} allows concurrently.
 */
final class Segment {

    static final int HEADER_BYTES = 16;

    private static final int MAGIC = 0x47574A53; // "GWJS"
    private static final int VERSION = 1;
    private static final Pattern NAME = Pattern.compile("segment-(\\d{20})\\.log");

    final long baseId;
    final Path path;
    /** Set once by the leader that creates the file, then read by readers. */
    private volatile FileChannel channel;

    /** Bytes laid out so far, including records not yet written. Guarded by the journal lock. */
    long size;
    /** Id of the last record laid out in this segment. Guarded by the journal lock. */
    long lastId;

    private Segment(Path path, long baseId, FileChannel channel, long size, long lastId) {
        this.path = path;
        this.baseId = baseId;
        this.channel = channel;
        this.size = size;
        this.lastId = lastId;
    }

    /** A segment whose file does not exist yet; {@link #create} makes it. */
    static Segment planned(Path directory, long baseId) {
        return new Segment(directory.resolve(fileName(baseId)), baseId, null, HEADER_BYTES, 0);
    }

    /** A segment found on disk, checked by recovery. */
    static Segment recovered(Path path, long baseId, FileChannel channel, long size, long lastId) {
        return new Segment(path, baseId, channel, size, lastId);
    }

    static String fileName(long baseId) {
        return String.format("segment-%020d.log", baseId);
    }

    /** The base id encoded in a segment file name, or empty for any other file. */
    static OptionalLong parseBaseId(String fileName) {
        Matcher matcher = NAME.matcher(fileName);
        if (!matcher.matches()) {
            return OptionalLong.empty();
        }
        try {
            return OptionalLong.of(Long.parseLong(matcher.group(1)));
        } catch (NumberFormatException e) {
            return OptionalLong.empty();
        }
    }

    /** Whether a segment file starts with our header for this base id. */
    static boolean headerMatches(ByteBuffer file, long baseId) {
        return file.limit() >= HEADER_BYTES && file.getInt(0) == MAGIC
                && file.getInt(4) == VERSION && file.getLong(8) == baseId;
    }

    boolean isCreated() {
        return channel != null;
    }

    /** Creates the file with its header; the caller forces the directory afterwards. */
    void create() throws IOException {
        FileChannel created = FileChannel.open(path, StandardOpenOption.CREATE_NEW,
                StandardOpenOption.READ, StandardOpenOption.WRITE);
        try {
            ByteBuffer header = ByteBuffer.allocate(HEADER_BYTES)
                    .putInt(MAGIC).putInt(VERSION).putLong(baseId).flip();
            writeFully(created, header, 0);
        } catch (IOException | RuntimeException e) {
            created.close();
            throw e;
        }
        channel = created;
    }

    /** Writes the buffer's remaining bytes at {@code offset}. */
    void write(ByteBuffer bytes, long offset) throws IOException {
        writeFully(channel, bytes, offset);
    }

    void force() throws IOException {
        // fdatasync: flushes the data and the file size, which is all a reader needs.
        channel.force(false);
    }

    /** Fills {@code into} with the bytes at {@code offset}. */
    void read(ByteBuffer into, long offset) throws IOException {
        readFully(channel, into, offset);
    }

    void close() throws IOException {
        FileChannel open = channel;
        if (open != null) {
            open.close();
        }
    }

    void closeAndDelete() throws IOException {
        close();
        Files.deleteIfExists(path);
    }

    static void readFully(FileChannel channel, ByteBuffer into, long offset) throws IOException {
        long position = offset;
        while (into.hasRemaining()) {
            int read = channel.read(into, position);
            if (read < 0) {
                throw new EOFException("segment ends at " + position);
            }
            position += read;
        }
    }

    private static void writeFully(FileChannel channel, ByteBuffer bytes, long offset)
            throws IOException {
        long position = offset;
        while (bytes.hasRemaining()) {
            position += channel.write(bytes, position);
        }
    }

    @Override
    public String toString() {
        return path.getFileName().toString();
    }
}
