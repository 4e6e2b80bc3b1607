package io.kubemon.agent.transport;

import io.kubemon.common.wire.SampleBatch;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import tools.jackson.databind.json.JsonMapper;

/**
 * The agent's outbox: a bounded in-memory queue that spills to files in a spool directory, one
 * file per batch, named by an ever-increasing number so that the order survives a restart of
 * the agent. Memory holds the oldest batches; once anything is on disk every newer batch goes to
 * disk too, so batches always leave in the order they were made. Past the spool's size limit the
 * oldest batch is dropped, and its rows are counted.
 *
 * <p>A spool directory that cannot be written (its volume full or read-only) does not stop the
 * agent: batches that could not be written wait in memory after those on disk (the overflow, as
 * many as the memory queue holds), and each new batch first tries to write them out, oldest
 * first; so spooling resumes by itself once space returns. Past the overflow's limit its oldest
 * batch is dropped and counted; {@link #trouble()} says so while it lasts.
 */
final class Spool {
    private static final Logger log = LoggerFactory.getLogger(Spool.class);
    private static final String SUFFIX = ".batch.json";

    private final int memoryLimit;
    private final long diskLimit;
    private final Path dir;
    private final JsonMapper json;
    private final Deque<SampleBatch> memory = new ArrayDeque<>();
    /** Batches newer than every spooled one that the directory refused: they leave after those. */
    private final Deque<SampleBatch> overflow = new ArrayDeque<>();
    /** The directory's last write error while the overflow holds batches, else null. */
    private String unwritable;
    /** Spooled batch files by their order number: file and size. */
    private final TreeMap<Long, SpoolFile> disk = new TreeMap<>();

    private long diskBytes;
    private long nextNumber;

    private record SpoolFile(Path path, long bytes, int rows) {}

    /** What the caller must count when the spool overflows. */
    record Dropped(long seq, String runId, int rows) {}

    Spool(int memoryLimit, long diskLimit, Path dir, JsonMapper json) {
        this.memoryLimit = Math.max(1, memoryLimit);
        this.diskLimit = diskLimit;
        this.dir = dir;
        this.json = json;
        try {
            Files.createDirectories(dir);
            try (Stream<Path> s = Files.list(dir)) {
                for (Path p : s.filter(p -> p.getFileName().toString().endsWith(SUFFIX))
                        .toList()) {
                    String[] f = p.getFileName().toString().replace(SUFFIX, "").split("-");
                    long n = Long.parseLong(f[0]);
                    long bytes = Files.size(p);
                    disk.put(n, new SpoolFile(p, bytes, Integer.parseInt(f[1])));
                    diskBytes += bytes;
                }
            }
        } catch (IOException | RuntimeException e) {
            throw new IllegalStateException(
                    "cannot use the spool directory " + dir.toAbsolutePath() + " (kubemon.agent.spool-dir): "
                            + e.getMessage(),
                    e);
        }
        nextNumber = disk.isEmpty() ? 0 : disk.lastKey() + 1;
        if (!disk.isEmpty()) {
            log.info(
                    "{} batch(es) ({} bytes) left in the spool {} from before; they are sent first",
                    disk.size(),
                    diskBytes,
                    dir.toAbsolutePath());
        }
    }

    /** Adds a batch; returns the batches dropped to stay within the spool limit (usually none). */
    synchronized java.util.List<Dropped> add(SampleBatch batch) {
        if (disk.isEmpty() && overflow.isEmpty() && memory.size() < memoryLimit) {
            memory.addLast(batch);
            return java.util.List.of();
        }
        java.util.List<Dropped> dropped = new java.util.ArrayList<>();
        overflow.addLast(batch);
        // Oldest first, so the order on disk stays the order they were made; the first refusal
        // ends the attempt (the rest would be refused too).
        while (!overflow.isEmpty()) {
            SampleBatch b = overflow.peekFirst();
            try {
                write(b);
                overflow.pollFirst();
            } catch (IOException | RuntimeException e) {
                if (unwritable == null) {
                    log.error(
                            "cannot spool to {} ({}); keeping up to {} batch(es) in memory and trying again "
                                    + "with each new one",
                            dir,
                            e.getMessage(),
                            memoryLimit);
                }
                unwritable = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
                break;
            }
        }
        if (overflow.isEmpty() && unwritable != null) {
            log.info("spooling to {} again: the directory takes writes", dir);
            unwritable = null;
        }
        while (overflow.size() > memoryLimit) {
            SampleBatch gone = overflow.pollFirst();
            dropped.add(new Dropped(gone.seq(), gone.runId(), gone.samples().size()));
        }
        while (diskBytes > diskLimit && disk.size() > 1) {
            var oldest = disk.pollFirstEntry().getValue();
            diskBytes -= oldest.bytes();
            SampleBatch gone = read(oldest);
            delete(oldest);
            dropped.add(new Dropped(gone == null ? -1 : gone.seq(), gone == null ? null : gone.runId(), oldest.rows()));
        }
        return dropped;
    }

