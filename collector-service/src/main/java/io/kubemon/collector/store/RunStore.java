package io.kubemon.collector.store;

import io.kubemon.collector.volume.StoreHealth;
import io.kubemon.common.wire.MonitorTotals;
import io.kubemon.common.wire.StoreFault;
import java.io.Closeable;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * A run's files that survive their volume failing. Holds the run's {@link CsvRunWriter}; when a
 * write of it fails (a full volume, a quota, a read-only remount, an I/O error, a failed fsync) the
 * writer is given up at once and every batch is refused with {@link StoreUnavailableException}
 * (nothing of it acknowledged) until {@link StoreHealth}'s prober finds the volume taking writes
 * again. Then a new writer is opened on the directory: the same recovery a restart runs (the journal
 * replayed, write-ahead bytes written again, every file cut back to its last committed batch), never
 * the failed writer's memory, which a failed write or fsync may have made wrong. The agents' resent
 * batches then land exactly once, in order.
 */
public final class RunStore implements Closeable {
    private final Path dir;
    private final String runId;
    private final boolean writeAhead;
    private final long segmentBytes;
    private final StoreHealth health;

    /** The writer taking batches; null while the store is failing. */
    private volatile CsvRunWriter writer;
    /** The writer given up after a failure: what it committed is still what the totals say. */
    private volatile CsvRunWriter failed;

    private boolean closed;
    private volatile Instant recoveredAt;

    private RunStore(Path dir, String runId, boolean writeAhead, long segmentBytes, StoreHealth health) {
        this.dir = dir;
        this.runId = runId;
        this.writeAhead = writeAhead;
        this.segmentBytes = segmentBytes;
        this.health = health;
    }

    /**
     * Opens (a new run) or recovers (a resumed one) the files of {@code dir}.
     *
     * @throws StoreUnavailableException when the volume refuses the writer's first files: nothing
     *         of the run is acknowledged yet, so the caller refuses the start
     */
    public static RunStore open(Path dir, String runId, boolean writeAhead, long segmentBytes, StoreHealth health)
            throws StoreUnavailableException {
        RunStore s = new RunStore(dir, runId, writeAhead, segmentBytes, health);
        try {
            s.use(new CsvRunWriter(dir, writeAhead, segmentBytes));
        } catch (IOException e) {
            throw s.unavailable(e);
        }
        return s;
    }

    /**
     * As {@link #open}, but a volume failing at a restart does not stop the collector: the store
     * starts failing and recovers the files once the volume takes writes again.
     */
    public static RunStore resume(Path dir, String runId, boolean writeAhead, long segmentBytes, StoreHealth health) {
        RunStore s = new RunStore(dir, runId, writeAhead, segmentBytes, health);
        try {
            s.use(new CsvRunWriter(dir, writeAhead, segmentBytes));
        } catch (IOException e) {
            health.failed("recovering the files of run " + runId + " at startup", e, s, s::recover);
        }
        return s;
    }

    private void use(CsvRunWriter w) {
        w.listen(new CsvRunWriter.Listener() {
            @Override
            public void written(long bytes) {
                health.written(bytes);
            }

            @Override
            public void failed(String what, IOException e) {
                fail(w, what + " of run " + runId, e);
            }
        });
        writer = w;
    }

    /**
     * Appends one batch exactly once, as {@link CsvRunWriter#append}.
     *
     * @throws StoreUnavailableException while the volume is failing: retry later
     */
    public CsvRunWriter.Outcome append(String node, String agentId, long seq, List<Row> batch)
            throws StoreUnavailableException {
        CsvRunWriter w = writer;
        if (w == null) {
            health.refused();
            throw unavailable(null);
        }
        try {
            return w.append(node, agentId, seq, batch);
        } catch (IOException e) {
            fail(w, "appending to run " + runId, e);
            health.refused();
            throw unavailable(e);
        }
    }

    /** The "every N ms" fsync policy; a failed fsync fails the store (the strict path). */
    public void sync() throws StoreUnavailableException {
        CsvRunWriter w = writer;
        if (w == null) {
            return;
        }
        try {
            w.sync();
        } catch (IOException e) {
            fail(w, "forcing the files of run " + runId + " to disk", e);
            throw unavailable(e);
        }
    }

    /**
     * Closes the run's files that got no rows for {@code idle} (each is opened again for append if
     * rows come); a file that cannot be forced fails the store, as a failed sync does.
     */
    public void closeIdleFiles(java.time.Duration idle) {
        CsvRunWriter w = writer;
        if (w == null) {
            return;
        }
        try {
            w.closeIdleFiles(idle);
        } catch (IOException e) {
            fail(w, "forcing the idle files of run " + runId + " to disk", e);
        }
    }

