package io.kubemon.collector.store;

import io.kubemon.common.schema.Table;
import io.kubemon.common.wire.MonitorTotals;
import java.io.Closeable;
import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

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

    private final RunFiles files;
    /** What the files hold for certain; its own lock. */
    private final CommittedTotals totals;
    /** The open group, the failure state, and the two phases of a commit; its monitor guards the maps below. */
    private final GroupCommit commits;
    /** Highest seq appended per agent, committed or waiting in the open group. */
    private final Map<String, Long> highWater = new HashMap<>();
    /** The group holding each agent's latest batch, so a resend of it waits for that commit. */
    private final Map<String, CommitGroup> lastGroup = new HashMap<>();

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
        this.files = new RunFiles(dir);
        this.totals = new CommittedTotals(RunRecovery.open(dir, files, writeAhead));
        highWater.putAll(totals.seqs());
        GroupJournal journal = new GroupJournal(dir, writeAhead, segmentBytes, files, totals.nextSegment());
        this.commits = new GroupCommit(dir, writeAhead, files, totals, journal);
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
        synchronized (commits) {
            if (commits.failure != null) {
                // Checked before closed: an abandoned writer refuses, it does not answer "finished".
                throw new IOException(
                        "the run's files could not be written: " + commits.failure.getMessage(), commits.failure);
            }
            if (commits.closed) {
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
                group = commits.open;
                // Every file opened first: if one cannot be, none of this batch's rows is in the
                // group (they would be written unjournalled, then again when the agent resends).
                List<RunFiles.Sink> sinks = new ArrayList<>(chunks.size());
                for (CsvFormat.Chunk chunk : chunks) {
                    sinks.add(sink(chunk.table(), chunk.fileName()));
                }
                long now = System.nanoTime();
                for (int i = 0; i < chunks.size(); i++) {
                    RunFiles.Sink sink = sinks.get(i);
                    group.data
                            .computeIfAbsent(sink, k -> new ArrayList<>(4))
                            .add(chunks.get(i).bytes());
                    sink.rows += chunks.get(i).rows();
                    sink.lastUsed = now;
                    sink.lastGroup = group;
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
        commits.commit(group);
        return written ? Outcome.WRITTEN : Outcome.DUPLICATE;
    }

    /** Sets who is told of written bytes and of failures outside an append. */
    public void listen(Listener l) {
        commits.listener = l == null ? Listener.NONE : l;
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
        List<FileChannel> channels = commits.syncChannels();
        if (channels == null) {
            return;
        }
        try {
            files.force(channels);
        } catch (java.nio.channels.ClosedChannelException e) {
            if (!commits.isClosed()) {
                commits.failWithout(e);
                throw e;
            } // closed meanwhile: close() has committed everything and the files are closed
        } catch (IOException e) {
            // A failed fsync: the page cache can no longer be trusted to hold what it was asked to
            // write, so the writer stops and the run is recovered from the journal.
            commits.failWithout(e);
            throw e;
        }
    }

    /**
     * Forces and closes the files that got no rows for {@code idle} and whose last group is
     * committed; the next rows for one open it again for append (no second header). Nothing is
     * closed once the writer has failed or closed.
     *
     * @return how many files were closed
     * @throws IOException a file could not be forced: the writer stops, as for a failed sync
     */
    public int closeIdleFiles(java.time.Duration idle) throws IOException {
        List<RunFiles.Sink> idleFiles;
        synchronized (commits) {
            if (commits.failure != null || commits.closed) {
                return 0;
            }
            long now = System.nanoTime();
            long idleNanos = idle.toNanos();
            idleFiles = files.takeIdle(s -> now - s.lastUsed >= idleNanos
                    && (s.lastGroup == null || s.lastGroup.done)
                    && !commits.open.data.containsKey(s));
        }
        try {
            files.retire(idleFiles);
        } catch (IOException e) {
            commits.failWithout(e);
            throw e;
        }
        return idleFiles.size();
    }

    /** How many of the run's files are open now. */
    public int openFiles() {
        synchronized (commits) {
            return files.openCount();
        }
    }

    /** The file's open sink; a new file's header joins the open group before the rows that made it. */
    private RunFiles.Sink sink(Table table, String fileName) throws IOException {
        String key = RunFiles.key(table, fileName);
        RunFiles.Sink sink = files.get(key);
        if (sink == null) {
            RunJournal.FileMark before = totals.file(key);
            sink = files.open(table, fileName, before == null ? 0 : before.rows());
            if (sink.openedAt == 0) {
                commits.open.data.computeIfAbsent(sink, k -> new ArrayList<>(4)).add(CsvFormat.header(table));
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

    /**
     * Closes the files: the batches already appended are committed and answered, not left waiting;
     * in the write-ahead form a last checkpoint leaves no segment.
     *
     * @throws IOException closed, but not whole: the journal holds what the files may lack, and a
     *                     new writer on the directory recovers them
     */
    @Override
    public void close() throws IOException {
        commits.close();
    }

    /**
     * Gives the writer up after a failure, as a crash would, but in-process: in-flight commits end
     * first (each answered, most with the failure), the background checkpoint ends, every channel
     * is closed, and nothing more is written, not even a checkpoint. The run's files are then as a
     * crash leaves them, and a new writer on the directory recovers them from the journal.
     */
    public void abandon() {
        commits.abandon();
    }

    /**
     * For tests that abandon a writer to simulate a crash: a crashed process runs no checkpoint,
     * but an abandoned writer's checkpointer would go on rewriting the journal beside the recovery.
     */
    void awaitCheckpoints() {
        commits.awaitCheckpoints();
    }
}
