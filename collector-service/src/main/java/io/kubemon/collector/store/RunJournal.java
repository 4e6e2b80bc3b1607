package io.kubemon.collector.store;

import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.zip.CRC32C;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The journal of one run directory: its format written and replayed in one place.
 *
 * <p>Two forms, by durability policy:
 * <ul>
 * <li><b>Lines</b> ({@code fsync=interval|none}): one line per committed group appended to
 * {@code .kubemon-journal}, {@code G n (agent seq rows)×n (file=length:rows)…}; the CSV files hold
 * the rows, and recovery cuts them back to the lengths named.
 * <li><b>Write-ahead</b> ({@code fsync=batch}): one record per group in the current segment
 * {@code .kubemon-wal.<k>}: a line {@code W crc32c bytes n (agent seq rows)×n (file=length:rows:size)…}
 * followed by the group's bytes of every file, in order. The segment is forced once per group,
 * however many files the group touched: that single fsync is what "nothing acknowledged before it
 * is on disk" costs (it used to be one per file, ~50 per group). The CSV files are written without
 * waiting for the disk; recovery writes every record's bytes again at their place, since a machine
 * failure may have lost them from the page cache. When a segment is full the writer starts the next
 * and a checkpoint forces the CSV files, rewrites {@code .kubemon-journal} as a snapshot
 * ({@code A agent seq rows batches}, {@code F file length rows}, {@code S next-segment}; temp file,
 * force, atomic rename) and deletes the older segments, so a journal never grows with the run.
 * </ul>
 * Legacy {@code B agent seq rows file=length…} lines (one batch per line, before group commit) are
 * still read, so a run directory written by an older collector recovers.
 *
 * <p>A torn or corrupt last record (its line without end, its bytes short, its checksum wrong) was
 * never acknowledged: replay stops there and cuts it off.
 */
final class RunJournal {
    private static final Logger log = LoggerFactory.getLogger(RunJournal.class);
    static final String FILE = ".kubemon-journal";
    static final String SEGMENT = ".kubemon-wal.";
    /**
     * A checkpointed segment kept for reuse as the next: its blocks exist, so forcing a record into
     * it changes no file size (on ext4 ~3 x faster than forcing an append). A run that never fills a
     * segment never has one.
     */
    static final String SPARE = ".kubemon-wal-spare";

    private RunJournal() {}

    /** An agent's committed batches: the highest seq, and how many rows and batches in all. */
    record AgentMark(long seq, long rows, long batches) {
        AgentMark plus(long seq, long rows) {
            return new AgentMark(Math.max(this.seq, seq), this.rows + rows, batches + 1);
        }
    }

    /** A file's committed length in bytes and rows. */
    record FileMark(long length, long rows) {}

    /** What a journal says is committed. Mutable: the writer updates it as commits are made. */
    static final class State {
        final Map<String, AgentMark> agents = new HashMap<>();
        /** By file key ("monitor/name"). */
        final Map<String, FileMark> files = new HashMap<>();
        /** The first write-ahead segment not yet covered by a snapshot. */
        long nextSegment = 1;
        /** Segments found on disk when replayed (so the opener knows to checkpoint them away). */
        int segmentsReplayed;

        void batch(String agent, long seq, long rows) {
            agents.merge(agent, new AgentMark(seq, rows, 1), (a, b) -> a.plus(seq, rows));
        }

        State copy() {
            State s = new State();
            s.agents.putAll(agents); // the marks are immutable
            s.files.putAll(files);
            s.nextSegment = nextSegment;
            return s;
        }
    }

    /**
     * One commit's record, built as its batches and files are added: the only code that writes the
     * grammar {@link #applyLine} and {@code replaySegment} read. {@code G n (agent seq rows)×n
     * (file=length:rows)…} in the lines form; {@code W segment crc32c bytes n (agent seq rows)×n
     * (file=length:rows:size)…} in the write-ahead form, followed by the bytes of every file in order
     * (the segment's number tells a record from a stale one left in a recycled segment).
     */
    static final class Record {
        private final boolean writeAhead;
        private final StringBuilder batches = new StringBuilder();
        private final StringBuilder files = new StringBuilder();
        private final CRC32C crc;
        private int count;
        private long payload;

        Record(boolean writeAhead) {
            this.writeAhead = writeAhead;
            this.crc = writeAhead ? new CRC32C() : null;
        }

        /** A batch of the commit. */
        void batch(String agent, long seq, long rows) {
            batches.append(' ')
                    .append(agent)
                    .append(' ')
                    .append(seq)
                    .append(' ')
                    .append(rows);
            count++;
        }

