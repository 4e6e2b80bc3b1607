package io.kubemon.collector.volume;

import io.kubemon.common.wire.StoreFault;
import java.io.Closeable;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.LongAdder;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The data volume as the collector sees it: ok, or failing since an instant for a cause. The first
 * failed write of a fault is logged once, with its cause; while it lasts a count is logged every
 * minute ({@link #logProgress}), never a stack trace per batch. While failing, a prober writes and
 * forces a small file in the data root, with backoff (250 ms doubling to {@code maxBackoff}); once
 * that succeeds it runs every pending {@link Recovery} in the order the failures registered them
 * (a run's files recovered from their journal, a run.json written), and the volume is ok again only
 * when all of them succeeded. Thread-safe.
 */
public final class StoreHealth implements Closeable {
    private static final Logger log = LoggerFactory.getLogger(StoreHealth.class);
    static final String PROBE = ".kubemon-probe";
    private static final int PROBE_BYTES = 64 << 10;
    private static final long FIRST_BACKOFF_MS = 250;
    /** A failure this soon after a recovery continues the fault before it (logged once, not again). */
    private static final Duration RELAPSE = Duration.ofSeconds(10);

    /** The volume's state. */
    public enum State {
        OK,
        FAILING
    }

    /** What must be done again once the volume takes writes; throws while it still cannot. */
    @FunctionalInterface
    public interface Recovery {
        void recover() throws IOException;
    }

    /**
     * The volume's state for {@code /status}, {@code /instances} and the live page.
     *
     * @param since          while failing, when the fault began; else null
     * @param cause          while failing, its cause; else null
     * @param detail         the file system's own words for it ("No space left on device")
     * @param refusedBatches batches refused during the current fault (0 when ok)
     * @param lastRecoveredAt when the last fault ended, or null
     */
    public record Status(
            State state, Instant since, StoreFault cause, String detail, long refusedBatches, Instant lastRecoveredAt) {

        public boolean failing() {
            return state == State.FAILING;
        }
    }

    private final Path probeDir;
    private final Clock clock;
    private final long maxBackoffMs;
    private final ScheduledExecutorService prober;
    /** Pending recoveries, by their owner (one each), in the order their failures came. */
    private final Map<Object, Recovery> pending = new LinkedHashMap<>();

    private final Map<StoreFault, LongAdder> failures = new EnumMap<>(StoreFault.class);
    private final LongAdder refusedTotal = new LongAdder();
    private final LongAdder written = new LongAdder();

    private State state = State.OK;
    private Instant since;
    private StoreFault cause;
    private String detail;
    private long refused;
    private long refusedAtLastLog;
    private Instant lastRecoveredAt;
    /** When the current fault began, kept across a relapse soon after a recovery. */
    private Instant faultSince;

    private long backoffMs = FIRST_BACKOFF_MS;
    private boolean probeScheduled;
    private boolean closed;

    public StoreHealth(Path probeDir, Clock clock, Duration maxBackoff) {
        this.probeDir = probeDir;
        this.clock = clock;
        this.maxBackoffMs = Math.max(FIRST_BACKOFF_MS, maxBackoff.toMillis());
        for (StoreFault f : StoreFault.values()) {
            failures.put(f, new LongAdder());
        }
        this.prober = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "kubemon-store-probe");
            t.setDaemon(true);
            return t;
        });
    }

    /**
     * A write failed. The first failure of a fault logs its cause once and starts the prober;
     * {@code recovery} (keyed by {@code owner}: one pending recovery each) runs once the volume
     * takes writes again.
     *
     * @param what what was being written, for the log: "appending to run exp1"
     * @return the status now (failing)
     */
    public Status failed(String what, Throwable error, Object owner, Recovery recovery) {
        StoreFault fault = StoreFault.of(error);
        failures.get(fault).increment();
        synchronized (this) {
            if (recovery != null) {
                pending.putIfAbsent(owner, recovery);
            }
            if (state == State.OK) {
                Instant now = clock.instant();
                boolean relapse = lastRecoveredAt != null
                        && faultSince != null
                        && Duration.between(lastRecoveredAt, now).compareTo(RELAPSE) < 0;
                state = State.FAILING;
                cause = fault;
                detail = StoreFault.detail(error);
                backoffMs = FIRST_BACKOFF_MS;
                if (relapse) {
                    // The volume took the probe but not the next writes (a directory that is still
                    // read-only, space that another writer took back): the same fault, not a new one.
                    since = faultSince;
                    log.debug(
                            "data volume failing again {} after it recovered: {}",
                            Duration.between(lastRecoveredAt, now),
                            detail);
                    scheduleProbe();
                    return status();
                }
                since = now;
                faultSince = now;
                refused = 0;
                refusedAtLastLog = 0;
                log.error(
                        "data volume failing: {} ({}) while {}; batches are refused with 507 and kept by the "
                                + "agents, and the collector recovers by itself once the volume takes writes again",
                        fault.description(),
                        detail,
                        what);
            }
            scheduleProbe();
            return status();
        }
    }

    /** A batch refused because the volume is failing. */
    public synchronized void refused() {
        refused++;
        refusedTotal.increment();
    }

    /** Bytes appended to run files, for the write rate. */
    public void written(long bytes) {
        written.add(bytes);
    }

    /** Bytes appended since this collector started. */
    public long writtenBytes() {
        return written.sum();
    }

    public synchronized Status status() {
        return new Status(state, since, cause, detail, state == State.FAILING ? refused : 0, lastRecoveredAt);
    }

    public boolean failing() {
        return status().failing();
    }

    /** Failed writes since this collector started, by cause. */
    public long failures(StoreFault fault) {
        return failures.get(fault).sum();
    }

    /** Batches refused for a failing volume since this collector started. */
    public long refusedTotal() {
        return refusedTotal.sum();
    }

    /** Called every minute: while failing, one line with how many batches were refused meanwhile. */
    public synchronized void logProgress() {
        if (state != State.FAILING) {
            return;
        }
        log.warn(
                "data volume still failing since {} ({}): {} batch(es) refused in the last minute, {} during this fault",
                since,
                cause.description(),
                refused - refusedAtLastLog,
                refused);
        refusedAtLastLog = refused;
    }

    /** The volume's usable space in bytes, or -1 when it cannot be read. */
    public long usableBytes() {
        try {
            return Files.getFileStore(probeDir).getUsableSpace();
        } catch (IOException e) {
            return -1;
        }
    }

    /** The volume's size in bytes, or -1 when it cannot be read. */
    public long totalBytes() {
        try {
            return Files.getFileStore(probeDir).getTotalSpace();
        } catch (IOException e) {
            return -1;
        }
    }

    private void scheduleProbe() {
        if (!probeScheduled && !closed) {
            probeScheduled = true;
            prober.schedule(this::probe, backoffMs, TimeUnit.MILLISECONDS);
        }
    }

    /** Writes and forces a probe file; then runs the pending recoveries; ok once none is left. */
    /**
     * A fault that ended: since when, why, and when the volume took writes again (a relapse within
     * seconds of a recovery is the same fault: its {@code since} is the first's).
     */
    public record Fault(Instant since, StoreFault cause, String detail, Instant recoveredAt) {}

    /** Faults ended since the last call, oldest first (at most 100 are kept between calls). */
    public synchronized List<Fault> endedFaults() {
        List<Fault> out = List.copyOf(ended);
        ended.clear();
        return out;
    }

    private final List<Fault> ended = new ArrayList<>();

    private void probe() {
        List<Map.Entry<Object, Recovery>> todo;
        synchronized (this) {
            probeScheduled = false;
            if (closed) {
                return;
            }
            todo = new ArrayList<>(pending.entrySet());
        }
        IOException failure = null;
        try {
            writeProbe();
            for (Map.Entry<Object, Recovery> r : todo) {
                r.getValue().recover();
                synchronized (this) {
                    pending.remove(r.getKey(), r.getValue());
                }
            }
        } catch (IOException | RuntimeException e) {
            failure = e instanceof IOException io ? io : new IOException(e.getMessage(), e);
        }
        synchronized (this) {
            if (failure == null && pending.isEmpty()) {
                if (state == State.FAILING) {
                    Instant now = clock.instant();
                    log.info(
                            "data volume recovered after {} s ({}); {} batch(es) were refused meanwhile and are "
                                    + "being sent again by the agents",
                            Duration.between(since, now).toSeconds(),
                            cause.description(),
                            refused);
                    lastRecoveredAt = now;
                    if (ended.size() < 100) {
                        ended.add(new Fault(since, cause, detail, now));
                    }
                }
                state = State.OK;
                since = null;
                cause = null;
                detail = null;
                refused = 0;
                return;
            }
            if (failure != null) {
                StoreFault now = StoreFault.of(failure);
                if (now != StoreFault.OTHER) {
                    cause = now;
                }
                detail = StoreFault.detail(failure);
                backoffMs = Math.min(maxBackoffMs, backoffMs * 2);
                log.debug("data volume probe failed: {}", detail);
            }
            scheduleProbe();
        }
    }

    private void writeProbe() throws IOException {
        Path p = probeDir.resolve(PROBE);
        try {
            try (FileChannel c = FileChannel.open(
                    p, StandardOpenOption.CREATE, StandardOpenOption.WRITE, StandardOpenOption.TRUNCATE_EXISTING)) {
                ByteBuffer b = ByteBuffer.allocate(PROBE_BYTES);
                while (b.hasRemaining()) {
                    c.write(b);
                }
                c.force(true);
            }
        } finally {
            Files.deleteIfExists(p);
        }
    }

    @Override
    public void close() {
        synchronized (this) {
            closed = true;
        }
        prober.shutdownNow();
    }
}
