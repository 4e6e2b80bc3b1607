package io.kubemon.collector.store;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.locks.ReentrantLock;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The group commit of a run's writer: batches join the open group ({@link CsvRunWriter#append},
 * under this object's monitor), and a committer takes the group, makes it durable through the
 * journal ({@link GroupJournal}) and writes its bytes to the files, in two pipelined phases. Its
 * monitor guards the open group, the writer's first failure and whether it is closed; the
 * committer's own state is guarded by the commit and files locks.
 */
final class GroupCommit {
    private static final Logger log = LoggerFactory.getLogger(CsvRunWriter.class);

    private final Path dir;
    private final boolean writeAhead;
    private final RunFiles files;
    private final CommittedTotals totals;
    private final GroupJournal journal;
    /** Held while a group is taken and journalled (phase one of a commit). */
    private final ReentrantLock commitLock = new ReentrantLock();
    /** Held while a taken group's bytes go to the files (phase two); taken before commitLock is let go. */
    private final ReentrantLock filesLock = new ReentrantLock();

    /** The commit batches join; swapped for a new one when a committer takes it. Guarded by this. */
    CommitGroup open;
    /** The writer's first failed write; it then takes no more batches. Guarded by this. */
    IOException failure;
    /** No batch enters once closed. Guarded by this. */
    boolean closed;
    /** Told of bytes written and of a failure found outside an append (a checkpoint, a sync). */
    volatile CsvRunWriter.Listener listener = CsvRunWriter.Listener.NONE;

    GroupCommit(Path dir, boolean writeAhead, RunFiles files, CommittedTotals totals, GroupJournal journal) {
        this.dir = dir;
        this.writeAhead = writeAhead;
        this.files = files;
        this.totals = totals;
        this.journal = journal;
        this.open = new CommitGroup(writeAhead);
    }

    /** The files and the journal to force, or null once closed. */
    synchronized List<FileChannel> syncChannels() {
        if (closed) {
            return null;
        }
        List<FileChannel> channels = files.channels();
        journal.addSyncChannel(channels);
        return channels;
    }

    synchronized boolean isClosed() {
        return closed;
    }

    /**
     * Commits the open group unless {@code group} was taken by a committer meanwhile, then waits
     * until it is done; rethrows a commit failure.
     *
     * <p>A commit has two phases, pipelined: under {@code commitLock} the group is taken and made
     * durable (its write-ahead record forced: the slow part); then, under {@code filesLock}, taken
     * before {@code commitLock} is let go so groups enter it in their journal order, its bytes are
     * written to the files and it is counted and answered. The next group's record is so forced
     * while this one's files are written.
     */
    void commit(CommitGroup group) throws IOException {
        boolean mine = false;
        commitLock.lock();
        try {
            if (!group.taken) {
                mine = takeAndJournal();
            }
        } finally {
            commitLock.unlock();
        }
        if (!mine) {
            filesLock.lock(); // the group's committer holds it until the group is done
            filesLock.unlock();
        } else {
            try {
                writeTaken();
            } finally {
                filesLock.unlock();
            }
        }
        if (group.failure != null) {
            throw group.failure;
        }
    }

    /** The group between its two phases; the committer's alone (it holds filesLock). */
    private Taken taken;

    private record Taken(
            CommitGroup group,
            List<RunFiles.Sink> touched,
            long[] rowsAt,
            long[] ends,
            long[] sizes,
            ByteBuffer[][] buffers,
            long checkpointNext) {}