        int batches() {
            return count;
        }

        /**
         * A file the commit writes: its length and rows once the commit is in it, and the bytes it
         * appends (in the write-ahead form they follow the record's line, in this order).
         */
        void file(String key, long length, long rows, List<byte[]> data) {
            files.append(' ').append(key).append('=').append(length).append(':').append(rows);
            if (writeAhead) {
                long size = 0;
                for (byte[] d : data) {
                    crc.update(d);
                    size += d.length;
                }
                payload += size;
                files.append(':').append(size);
            }
        }

        /** The record's line; {@code segment}: the write-ahead segment it goes to (ignored in the lines form). */
        byte[] line(long segment) {
            StringBuilder b = new StringBuilder(32 + batches.length() + files.length());
            if (writeAhead) {
                b.append("W ")
                        .append(segment)
                        .append(' ')
                        .append(Long.toHexString(crc.getValue()))
                        .append(' ')
                        .append(payload)
                        .append(' ');
            } else {
                b.append("G ");
            }
            b.append(count).append(batches).append(files).append('\n');
            return b.toString().getBytes(StandardCharsets.UTF_8);
        }
    }

    // ---- formats --------------------------------------------------------------------------

    /** The snapshot lines of a state, sorted so two equal states write equal files. */
    static byte[] snapshot(State s) {
        StringBuilder b = new StringBuilder(64 * (s.agents.size() + s.files.size() + 1));
        new TreeMap<>(s.agents)
                .forEach((agent, v) -> b.append("A ")
                        .append(agent)
                        .append(' ')
                        .append(v.seq())
                        .append(' ')
                        .append(v.rows())
                        .append(' ')
                        .append(v.batches())
                        .append('\n'));
        new TreeMap<>(s.files)
                .forEach((key, v) -> b.append("F ")
                        .append(key)
                        .append(' ')
                        .append(v.length())
                        .append(' ')
                        .append(v.rows())
                        .append('\n'));
        b.append("S ").append(s.nextSegment).append('\n');
        return b.toString().getBytes(StandardCharsets.UTF_8);
    }

    /** Applies one line of {@code .kubemon-journal}; returns false for a line it does not know. */
    static boolean applyLine(State s, String line) {
        String[] f = line.split(" ");
        switch (f[0]) {
            case "A" -> {
                if (f.length != 5) {
                    return false;
                }
                s.agents.put(f[1], new AgentMark(Long.parseLong(f[2]), Long.parseLong(f[3]), Long.parseLong(f[4])));
            }
            case "F" -> {
                if (f.length != 4) {
                    return false;
                }
                s.files.put(f[1], new FileMark(Long.parseLong(f[2]), Long.parseLong(f[3])));
            }
            case "S" -> {
                if (f.length != 2) {
                    return false;
                }
                s.nextSegment = Long.parseLong(f[1]);
            }
            case "B" -> { // one batch per line: journals written before group commit (no row counts per file)
                if (f.length < 4) {
                    return false;
                }
                s.batch(f[1], Long.parseLong(f[2]), Long.parseLong(f[3]));
                fileEntries(s, f, 4, false);
            }
            case "G" -> {
                if (f.length < 2) {
                    return false;
                }
                int n = Integer.parseInt(f[1]);
                batchEntries(s, f, 2, n);
                fileEntries(s, f, 2 + 3 * n, false);
            }
            default -> {
                return false;
            }
        }
        return true;
    }

    static void batchEntries(State s, String[] f, int from, int n) {
        for (int b = 0; b < n; b++) {
            s.batch(f[from + 3 * b], Long.parseLong(f[from + 1 + 3 * b]), Long.parseLong(f[from + 2 + 3 * b]));
        }
    }

    /** "key=length:rows" (or with ":size" in a write-ahead record); returns the sizes when asked. */
    static long[] fileEntries(State s, String[] f, int from, boolean withSizes) {
        long[] sizes = withSizes ? new long[f.length - from] : null;
        for (int i = from; i < f.length; i++) {
            int eq = f[i].lastIndexOf('=');
            String[] v = f[i].substring(eq + 1).split(":");
            FileMark before = s.files.get(f[i].substring(0, eq));
            long rows = v.length > 1 ? Long.parseLong(v[1]) : before == null ? 0 : before.rows();
            s.files.put(f[i].substring(0, eq), new FileMark(Long.parseLong(v[0]), rows));
            if (withSizes) {
                sizes[i - from] = Long.parseLong(v[2]);
            }
        }
        return sizes;
    }
}
