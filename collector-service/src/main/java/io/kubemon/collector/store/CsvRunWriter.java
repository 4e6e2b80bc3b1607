package io.kubemon.collector.store;

import io.kubemon.common.schema.Table;
import io.kubemon.common.wire.MonitorTotals;
import java.io.Closeable;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.locks.ReentrantLock;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The CSV files of one run: one open writer per file, a header once per file, rows appended in
 * batch order, and a journal ({@link RunJournal}) that makes appends exactly-once across crashes.
 *
 * <p>Batches are committed in groups (see {@link #append}); a group is acknowledged only once the
 * journal holds it. With {@code writeAhead} (the default {@code fsync=batch}) the group's bytes go to
 * a write-ahead segment forced once per group, so nothing acknowledged is lost even if the machine
 * fails, and the CSV files are written without waiting for the disk; otherwise one journal line
 * records the committed length of every file the group touched. A batch whose seq is not above the
 * agent's high-water mark was written before: it is acknowledged again and not written. After a
 * crash the journal is replayed: write-ahead bytes are written again, and every file is cut back to
 * its last committed length, which removes a torn last line and any rows of a batch that was never
 * acknowledged (the agent sends it again).
 */
public final class CsvRunWriter implements Closeable {
    private static final Logger log = LoggerFactory.getLogger(CsvRunWriter.class);
    static final String JOURNAL = RunJournal.FILE;
    /** A write-ahead segment this large is checkpointed and a new one begun. */
    static final long DEFAULT_SEGMENT_BYTES = 64L << 20;

    /** What the writer tells its owner, from whichever thread it happens on. */
    public interface Listener {
        Listener NONE = new Listener() {};

        /** A group's bytes reached the files. */
        default void written(long bytes) {}

        /**
         * A write failed whose batches were acknowledged all the same (a checkpoint, a segment's
         * successor, the files of a group whose record was forced): the writer takes no more batches.
         *
         * @param what what was being written, for the log
         */
        default void failed(String what, IOException e) {}
    }

    /** What happened to a batch. */
    public enum Outcome {
        WRITTEN,
        DUPLICATE,
        CLOSED
    }

    private final Path dir;
    private final boolean writeAhead;
    private final long segmentBytes;
    private final RunFiles files;
    /** Highest seq appended per agent, committed or waiting in the open group. */
    private final Map<String, Long> highWater = new HashMap<>();
    /** The group holding each agent's latest batch, so a resend of it waits for that commit. */
    private final Map<String, CommitGroup> lastGroup = new HashMap<>();
    /** Held while a group is taken and journalled (phase one of a commit). */
    private final ReentrantLock commitLock = new ReentrantLock();
    /** Held while a taken group's bytes go to the files (phase two); taken before commitLock is let go. */
    private final ReentrantLock filesLock = new ReentrantLock();

    /** The commit batches join; swapped for a new one when a committer takes it. */
    private CommitGroup open;

    private IOException failure;
    /** What the files hold for certain; its own lock. */
    private final CommittedTotals totals;
    /** Lines form: the journal appended to. Null in the write-ahead form. */
    private final FileChannel journalChannel;
    /** Write-ahead form: the segment being appended to (the committer's alone); null otherwise. */
    private JournalSegments.Segment segment;
    /** Write-ahead form: forces the files and writes the snapshot behind the committer. */
    private final Checkpointer checkpointer;

    private boolean closed;
    /** Told of bytes written and of a failure found outside an append (a checkpoint, a sync). */
    private volatile Listener listener = Listener.NONE;

    /** The latest row timestamp appended: a stop instant is never before a row already taken. */
    private volatile long maxTimestamp = Long.MIN_VALUE;

    /**
     * Opens the files of a run; when the run directory already has a journal, recovers from it first.
     *
     * @param writeAhead whether each group is forced to disk (through the write-ahead segment) before
     *                   it is acknowledged: {@code fsync=batch}
     */
    public CsvRunWriter(Path dir, boolean writeAhead) throws IOException {
        this(dir, writeAhead, DEFAULT_SEGMENT_BYTES);
    }

    CsvRunWriter(Path dir, boolean writeAhead, long segmentBytes) throws IOException {
        this.dir = dir;
        this.writeAhead = writeAhead;
        this.open = new CommitGroup(writeAhead);
        this.segmentBytes = segmentBytes;
        this.files = new RunFiles(dir);
        this.totals = new CommittedTotals(RunRecovery.open(dir, files, writeAhead));
        highWater.putAll(totals.seqs());
        if (writeAhead) {
            this.segment = new JournalSegments.Segment(dir, totals.nextSegment());
            this.journalChannel = null;
            this.checkpointer = new Checkpointer(dir, files);
        } else {
            this.journalChannel = FileChannel.open(
                    dir.resolve(JOURNAL),
                    StandardOpenOption.CREATE,
                    StandardOpenOption.WRITE,
                    StandardOpenOption.APPEND);
            this.checkpointer = null;
        }
    }

    /**
     * Appends one validated batch, exactly once per (agent, seq), and returns once it is committed.
     *
     * <p>Group commit: the batch's formatted bytes join the open group under the writer's lock (no
     * copy, no system call), then the batch waits for a commit (see {@link #commit}): the group is
     * journalled once (one forced write-ahead record, or one journal line) and every file it touched
     * is written once. Batches of agents that arrive together so share the writes and the force
     * that each would pay alone; a batch that arrives alone is committed at once.
     */
    public Outcome append(String node, String agentId, long seq, List<Row> batch) throws IOException {
        // Formatted and encoded before taking the lock: request threads format in parallel, and the
        // lock covers only handing the bytes to the open group.
        CsvFormat.Formatted formatted = CsvFormat.format(node, agentId, seq, batch);
        List<CsvFormat.Chunk> chunks = formatted.chunks();
        long batchMax = formatted.maxTimestamp();
        CommitGroup group;
        boolean written;
        synchronized (this) {
            if (failure != null) {
                // Checked before closed: an abandoned writer refuses, it does not answer "finished".
                throw new IOException("the run's files could not be written: " + failure.getMessage(), failure);
            }
            if (closed) {
                return Outcome.CLOSED;
            }
            if (seq <= highWater.getOrDefault(agentId, 0L)) {
                totals.duplicate();
                group = lastGroup.get(agentId);
                if (group == null || group.done) {
                    return Outcome.DUPLICATE;
                }
                // A resend of a batch still waiting for its commit: answer once it is committed.
                written = false;
            } else {
                written = true;
                group = open;
                // Every file opened first: if one cannot be, none of this batch's rows is in the
                // group (they would be written unjournalled, then again when the agent resends).
                List<RunFiles.Sink> sinks = new ArrayList<>(chunks.size());
                for (CsvFormat.Chunk chunk : chunks) {
                    sinks.add(sink(chunk.table(), chunk.fileName()));
                }
                for (int i = 0; i < chunks.size(); i++) {
                    RunFiles.Sink sink = sinks.get(i);
                    group.data
                            .computeIfAbsent(sink, k -> new ArrayList<>(4))
                            .add(chunks.get(i).bytes());
                    sink.rows += chunks.get(i).rows();
                }
                group.record.batch(agentId, seq, batch.size());
                group.rows += batch.size();
                group.agents.add(new CommitGroup.AgentRows(agentId, seq, batch.size()));
                if (batchMax > maxTimestamp) {
                    maxTimestamp = batchMax;
                }
                highWater.put(agentId, seq);
                lastGroup.put(agentId, group);
            }
        }
        commit(group);
        return written ? Outcome.WRITTEN : Outcome.DUPLICATE;
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
    private void commit(CommitGroup group) throws IOException {
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
        int pieces = 0;
        for (int i = 0; i < touched.size(); i++) {
            RunFiles.Sink sink = touched.get(i);
            List<byte[]> data = g.data.get(sink);
            buffers[i] = new ByteBuffer[data.size()];
            for (int b = 0; b < buffers[i].length; b++) {
                buffers[i][b] = ByteBuffer.wrap(data.get(b));
                sizes[i] += data.get(b).length;
            }
            pieces += buffers[i].length;
            sink.planned += sizes[i];
            ends[i] = sink.planned;
            g.record.file(sink.key, ends[i], rowsAt[i], data);
        }
        long checkpointNext = 0;
        try {
            if (writeAhead) {
                ByteBuffer[] record = new ByteBuffer[1 + pieces];
                int r = 1;
                for (int i = 0; i < touched.size(); i++) {
                    for (ByteBuffer b : buffers[i]) {
                        record[r++] = b.duplicate();
                    }
                }
                record[0] = ByteBuffer.wrap(g.record.line(segment.number));
                segment.append(record);
            } else {
                g.line = g.record.line(0);
            }
        } catch (IOException e) {
            synchronized (this) {
                fail(g, e);
            }
            return false;
        }
        if (writeAhead && segment.size >= segmentBytes) {
            long next = segment.number + 1;
            try {
                segment.close();
                segment = new JournalSegments.Segment(dir, next);
                checkpointNext = next;
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
                if (g.line != null) {
                    FaultPoints.reach(FaultPoints.Step.JOURNAL_LINE);
                    ByteBuffer line = ByteBuffer.wrap(g.line);
                    while (line.hasRemaining()) {
                        journalChannel.write(line);
                    }
                }
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
            checkpointer.submit(snapshot, channels, e -> {
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
    private synchronized boolean failWithout(IOException e) {
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

    /** Sets who is told of written bytes and of failures outside an append. */
    public void listen(Listener l) {
        this.listener = l == null ? Listener.NONE : l;
    }

    /**
     * Forces every file and the journal to disk; the "every N ms" fsync policy calls this. The
     * forces run outside both locks: holding them stalled every append and commit for the length
     * of the fsyncs (p99 batch latency 170-220 ms under load). Ordering is not weakened: under this
     * policy a machine failure may lose up to one interval of acknowledged rows, and the kernel's
     * own writeback never promised that a journal page reaches the disk after the data pages it
     * names; a collector crash loses nothing either way, the page cache has every written byte.
     */
    public void sync() throws IOException {
        List<FileChannel> channels;
        synchronized (this) {
            if (closed) {
                return;
            }
            channels = files.channels();
            if (journalChannel != null) {
                channels.add(journalChannel);
            }
        }
        try {
            for (FileChannel c : channels) {
                c.force(false);
            }
        } catch (java.nio.channels.ClosedChannelException e) {
            if (!isClosed()) {
                failWithout(e);
                throw e;
            } // closed meanwhile: close() has committed everything and the files are closed
        } catch (IOException e) {
            // A failed fsync: the page cache can no longer be trusted to hold what it was asked to
            // write, so the writer stops and the run is recovered from the journal.
            failWithout(e);
            throw e;
        }
    }

    private synchronized boolean isClosed() {
        return closed;
    }

    /** The file's open sink; a new file's header joins the open group before the rows that made it. */
    private RunFiles.Sink sink(Table table, String fileName) throws IOException {
        String key = RunFiles.key(table, fileName);
        RunFiles.Sink sink = files.get(key);
        if (sink == null) {
            RunJournal.FileMark before = totals.file(key);
            sink = files.open(table, fileName, before == null ? 0 : before.rows());
            if (sink.openedAt == 0) {
                open.data.computeIfAbsent(sink, k -> new ArrayList<>(4)).add(CsvFormat.header(table));
            }
        }
        return sink;
    }

    public long rows() {
        return totals.rows();
    }

    public long batches() {
        return totals.batches();
    }

    /** Rows and batches of an agent committed to the files. */
    public record Delivered(long rows, long batches) {
        public static final Delivered NONE = new Delivered(0, 0);
    }

    /** Committed rows and batches per agent id. */
    public Map<String, Delivered> byAgent() {
        return totals.byAgent();
    }

    /**
     * Whether the agent's batch {@code seq} is in the files (committed): after the run has finished,
     * a resend of a batch whose acknowledgement was lost is still answered as a duplicate, never
     * refused (the agent would count rows that are in the files as dropped). From what is committed,
     * not the high-water mark: a group that failed raised the mark too.
     */
    public boolean holds(String agentId, long seq) {
        return totals.holds(agentId, seq);
    }

    /** The latest row timestamp appended (epoch ms), or Long.MIN_VALUE before any. */
    public long maxTimestamp() {
        return maxTimestamp;
    }

    public long duplicates() {
        return totals.duplicates();
    }

    public Map<String, MonitorTotals> totals() {
        return totals.totals();
    }

    @Override
    public void close() throws IOException {
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
                        closeFiles();
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
    public void abandon() {
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
                if (checkpointer != null) {
                    checkpointer.stop(1);
                }
                synchronized (this) {
                    try {
                        if (segment != null) {
                            segment.close();
                        }
                        closeFiles();
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
        if (checkpointer != null) {
            checkpointer.stop(1);
        }
    }

    /**
     * A finished run leaves no write-ahead segment: the pending checkpoint ends, then the files
     * are forced and the journal becomes the snapshot of everything. After a write failure the
     * segments stay for the recovery a restart makes.
     */
    private void finalCheckpoint() throws IOException {
        checkpointer.stop(5);
        RunJournal.State snapshot;
        List<FileChannel> channels;
        synchronized (this) {
            if (failure != null) {
                segment.close();
                return;
            }
            snapshot = totals.snapshot();
            channels = files.channels();
        }
        snapshot.nextSegment = segment.number + 1;
        segment.close();
        checkpointer.last(snapshot, channels);
    }

    private void closeFiles() throws IOException {
        List<IOException> failures = new ArrayList<>();
        files.close(failures);
        try {
            if (journalChannel != null) {
                journalChannel.close();
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
}