    /** The writer failed: given up at once for new batches; the prober recovers the files. */
    private void fail(CsvRunWriter w, String what, Throwable e) {
        synchronized (this) {
            if (writer == w) {
                writer = null;
                failed = w;
            }
        }
        health.failed(what, e, this, this::recover);
    }

    /**
     * Run by the prober once the volume takes writes: the failed writer is given up for good (its
     * in-flight commits end and its checkpointer stops first), then a new one recovers the files
     * from the journal. Throws, leaving the store failing, when the volume fails again meanwhile.
     */
    private void recover() throws IOException {
        CsvRunWriter old;
        synchronized (this) {
            if (closed || writer != null) {
                return;
            }
            old = failed;
        }
        if (old != null) {
            old.abandon();
        }
        CsvRunWriter w = new CsvRunWriter(dir, writeAhead, segmentBytes);
        synchronized (this) {
            if (closed) {
                w.close();
                return;
            }
            use(w);
            failed = null;
            recoveredAt = Instant.now();
        }
    }

    /** Whether the store takes batches now. */
    public boolean available() {
        return writer != null;
    }

    /** When the store last recovered from a failure, or null. */
    public Instant recoveredAt() {
        return recoveredAt;
    }

    private CsvRunWriter current() {
        CsvRunWriter w = writer;
        if (w != null) {
            return w;
        }
        w = failed;
        return w;
    }

    private StoreUnavailableException unavailable(IOException e) {
        return unavailable(e, "nothing of this batch was kept: send it again");
    }

    private StoreUnavailableException unavailable(IOException e, String consequence) {
        StoreHealth.Status s = health.status();
        StoreFault fault = e != null ? StoreFault.of(e) : (s.cause() == null ? StoreFault.OTHER : s.cause());
        Instant since = s.since() == null ? Instant.now() : s.since();
        return new StoreUnavailableException(
                fault,
                since,
                fault.description() + " (" + (e != null ? StoreFault.detail(e) : s.detail()) + ") since " + since + "; "
                        + consequence,
                e);
    }

    public long rows() {
        CsvRunWriter w = current();
        return w == null ? 0 : w.rows();
    }

    public long batches() {
        CsvRunWriter w = current();
        return w == null ? 0 : w.batches();
    }

    public Map<String, CsvRunWriter.Delivered> byAgent() {
        CsvRunWriter w = current();
        return w == null ? Map.of() : w.byAgent();
    }

    public Map<String, MonitorTotals> totals() {
        CsvRunWriter w = current();
        return w == null ? Map.of() : w.totals();
    }

    public boolean holds(String agentId, long seq) {
        CsvRunWriter w = current();
        return w != null && w.holds(agentId, seq);
    }

    public long maxTimestamp() {
        CsvRunWriter w = current();
        return w == null ? Long.MIN_VALUE : w.maxTimestamp();
    }

    /**
     * Closes the files: everything appended is committed and the journal becomes the final
     * snapshot. While (or when, this time) the volume fails, the store is closed all the same and
     * this throws: {@link #recoverClosed()} then completes the files once the volume takes writes.
     */
    @Override
    public void close() throws IOException {
        CsvRunWriter w;
        synchronized (this) {
            if (closed) {
                return;
            }
            closed = true;
            w = writer;
        }
        String consequence = "the run's files are completed from its journal once the volume takes writes";
        if (w == null) {
            throw unavailable(null, consequence);
        }
        try {
            w.close();
        } catch (IOException e) {
            synchronized (this) {
                writer = null;
                failed = w;
            }
            throw unavailable(e, consequence);
        }
    }

    /**
     * After a close that failed: the files recovered from the journal and closed whole (the final
     * snapshot written). Throws while the volume still fails.
     */
    public void recoverClosed() throws IOException {
        CsvRunWriter old;
        synchronized (this) {
            old = failed;
        }
        if (old != null) {
            old.abandon();
        }
        try (CsvRunWriter w = new CsvRunWriter(dir, writeAhead, segmentBytes)) {
            synchronized (this) {
                failed = w; // its totals are the run's from now on
            }
        }
    }

    /** Gives the files up without writing anything more (the run was aborted, or the collector is leaving). */
    public void abandon() {
        synchronized (this) {
            closed = true;
        }
        CsvRunWriter w = current();
        if (w != null) {
            w.abandon();
        }
    }
}
