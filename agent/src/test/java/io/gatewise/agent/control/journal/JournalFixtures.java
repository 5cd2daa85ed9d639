package io.gatewise.agent.control.journal;

import io.gatewise.proto.v1.EventKind;
import io.gatewise.proto.v1.Failure;
import io.gatewise.proto.v1.Role;
import io.gatewise.proto.v1.SaEvent;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;

/** Events, clocks and file helpers shared by the journal tests. */
final class JournalFixtures {

    static final long START_MILLIS = 1_764_000_000_000L;

    private JournalFixtures() {
    }

    /** A failure event whose reason names {@code n}, so tests can tell events apart. */
    static SaEvent event(long n) {
        return SaEvent.newBuilder()
                .setTimestampMillis(START_MILLIS + n)
                .setKind(EventKind.EVENT_KIND_PHASE1_FAILED)
                .setTunnel("branch-" + (n % 7))
                .setPeerEndpoint("192.0.2.1:500")
                .setRole(Role.ROLE_INITIATOR)
                .setStage("main_mode")
                .setFailure(Failure.newBuilder()
                        .setNotification("NO-PROPOSAL-CHOSEN")
                        .setReason("event " + n)
                        .addOfferedProposals("aes128-sha1-modp1024"))
                .build();
    }

    /** The event as the journal hands it back: with its id. */
    static SaEvent withId(SaEvent event, long id) {
        return event.toBuilder().setEventId(id).build();
    }

    static boolean isDropNotice(SaEvent event) {
        return event.getKind() == EventKind.EVENT_KIND_EVENTS_DROPPED;
    }

    static List<Long> ids(List<SaEvent> events) {
        return events.stream().map(SaEvent::getEventId).toList();
    }

    static List<Path> segmentFiles(Path directory) throws IOException {
        try (Stream<Path> files = Files.list(directory)) {
            return files.filter(f -> Segment.parseBaseId(f.getFileName().toString()).isPresent())
                    .sorted()
                    .toList();
        }
    }

    static Path lastSegment(Path directory) throws IOException {
        List<Path> segments = segmentFiles(directory);
        return segments.get(segments.size() - 1);
    }

    /** Copies the journal files (not the lock) of one directory into a new one. */
    static void copyJournal(Path from, Path to) throws IOException {
        Files.createDirectories(to);
        try (Stream<Path> files = Files.list(from)) {
            for (Path file : files.toList()) {
                if (!file.getFileName().toString().equals(EventJournal.LOCK_FILE_NAME)) {
                    Files.copy(file, to.resolve(file.getFileName()));
                }
            }
        }
    }

    static void deleteRecursively(Path directory) {
        if (!Files.exists(directory)) {
            return;
        }
        try (Stream<Path> files = Files.walk(directory)) {
            for (Path file : files.sorted(Comparator.reverseOrder()).toList()) {
                Files.delete(file);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static void truncate(Path file, long size) throws IOException {
        try (FileChannel channel = FileChannel.open(file, StandardOpenOption.WRITE)) {
            channel.truncate(size);
        }
    }

    static void flipByte(Path file, long position) throws IOException {
        try (FileChannel channel = FileChannel.open(file, StandardOpenOption.READ,
                StandardOpenOption.WRITE)) {
            ByteBuffer one = ByteBuffer.allocate(1);
            channel.read(one, position);
            one.put(0, (byte) (one.get(0) ^ 0x5A)).rewind();
            channel.write(one, position);
        }
    }

    /** A clock the test moves by hand. */
    static final class MutableClock extends Clock {

        private volatile long millis = START_MILLIS;

        void advanceMillis(long delta) {
            millis += delta;
        }

        @Override
        public long millis() {
            return millis;
        }

        @Override
        public Instant instant() {
            return Instant.ofEpochMilli(millis);
        }

        @Override
        public ZoneId getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(ZoneId zone) {
            throw new UnsupportedOperationException();
        }
    }
}