    /**
     * Phase one, holding commitLock. Under the writer's lock only the open group is swapped for an
     * empty one (no copy, no system call: appends of the next group go on). Write-ahead form: the
     * group's record (its line, then every file's bytes) is appended to the segment and forced, one
     * fsync for the group; a full segment is closed and the next begun. Each file's end after the
     * group is planned here ({@code RunFiles.Sink.planned}), so the record can name it before the
     * previous group's bytes have reached the file.
     *
     * @return whether a group was taken, in which case filesLock is now held and phase two is due;
     *         false (nothing held) for an empty group or a failed journal write
     */
    private boolean takeAndJournal() {
        CommitGroup g;
        List<RunFiles.Sink> touched;
        long[] rowsAt;
        synchronized (this) {
            g = open;
            open = new CommitGroup(writeAhead);
            g.taken = true;
            if (g.record.batches() == 0) {
                g.done = true;
                return false;
            }
            if (failure != null) {
                // An earlier write failed: the files and the segment are past what is committed, so
                // nothing more is journalled after it (a record behind a torn one is never replayed).
                // Nothing of this group was kept: refused, and sent again.
                g.failure = new IOException("the run's files could not be written: " + failure.getMessage(), failure);
                g.done = true;
                return false;
            }
            touched = new ArrayList<>(g.data.keySet());
            rowsAt = new long[touched.size()];
            for (int i = 0; i < rowsAt.length; i++) {
                rowsAt[i] = touched.get(i).rows; // the open group's rows are counted in from here on
            }
        }
        ByteBuffer[][] buffers = new ByteBuffer[touched.size()][];
        long[] sizes = new long[touched.size()];
        long[] ends = new long[touched.size()];
        for (int i = 0; i < touched.size(); i++) {
            RunFiles.Sink sink = touched.get(i);
            List<byte[]> data = g.data.get(sink);
            buffers[i] = new ByteBuffer[data.size()];
            for (int b = 0; b < buffers[i].length; b++) {
                buffers[i][b] = ByteBuffer.wrap(data.get(b));
                sizes[i] += data.get(b).length;
            }
            sink.planned += sizes[i];
            ends[i] = sink.planned;
            g.record.file(sink.key, ends[i], rowsAt[i], data);
        }
        long checkpointNext = 0;
        try {
            journal.journal(g, buffers);
        } catch (IOException e) {
            synchronized (this) {
                fail(g, e);
            }
            return false;
        }
        if (writeAhead) {
            try {
                checkpointNext = journal.rollIfFull();
            } catch (IOException e) {
                // The group's record is forced: it is committed whatever happens next, so it is
                // acknowledged below; the writer takes no more (there is no segment to append to).
                if (failCommitted(e)) {
                    listener.failed("beginning a write-ahead segment", e);
                }
            }
        }
        filesLock.lock();
        taken = new Taken(g, touched, rowsAt, ends, sizes, buffers, checkpointNext);
        return true;
    }

    /**
     * Phase two, holding filesLock: the taken group's bytes written to the files (one gathering
     * write per file, not forced), its journal line in the lines form; then it is counted and done.
     * After the group that filled a segment, the checkpointer is handed that segment's snapshot: it
     * forces the files (everything the full segment holds is now written to them) and writes the
     * snapshot, which retires the segment; should the machine fail first, replay starts from the
     * older snapshot and reads both segments.
     */
    private void writeTaken() {
        Taken t = taken;
        taken = null;
        CommitGroup g = t.group();
        boolean failedBefore;
        synchronized (this) {
            failedBefore = failure != null;
        }
        if (failedBefore && !writeAhead) {
            // An earlier group's write failed and left the files past their committed length:
            // this group's rows would land behind a torn line. Nothing of it is journalled: refused.
            synchronized (this) {
                fail(g, failure);
            }
            return;
        }
        // In the write-ahead form the group's record is forced: it is committed, and acknowledged,
        // even when its files cannot be written (recovery writes them from the record, as
        // PostgreSQL redoes a committed transaction's pages). After a failure they are not even
        // tried: the files are no longer where the writer thinks.
        if (!failedBefore) {
            try {
                FaultPoints.reach(FaultPoints.Step.CSV);
                for (int i = 0; i < t.touched().size(); i++) {
                    RunFiles.Sink sink = t.touched().get(i);
                    for (long written = 0; written < t.sizes()[i]; ) {
                        written += sink.channel.write(t.buffers()[i]);
                    }
                }
                journal.afterFiles(g);
            } catch (IOException e) {
                if (!writeAhead) {
                    // Not journalled: the rows written are cut back at recovery. Refused.
                    synchronized (this) {
                        fail(g, e);
                    }
                    return;
                }
                if (failCommitted(e)) {
                    listener.failed("writing the files of a committed group", e);
                }
            }
        }
        RunJournal.State snapshot = null;
        List<FileChannel> channels = null;
        long groupBytes = 0;
        for (long size : t.sizes()) {
            groupBytes += size;
        }
        List<String> keys = new ArrayList<>(t.touched().size());
        for (RunFiles.Sink sink : t.touched()) {
            keys.add(sink.key);
        }
        synchronized (this) {
            boolean checkpoint = t.checkpointNext() > 0 && failure == null;
            snapshot = totals.commit(keys, t.ends(), t.rowsAt(), g.rows, g.agents, checkpoint ? t.checkpointNext() : 0);
            g.done = true;
            if (checkpoint) {
                channels = files.channels();
            }
        }
        listener.written(groupBytes);
        if (snapshot != null) {
            journal.checkpoint(snapshot, channels, e -> {
                // The segments stay, so nothing is lost; but the volume failed a write, so the
                // writer stops and its owner recovers the run from the journal, as for any fault.
                if (failWithout(e)) {
                    listener.failed("checkpointing the journal", e);
                }
            });
        }
    }

