package io.kubemon.collector.store;

import java.io.ByteArrayOutputStream;
import java.io.Closeable;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;
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
    /** A group names each file it touched; even thousands of files stay far below this. */
    private static final long MAX_HEADER = 16L << 20;

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

    private static void batchEntries(State s, String[] f, int from, int n) {
        for (int b = 0; b < n; b++) {
            s.batch(f[from + 3 * b], Long.parseLong(f[from + 1 + 3 * b]), Long.parseLong(f[from + 2 + 3 * b]));
        }
    }

    /** "key=length:rows" (or with ":size" in a write-ahead record); returns the sizes when asked. */
    private static long[] fileEntries(State s, String[] f, int from, boolean withSizes) {
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

    // ---- replay ---------------------------------------------------------------------------

    /**
     * Reads what the run directory's journal says is committed: the journal's lines, then every
     * write-ahead segment from the snapshot's next one, whose records' bytes are written again into
     * the CSV files at their offsets. Cuts a torn last line or record off its file.
     */
    static State replay(Path dir) throws IOException {
        State s = new State();
        Path journal = dir.resolve(FILE);
        if (Files.exists(journal)) {
            byte[] bytes = Files.readAllBytes(journal);
            int end = bytes.length;
            while (end > 0 && bytes[end - 1] != '\n') {
                end--; // a torn last line describes a group that was never acknowledged
            }
            for (String line : new String(bytes, 0, end, StandardCharsets.UTF_8).split("\n")) {
                if (!line.isEmpty() && !applyLine(s, line)) {
                    log.warn("journal of {}: line not understood, skipped: {}", dir, line);
                }
            }
            if (end < bytes.length) {
                truncate(journal, end);
            }
        }
        for (long k = s.nextSegment; Files.exists(segment(dir, k)); k++) {
            s.segmentsReplayed++;
            // A segment that ends early is the last one written to (a torn record: nothing after it
            // was acknowledged), or one that was full and has a successor: a segment is begun only
            // after the record that filled the one before was forced, so the earlier one's records
            // end there, and what follows them is a recycled spare's old content. Its successor's
            // records are committed and are read (stopping here lost every batch a failed or
            // unfinished checkpoint had not yet covered).
            replaySegment(dir, segment(dir, k), k, s);
        }
        return s;
    }

    /**
     * Replays one segment's records; false when it ended before its end of file: in a torn record
     * (cut off), or where a recycled segment's zeros or stale records begin.
     */
    private static boolean replaySegment(Path dir, Path segment, long number, State s) throws IOException {
        Map<String, FileChannel> targets = new HashMap<>();
        try (FileChannel in = FileChannel.open(segment, StandardOpenOption.READ, StandardOpenOption.WRITE)) {
            long size = in.size();
            long pos = 0;
            while (pos < size) {
                byte[] header = readHeader(in, pos);
                String[] f = header == null ? null : new String(header, StandardCharsets.UTF_8).split(" ");
                if (f == null || f.length < 5 || !f[0].equals("W") || !f[1].equals(Long.toString(number))) {
                    return end(
                            in,
                            segment,
                            pos,
                            header == null
                                    ? "its end"
                                    : "a record "
                                            + "not of this segment (a recycled segment's old content) or a torn header");
                }
                long crc = Long.parseLong(f[2], 16);
                long payload = Long.parseLong(f[3]);
                long start = pos + header.length + 1;
                if (start + payload > size || checksum(in, start, payload) != crc) {
                    return end(in, segment, pos, "a torn record (never acknowledged)");
                }
                int n = Integer.parseInt(f[4]);
                batchEntries(s, f, 5, n);
                long[] sizes = fileEntries(s, f, 5 + 3 * n, true);
                long at = start;
                for (int i = 0; i < sizes.length; i++) {
                    String entry = f[5 + 3 * n + i];
                    String key = entry.substring(0, entry.lastIndexOf('='));
                    FileChannel target = targets.get(key);
                    if (target == null) {
                        target = open(dir, key);
                        targets.put(key, target);
                    }
                    long offset = s.files.get(key).length() - sizes[i];
                    for (long done = 0; done < sizes[i]; ) {
                        done += in.transferTo(at + done, sizes[i] - done, target.position(offset + done));
                    }
                    at += sizes[i];
                }
                pos = start + payload;
            }
            return true;
        } finally {
            for (FileChannel c : targets.values()) {
                c.close();
            }
        }
    }

    private static FileChannel open(Path dir, String key) throws IOException {
        Path file = dir.resolve(key).normalize();
        if (!file.startsWith(dir) || key.contains("..")) {
            throw new IOException("journal of " + dir + " names a file outside the run: " + key);
        }
        Files.createDirectories(file.getParent());
        return FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.WRITE);
    }

    private static boolean end(FileChannel in, Path segment, long pos, String what) throws IOException {
        log.info("{}: replayed up to byte {}, where {} begins; cut off there", segment, pos, what);
        in.truncate(pos);
        return false;
    }

    private static long checksum(FileChannel in, long from, long length) throws IOException {
        CRC32C crc = new CRC32C();
        ByteBuffer buf = ByteBuffer.allocate((int) Math.min(1 << 20, Math.max(length, 1)));
        for (long done = 0; done < length; ) {
            buf.clear().limit((int) Math.min(buf.capacity(), length - done));
            int r = in.read(buf, from + done);
            if (r < 0) {
                return -1;
            }
            buf.flip();
            crc.update(buf);
            done += r;
        }
        return crc.getValue();
    }

    /**
     * The record header from {@code pos} up to its newline, or null where no record begins (the file
     * ends first, or a recycled segment holds no record there: a header starts with 'W' and is far
     * shorter than a segment, so a recycled segment's bytes are never read whole as one header).
     */
    private static byte[] readHeader(FileChannel in, long pos) throws IOException {
        ByteArrayOutputStream line = new ByteArrayOutputStream(256);
        ByteBuffer buf = ByteBuffer.allocate(8192);
        for (long at = pos; at - pos < MAX_HEADER; ) {
            buf.clear();
            int r = in.read(buf, at);
            if (r <= 0 || (at == pos && buf.get(0) != 'W')) {
                return null;
            }
            for (int i = 0; i < r; i++) {
                if (buf.get(i) == '\n') {
                    line.write(buf.array(), 0, i);
                    return line.toByteArray();
                }
            }
            line.write(buf.array(), 0, r);
            at += r;
        }
        return null;
    }

    private static void truncate(Path file, long length) throws IOException {
        try (FileChannel ch = FileChannel.open(file, StandardOpenOption.WRITE)) {
            ch.truncate(length);
        }
    }

    // ---- segments and snapshots -----------------------------------------------------------

    static Path segment(Path dir, long k) {
        return dir.resolve(SEGMENT + k);
    }

    /** The segments in the directory numbered below {@code next}, or all with Long.MAX_VALUE. */
    static List<Path> segmentsBelow(Path dir, long next) throws IOException {
        List<Path> out = new ArrayList<>();
        try (Stream<Path> s = Files.list(dir)) {
            for (Path p : s.toList()) {
                String name = p.getFileName().toString();
                if (name.startsWith(SEGMENT)) {
                    try {
                        if (Long.parseLong(name.substring(SEGMENT.length())) < next) {
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
        io.kubemon.common.files.AtomicFiles.write(dir.resolve(FILE), snapshot(state));
        List<Path> old = segmentsBelow(dir, state.nextSegment);
        for (Path p : old) {
            if (keepSpare && !Files.exists(dir.resolve(SPARE))) {
                Files.move(p, dir.resolve(SPARE), StandardCopyOption.ATOMIC_MOVE);
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
            Path spare = dir.resolve(SPARE);
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