    /** Writes one batch to the spool directory, whole or not at all (a partly written file is removed). */
    private void write(SampleBatch batch) throws IOException {
        byte[] bytes = json.writeValueAsBytes(batch);
        long n = nextNumber;
        Path p = dir.resolve(String.format("%020d-%d%s", n, batch.samples().size(), SUFFIX));
        try {
            Files.write(p, bytes);
        } catch (IOException e) {
            try {
                Files.deleteIfExists(p);
            } catch (IOException ignored) {
                // read back as unreadable at the next start, and skipped
            }
            throw e;
        }
        nextNumber++;
        disk.put(n, new SpoolFile(p, bytes.length, batch.samples().size()));
        diskBytes += bytes.length;
    }

    /**
     * While batches wait in memory because the spool directory refused them: what it said and how
     * many wait; else null.
     */
    synchronized String trouble() {
        return overflow.isEmpty() ? null : unwritable + ": " + overflow.size() + " batch(es) held in memory";
    }

    /** The oldest batch, without removing it; null when empty. */
    synchronized SampleBatch peek() {
        if (!memory.isEmpty()) {
            return memory.peekFirst();
        }
        while (!disk.isEmpty()) {
            SpoolFile f = disk.firstEntry().getValue();
            SampleBatch b = read(f);
            if (b != null) {
                return b;
            }
            disk.pollFirstEntry(); // unreadable leftover: already logged
            diskBytes -= f.bytes();
            delete(f);
        }
        return overflow.peekFirst();
    }

    /** Removes the batch {@link #peek()} returned. */
    synchronized void remove() {
        if (!memory.isEmpty()) {
            memory.pollFirst();
            return;
        }
        var e = disk.pollFirstEntry();
        if (e != null) {
            diskBytes -= e.getValue().bytes();
            delete(e.getValue());
            return;
        }
        overflow.pollFirst();
    }

    /**
     * Removes the newest batches while {@code discard} holds for them (stopping at the first that
     * it does not), and returns them. Batches leave in order, so those made after a run's stop are
     * the newest ones; only the sender's thread calls this, never while it is sending the oldest.
     */
    synchronized java.util.List<SampleBatch> removeNewestWhile(java.util.function.Predicate<SampleBatch> discard) {
        java.util.List<SampleBatch> removed = new java.util.ArrayList<>();
        while (!overflow.isEmpty()) {
            if (!discard.test(overflow.peekLast())) {
                return removed;
            }
            removed.add(overflow.pollLast());
        }
        while (!disk.isEmpty()) {
            SpoolFile f = disk.lastEntry().getValue();
            SampleBatch b = read(f);
            if (b != null && !discard.test(b)) {
                return removed;
            }
            disk.pollLastEntry();
            diskBytes -= f.bytes();
            delete(f);
            if (b != null) {
                removed.add(b);
            }
        }
        while (!memory.isEmpty() && discard.test(memory.peekLast())) {
            removed.add(memory.pollLast());
        }
        return removed;
    }

    /** Rows in the spool directory per run, read from the files themselves (once, at start). */
    synchronized java.util.Map<String, Long> spooledRowsByRun() {
        java.util.Map<String, Long> rows = new java.util.HashMap<>();
        for (SpoolFile f : disk.values()) {
            SampleBatch b = read(f);
            if (b != null && b.runId() != null) {
                rows.merge(b.runId(), (long) b.samples().size(), Long::sum);
            }
        }
        return rows;
    }

    synchronized int size() {
        return memory.size() + disk.size() + overflow.size();
    }

    synchronized int spooled() {
        return disk.size();
    }

    synchronized long spooledBytes() {
        return diskBytes;
    }

    private SampleBatch read(SpoolFile f) {
        try {
            return json.readValue(Files.readAllBytes(f.path()), SampleBatch.class);
        } catch (IOException | RuntimeException e) {
            log.error("spooled batch {} is unreadable and is skipped: {}", f.path(), e.toString());
            return null;
        }
    }

    /**
     * A sent batch's file removed. A directory that refuses even that (read-only) must not stop the
     * sender: the file stays, and is sent again after a restart, where the collector answers it as a
     * duplicate.
     */
    private static void delete(SpoolFile f) {
        try {
            Files.deleteIfExists(f.path());
        } catch (IOException e) {
            log.warn("cannot remove the sent batch {} from the spool: {}", f.path(), e.toString());
        }
    }
}