    /**
     * A write that failed leaves the files beyond their committed length: nothing more is written,
     * and the group's batches are refused (their owner recovers the run from the journal, which may
     * hold this group after all: a resend of it is then a duplicate).
     */
    private void fail(CommitGroup g, IOException e) {
        log.debug("writing run files in {} failed: {}", dir, e.toString());
        if (failure == null) {
            failure = e;
        }
        g.failure = e;
        g.done = true;
    }

    /** A failure outside any group; true if it is the writer's first. */
    synchronized boolean failWithout(IOException e) {
        if (closed && failure == null) {
            return false; // closed meanwhile: close() forced and checkpointed everything itself
        }
        boolean first = failure == null;
        if (first) {
            failure = e;
        }
        return first;
    }

    /**
     * A write failed after its group was committed (even while closing: close must then not
     * checkpoint files that lack the group's bytes); true if it is the writer's first failure.
     */
    private synchronized boolean failCommitted(IOException e) {
        boolean first = failure == null;
        if (first) {
            failure = e;
        }
        return first;
    }

    /** Closes the writer: what was appended is committed and answered first; see {@link CsvRunWriter#close}. */
    void close() throws IOException {
        commitLock.lock();
        try {
            synchronized (this) {
                if (closed) {
                    return;
                }
                closed = true; // no batch enters from here on
            }
            // Those already appended are committed and answered, not left waiting.
            boolean mine = takeAndJournal();
            if (!mine) {
                filesLock.lock(); // an earlier group's phase two ends first
            }
            try {
                if (mine) {
                    writeTaken();
                }
                try {
                    if (writeAhead) {
                        finalCheckpoint();
                    }
                } finally {
                    synchronized (this) {
                        journal.closeWith(files);
                    }
                }
            } finally {
                filesLock.unlock();
            }
        } finally {
            commitLock.unlock();
        }
        synchronized (this) {
            if (failure != null) {
                // Closed, but not whole: the journal holds what the files may lack; a new writer
                // on the directory recovers them.
                throw new IOException("the run's files could not be written: " + failure.getMessage(), failure);
            }
        }
    }

    /**
     * Gives the writer up after a failure, as a crash would, but in-process: in-flight commits end
     * first (each answered, most with the failure), the background checkpoint ends, every channel
     * is closed, and nothing more is written, not even a checkpoint. The run's files are then as a
     * crash leaves them, and a new writer on the directory recovers them from the journal.
     */
    void abandon() {
        commitLock.lock();
        try {
            synchronized (this) {
                if (failure == null) {
                    failure = new IOException("the writer was given up");
                }
                closed = true;
            }
            filesLock.lock();
            try {
                journal.awaitCheckpoints(1);
                synchronized (this) {
                    try {
                        journal.abandon();
                        journal.closeWith(files);
                    } catch (IOException e) {
                        log.debug("closing the files of {} after a failure: {}", dir, e.toString());
                    }
                }
            } finally {
                filesLock.unlock();
            }
        } finally {
            commitLock.unlock();
        }
    }

    /**
     * For tests that abandon a writer to simulate a crash: a crashed process runs no checkpoint,
     * but an abandoned writer's checkpointer would go on rewriting the journal beside the recovery.
     */
    void awaitCheckpoints() {
        journal.awaitCheckpoints(1);
    }

    /**
     * A finished run leaves no write-ahead segment: the pending checkpoint ends, then the files
     * are forced and the journal becomes the snapshot of everything. After a write failure the
     * segments stay for the recovery a restart makes.
     */
    private void finalCheckpoint() throws IOException {
        journal.awaitCheckpoints(5);
        RunJournal.State snapshot = null;
        List<FileChannel> channels = null;
        synchronized (this) {
            if (failure == null) {
                snapshot = totals.snapshot();
                channels = files.channels();
            }
        }
        journal.finish(snapshot, channels);
    }
}
