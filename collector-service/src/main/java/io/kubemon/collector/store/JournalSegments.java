package io.kubemon.collector.store;

import io.kubemon.collector.store.RunJournal.State;
import java.io.Closeable;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

/**
 * The write-ahead segments of a run directory ({@code .kubemon-wal.<k>} and the spare) and the
 * snapshot that retires them; {@link RunJournal} has the format of both.
 */
final class JournalSegments {
    private JournalSegments() {}

    static Path segment(Path dir, long k) {
        return dir.resolve(RunJournal.SEGMENT + k);
    }

    /** The segments in the directory numbered below {@code next}, or all with Long.MAX_VALUE. */
    static List<Path> segmentsBelow(Path dir, long next) throws IOException {
        List<Path> out = new ArrayList<>();
        try (Stream<Path> s = Files.list(dir)) {
            for (Path p : s.toList()) {
                String name = p.getFileName().toString();
                if (name.startsWith(RunJournal.SEGMENT)) {
                    try {
                        if (Long.parseLong(name.substring(RunJournal.SEGMENT.length())) < next) {
                            out.add(p);
                        }
                    } catch (NumberFormatException e) {
                        // not ours
                    }
                }
            }
        }
        return out;
    }

    /**
     * Makes {@code state} the journal: written to a temp file, forced, renamed over the journal,
     * the directory forced; then the segments it covers are deleted, one kept as the spare when
     * {@code keepSpare} (its blocks exist, so forcing records into it is faster than into a new
     * file). The CSV files must already be on disk up to the state's lengths (the caller forced them).
     */
    static void writeSnapshot(Path dir, State state, boolean keepSpare) throws IOException {
        io.kubemon.common.files.AtomicFiles.write(dir.resolve(RunJournal.FILE), RunJournal.snapshot(state));
        List<Path> old = segmentsBelow(dir, state.nextSegment);
        for (Path p : old) {
            if (keepSpare && !Files.exists(dir.resolve(RunJournal.SPARE))) {
                Files.move(p, dir.resolve(RunJournal.SPARE), StandardCopyOption.ATOMIC_MOVE);
            } else {
                Files.deleteIfExists(p);
            }
        }
    }

    /** Makes a directory's entries (a new or renamed file) durable. */
    static void forceDirectory(Path dir) throws IOException {
        io.kubemon.common.files.AtomicFiles.forceDirectory(dir);
    }

    /** The write-ahead segment being appended to. */
    static final class Segment implements Closeable {
        final long number;
        final FileChannel channel;
        long size;

        /**
         * Begins segment {@code number}: the spare renamed (its old bytes stay, and replay stops where
         * the first record not of this segment begins), or a new empty file.
         */
        Segment(Path dir, long number) throws IOException {
            this.number = number;
            Path path = segment(dir, number);
            Path spare = dir.resolve(RunJournal.SPARE);
            if (Files.exists(spare)) {
                Files.move(spare, path, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
                this.channel = FileChannel.open(path, StandardOpenOption.WRITE);
            } else {
                this.channel = FileChannel.open(
                        path,
                        StandardOpenOption.CREATE,
                        StandardOpenOption.WRITE,
                        StandardOpenOption.TRUNCATE_EXISTING);
            }
            forceDirectory(dir); // the new segment's name must survive a machine failure as its records do
        }

        /** Appends one record (its line, then its bytes) and forces it: the group's one fsync. */
        void append(ByteBuffer[] record) throws IOException {
            FaultPoints.reach(FaultPoints.Step.SEGMENT);
            long total = 0;
            for (ByteBuffer b : record) {
                total += b.remaining();
            }
            for (long written = 0; written < total; ) {
                written += channel.write(record);
            }
            channel.force(false);
            size += total;
        }

        @Override
        public void close() throws IOException {
            channel.close();
        }
    }
}
