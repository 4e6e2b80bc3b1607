package io.kubemon.collector.store;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;

/**
 * A run's journal in one of its two forms ({@link RunJournal} has both formats): with
 * {@code writeAhead} ({@code fsync=batch}) a segment each group's record is appended to and forced
 * once, with checkpoints behind the committer that retire full segments; otherwise one line per
 * group appended after its files ({@code fsync=interval|none}). The committer's alone:
 * {@link GroupCommit} calls it holding its commit lock (phase one) or its files lock (phase two).
 */
final class GroupJournal {
    private final Path dir;
    private final boolean writeAhead;
    private final long segmentBytes;
    /** Lines form: the journal appended to. Null in the write-ahead form. */
    private final FileChannel lines;
    /** Write-ahead form: the segment being appended to; null otherwise. */
    private JournalSegments.Segment segment;
    /** Write-ahead form: forces the files and writes the snapshot behind the committer. */
    private final Checkpointer checkpointer;

    GroupJournal(Path dir, boolean writeAhead, long segmentBytes, RunFiles files, long firstSegment)
            throws IOException {
        this.dir = dir;
        this.writeAhead = writeAhead;
        this.segmentBytes = segmentBytes;
        if (writeAhead) {
            this.segment = new JournalSegments.Segment(dir, firstSegment);
            this.lines = null;
            this.checkpointer = new Checkpointer(dir, files);
        } else {
            this.lines = FileChannel.open(
                    dir.resolve(RunJournal.FILE),
                    StandardOpenOption.CREATE,
                    StandardOpenOption.WRITE,
                    StandardOpenOption.APPEND);
            this.checkpointer = null;
        }
    }

    boolean writeAhead() {
        return writeAhead;
    }

    /**
     * Phase one: in the write-ahead form the group's record (its line, then every file's bytes in
     * order) is appended to the segment and forced, the group's one fsync; in the lines form its
     * line is made, to be written after its files.
     *
     * @param buffers per file the group touched, its bytes
     */
    void journal(CommitGroup g, ByteBuffer[][] buffers) throws IOException {
        if (!writeAhead) {
            g.line = g.record.line(0);
            return;
        }
        int pieces = 0;
        for (ByteBuffer[] b : buffers) {
            pieces += b.length;
        }
        ByteBuffer[] record = new ByteBuffer[1 + pieces];
        int r = 1;
        for (ByteBuffer[] file : buffers) {
            for (ByteBuffer b : file) {
                record[r++] = b.duplicate();
            }
        }
        record[0] = ByteBuffer.wrap(g.record.line(segment.number));
        segment.append(record);
    }

    /**
     * Write-ahead form: a full segment is closed and the next begun.
     *
     * @return the number of the segment begun, which the checkpoint of the full one names; 0 when
     *         the segment is not full (and always in the lines form)
     */
    long rollIfFull() throws IOException {
        if (!writeAhead || segment.size < segmentBytes) {
            return 0;
        }
        long next = segment.number + 1;
        segment.close();
        segment = new JournalSegments.Segment(dir, next);
        return next;
    }

    /** Phase two, after the group's files are written: the lines form's line. */
    void afterFiles(CommitGroup g) throws IOException {
        if (g.line == null) {
            return;
        }
        FaultPoints.reach(FaultPoints.Step.JOURNAL_LINE);
        ByteBuffer line = ByteBuffer.wrap(g.line);
        while (line.hasRemaining()) {
            lines.write(line);
        }
    }

    /** Hands a full segment's snapshot to the checkpointer, which forces the files first. */
    void checkpoint(RunJournal.State snapshot, List<FileChannel> files, Consumer<IOException> failed) {
        checkpointer.submit(snapshot, files, failed);
    }

    /** What the interval fsync forces beside the files: the lines form's journal. */
    void addSyncChannel(List<FileChannel> channels) {
        if (lines != null) {
            channels.add(lines);
        }
    }

    /** Waits for the pending checkpoint, at most {@code minutes}. */
    void awaitCheckpoints(long minutes) {
        if (checkpointer != null) {
            checkpointer.stop(minutes);
        }
    }

    /**
     * The last checkpoint of a finished run: the files forced and the journal made the snapshot of
     * everything, so no segment is left. With a null snapshot (after a write failure) the segment is
     * only closed: it stays for the recovery a restart makes.
     */
    void finish(RunJournal.State snapshot, List<FileChannel> files) throws IOException {
        if (snapshot == null) {
            segment.close();
            return;
        }
        snapshot.nextSegment = segment.number + 1;
        segment.close();
        checkpointer.last(snapshot, files);
    }

    /** Closes the run's files and the lines form's journal; every failure is reported, in one exception. */
    void closeWith(RunFiles files) throws IOException {
        List<IOException> failures = new ArrayList<>();
        files.close(failures);
        try {
            if (lines != null) {
                lines.close();
            }
        } catch (IOException e) {
            failures.add(e);
        }
        if (!failures.isEmpty()) {
            IOException e = new IOException("failed to close " + failures.size() + " file(s)");
            failures.forEach(e::addSuppressed);
            throw e;
        }
    }

    /** Given up after a failure (the pending checkpoint awaited first): the segment closed, nothing more written. */
    void abandon() throws IOException {
        if (segment != null) {
            segment.close();
        }
    }
}
