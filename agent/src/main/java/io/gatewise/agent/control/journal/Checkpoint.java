package io.gatewise.agent.control.journal;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.zip.CRC32C;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The journal's small state file, replaced atomically: written to a temporary file,
 * forced, renamed over the old one, then the directory is forced so the rename itself
 * survives a power loss. A reader therefore sees either the old or the new checkpoint,
 * never a mix; the checksum catches media damage.
 *
 * @param removedThrough every event id up to this one is acknowledged or dropped
 * @param acknowledgedThrough the highest id the server acknowledged
 * @param highestAssigned the highest id known durable when this was written, so ids are
 *        never reused even if the newest segment is lost
 * @param lossReportedThrough ids up to this one were already checked for loss on recovery
 *        and any loss announced, so a second restart does not announce it again
 */
record Checkpoint(long removedThrough, long acknowledgedThrough, long highestAssigned,
        long lossReportedThrough) {

    static final String FILE_NAME = "checkpoint";
    static final String TEMP_FILE_NAME = "checkpoint.tmp";
    static final int BYTES = 44;
    static final Checkpoint EMPTY = new Checkpoint(0, 0, 0, 0);

    private static final int MAGIC = 0x47574A43; // "GWJC"
    private static final int VERSION = 1;
    private static final Logger log = LoggerFactory.getLogger(Checkpoint.class);

    /**
     * Reads the checkpoint of a journal directory.
     *
     * @return null when there is none or it is damaged (logged); the caller then keeps
     *         every event still on disk, which at worst sends some again
     */
    static Checkpoint read(Path directory) throws IOException {
        Files.deleteIfExists(directory.resolve(TEMP_FILE_NAME));
        byte[] bytes;
        try {
            bytes = Files.readAllBytes(directory.resolve(FILE_NAME));
        } catch (NoSuchFileException e) {
            return null;
        }
        ByteBuffer buffer = ByteBuffer.wrap(bytes);
        if (bytes.length != BYTES || buffer.getInt(0) != MAGIC || buffer.getInt(4) != VERSION
                || buffer.getInt(BYTES - Integer.BYTES) != checksum(bytes)) {
            log.warn("event journal {}: checkpoint file is damaged ({} bytes); keeping every event"
                    + " still on disk, so some acknowledged ones may be sent again",
                    directory, bytes.length);
            return null;
        }
        return new Checkpoint(buffer.getLong(8), buffer.getLong(16), buffer.getLong(24),
                buffer.getLong(32));
    }

    /** Replaces the directory's checkpoint with this one, durably. */
    void write(Path directory) throws IOException {
        ByteBuffer buffer = ByteBuffer.allocate(BYTES)
                .putInt(MAGIC).putInt(VERSION)
                .putLong(removedThrough).putLong(acknowledgedThrough)
                .putLong(highestAssigned).putLong(lossReportedThrough);
        buffer.putInt(checksum(buffer.array())).flip();
        Path temp = directory.resolve(TEMP_FILE_NAME);
        try (FileChannel channel = FileChannel.open(temp, StandardOpenOption.CREATE,
                StandardOpenOption.WRITE, StandardOpenOption.TRUNCATE_EXISTING)) {
            while (buffer.hasRemaining()) {
                channel.write(buffer);
            }
            channel.force(true);
        }
        Files.move(temp, directory.resolve(FILE_NAME), StandardCopyOption.ATOMIC_MOVE,
                StandardCopyOption.REPLACE_EXISTING);
        forceDirectory(directory);
    }

    /** Makes file creations, renames and deletions in a directory durable (Linux). */
    static void forceDirectory(Path directory) throws IOException {
        try (FileChannel channel = FileChannel.open(directory, StandardOpenOption.READ)) {
            channel.force(true);
        }
    }

    private static int checksum(byte[] bytes) {
        CRC32C crc = new CRC32C();
        crc.update(bytes, 0, BYTES - Integer.BYTES);
        return (int) crc.getValue();
    }
}
