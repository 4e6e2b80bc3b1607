package io.kubemon.collector.ingest;

import com.opencsv.CSVWriter;
import com.opencsv.ICSVWriter;
import io.kubemon.collector.run.RunSummary.MonitorTotals;
import io.kubemon.common.schema.RowFormat;
import io.kubemon.common.schema.Table;
import java.io.BufferedWriter;
import java.io.Closeable;
import java.io.IOException;
import java.io.OutputStreamWriter;
import java.io.StringWriter;
import java.io.Writer;
import java.nio.ByteBuffer;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The CSV files of one run: one open writer per file, a header once per file, rows appended in
 * batch order, and a journal beside them that makes appends exactly-once across crashes.
 *
 * <p>After a batch's rows are flushed (and, by policy, fsynced) one journal line records the
 * agent's sequence number and the committed length of every file the batch touched (one line
 * per commit group: see {@link #append}). Only then is the batch acknowledged. A batch whose seq is not above the agent's high-water mark was
 * written before: it is acknowledged again and not written. After a crash the journal is
 * replayed: every file is cut back to its last committed length, which removes a torn last line
 * and any rows of a batch that was never acknowledged (the agent sends it again).
 */
public final class CsvRunWriter implements Closeable {
    private static final Logger log = LoggerFactory.getLogger(CsvRunWriter.class);
    static final String JOURNAL = ".kubemon-journal";

    /** What happened to a batch. */
    public enum Outcome { WRITTEN, DUPLICATE, CLOSED }

    private final Path dir;
    private final boolean fsyncEachBatch;
    private final Map<String, FileSink> files = new HashMap<>();
    /** Highest seq appended per agent, committed or waiting in the open group. */
    private final Map<String, Long> highWater = new HashMap<>();
    /** The group holding each agent's latest batch, so a resend of it waits for that commit. */
    private final Map<String, Group> lastGroup = new HashMap<>();
    private final Object commitLock = new Object();
    private Group open = new Group();
    private IOException failure;
    /** Committed length and rows of every file, as the journal says. */
    private final Map<String, long[]> committed = new HashMap<>();
    private final FileChannel journalChannel;
    private final BufferedWriter journal;
    private boolean closed;
    private long rows;
    private long batches;
    private long duplicates;
    /** Committed rows and batches per agent (the journal's "agent seq rows" entries), for the run's accounting. */
    private final Map<String, long[]> byAgent = new HashMap<>();
    /** The latest row timestamp appended: a stop instant is never before a row already taken. */
    private volatile long maxTimestamp = Long.MIN_VALUE;

    /** Opens the files of a run; when the run directory already has a journal, recovers from it first. */
    public CsvRunWriter(Path dir, boolean fsyncEachBatch) throws IOException {
        this.dir = dir;
        this.fsyncEachBatch = fsyncEachBatch;
        Path journalPath = dir.resolve(JOURNAL);
        if (Files.exists(journalPath)) {
            recover(journalPath);
        }
        this.journalChannel = FileChannel.open(journalPath, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
                StandardOpenOption.APPEND);
        this.journal = new BufferedWriter(new OutputStreamWriter(Channels.newOutputStream(journalChannel),
                StandardCharsets.UTF_8), 1 << 14);
    }

    /**
     * Appends one validated batch, exactly once per (agent, seq), and returns once it is committed.
     *
     * <p>Group commit: the batch's formatted bytes join the open group under the writer's lock (no
     * copy, no system call), then the batch waits for a commit. One committer at a time writes every
     * file the waiting batches touched, fsyncs them if the policy says so, and writes one journal line for
     * the whole group. Batches of agents that arrive together so share the writes and fsyncs that
     * each used to pay alone; a batch that arrives alone is committed at once, as before.
     */
    Outcome append(String node, String agentId, long seq, List<Row> batch) throws IOException {
        // Formatted and encoded before taking the lock: request threads format in parallel, and the
        // lock covers only handing the bytes to the open group. Per row only the cells are new:
        // each file's line array, the batch's prefix cells and the tick's timestamp text are reused
        // (a batch's rows mostly share one timestamp), as the collector formats ~10^5 rows a second.
        Map<Table, Map<String, Chunk>> byTable = new IdentityHashMap<>();
        List<Chunk> chunks = new ArrayList<>();
        String seqText = Long.toString(seq);
        long lastTimestamp = Long.MIN_VALUE;
        long batchMax = Long.MIN_VALUE;
        String timestamp = null;
        long lastInterval = Long.MIN_VALUE;
        String interval = null;
        for (Row row : batch) {
            Map<String, Chunk> ofTable = byTable.computeIfAbsent(row.table(), t -> new HashMap<>());
            Chunk chunk = ofTable.get(row.fileName());
            if (chunk == null) {
                chunk = new Chunk(row.table(), row.fileName(), node, agentId, seqText);
                ofTable.put(row.fileName(), chunk);
                chunks.add(chunk);
            }
            if (row.timestamp() != lastTimestamp) {
                lastTimestamp = row.timestamp();
                timestamp = RowFormat.timestamp(lastTimestamp);
                batchMax = Math.max(batchMax, lastTimestamp);
            }
            if (row.intervalMs() != lastInterval) {
                lastInterval = row.intervalMs();
                interval = Long.toString(lastInterval);
            }
            RowFormat.fill(chunk.line, timestamp, interval, row.cells());
            chunk.csv.writeNext(chunk.line, false);
            chunk.rows++;
        }
        for (Chunk chunk : chunks) {
            chunk.bytes = chunk.text.toString().getBytes(StandardCharsets.UTF_8);
        }
        Group group;
        boolean written;
        synchronized (this) {
            if (closed) {
                return Outcome.CLOSED;
            }
            if (failure != null) {
                throw new IOException("the run's files could not be written earlier; nothing more is appended until the "
                        + "collector restarts and recovers them", failure);
            }
            if (seq <= highWater.getOrDefault(agentId, 0L)) {
                duplicates++;
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
                List<FileSink> sinks = new ArrayList<>(chunks.size());
                for (Chunk chunk : chunks) {
                    sinks.add(sink(chunk.table, chunk.fileName));
                }
                for (int i = 0; i < chunks.size(); i++) {
                    FileSink sink = sinks.get(i);
                    group.data.computeIfAbsent(sink, k -> new ArrayList<>(4)).add(chunks.get(i).bytes);
                    sink.rows += chunks.get(i).rows;
                }
                group.batches.append(' ').append(agentId).append(' ').append(seq).append(' ').append(batch.size());
                group.count++;
                group.rows += batch.size();
                group.agents.add(new AgentRows(agentId, batch.size()));
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

    /** Commits the open group unless {@code group} was committed meanwhile; rethrows a commit failure. */
    private void commit(Group group) throws IOException {
        synchronized (commitLock) {
            if (!group.done) {
                commitOpenGroup();
            }
        }
        if (group.failure != null) {
            throw group.failure;
        }
    }

    /**
     * Called holding commitLock. Under the writer's lock only the open group is swapped for an
     * empty one (no copy, no system call: appends of the next group go on); its batches' bytes
     * are written (one gathering write per file), forced by policy and journalled outside it.
     * Only the committer writes to the files, one commit at a time, so each file's length is
     * known without asking.
     */
    private void commitOpenGroup() {
        Group g;
        List<FileSink> touched;
        synchronized (this) {
            g = open;
            open = new Group();
            if (g.count == 0) {
                g.done = true;
                return;
            }
            touched = new ArrayList<>(g.data.keySet());
            for (FileSink sink : touched) {
                g.lengths.add(new long[] {0, sink.rows});
            }
        }
        StringBuilder line = new StringBuilder(64 + touched.size() * 48).append("G ").append(g.count).append(g.batches);
        try {
            for (int i = 0; i < touched.size(); i++) {
                FileSink sink = touched.get(i);
                List<byte[]> pieces = g.data.get(sink);
                ByteBuffer[] buffers = new ByteBuffer[pieces.size()];
                long size = 0;
                for (int b = 0; b < buffers.length; b++) {
                    buffers[b] = ByteBuffer.wrap(pieces.get(b));
                    size += buffers[b].remaining();
                }
                for (long written = 0; written < size; ) {
                    written += sink.channel.write(buffers);
                }
                sink.length += size;
                long[] lengthAndRows = g.lengths.get(i);
                lengthAndRows[0] = sink.length;
                line.append(' ').append(sink.key).append('=').append(sink.length).append(':').append(lengthAndRows[1]);
            }
            if (fsyncEachBatch) {
                for (FileSink sink : touched) {
                    sink.channel.force(false);
                }
            }
            journal.write(line.append('\n').toString());
            journal.flush();
            if (fsyncEachBatch) {
                journalChannel.force(false);
            }
        } catch (IOException e) {
            synchronized (this) {
                fail(g, e);
            }
            return;
        }
        synchronized (this) {
            for (int i = 0; i < touched.size(); i++) {
                committed.put(touched.get(i).key, g.lengths.get(i));
            }
            rows += g.rows;
            batches += g.count;
            for (AgentRows a : g.agents) {
                count(a.agentId(), a.rows());
            }
            g.done = true;
        }
    }

    /** A write that failed leaves the files beyond their committed length: nothing more is written. */
    private void fail(Group g, IOException e) {
        log.error("writing run files in {} failed; refusing further batches until a restart recovers them: {}", dir, e.toString());
        failure = e;
        g.failure = e;
        g.done = true;
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
            channels = new ArrayList<>(files.size() + 1);
            for (FileSink s : files.values()) {
                channels.add(s.channel);
            }
            channels.add(journalChannel);
        }
        try {
            for (FileChannel c : channels) {
                c.force(false);
            }
        } catch (java.nio.channels.ClosedChannelException e) {
            if (!isClosed()) {
                throw e;
            } // closed meanwhile: close() has committed everything and the files are closed
        }
    }

    private synchronized boolean isClosed() {
        return closed;
    }

    /** opencsv's formatting (quoting, escaping) for one file's lines. */
    private static ICSVWriter csv(Writer target) {
        return new ReusingCsvWriter(target);
    }

    /**
     * opencsv's CSVWriter, quoting and escaping with opencsv's default characters
     * with "\n" line ends, but with one line buffer per writer: the stock writeNext allocates a
     * 1 KiB StringBuilder per line, a quarter of everything the collector allocated under load.
     * Not thread-safe, as the stock writer is not: each batch formats on its own writers.
     */
    static final class ReusingCsvWriter extends CSVWriter {
        private final StringBuilder buffer = new StringBuilder(512);

        ReusingCsvWriter(Writer target) {
            super(target, DEFAULT_SEPARATOR, DEFAULT_QUOTE_CHARACTER, DEFAULT_ESCAPE_CHARACTER, "\n");
        }

        @Override
        public void writeNext(String[] line, boolean applyQuotesToAll) {
            buffer.setLength(0);
            try {
                writeNext(line, applyQuotesToAll, buffer);
            } catch (IOException e) {
                exception = e; // as the stock writer does: checkError() reports it
            }
        }
    }

    /** One batch's lines for one file, formatted outside the lock. */
    private static final class Chunk {
        final Table table;
        final String fileName;
        final StringWriter text = new StringWriter(2048);
        final ICSVWriter csv = csv(text);
        byte[] bytes;
        /** The line array reused for each row: prefix cells set once. */
        final String[] line;
        int rows;

        Chunk(Table table, String fileName, String node, String agentId, String seq) {
            this.table = table;
            this.fileName = fileName;
            this.line = new String[Table.ROW_PREFIX.size() + table.columns().size()];
            RowFormat.prefix(line, node, agentId, seq);
        }
    }

    private record AgentRows(String agentId, long rows) {
    }

    private void count(String agentId, long batchRows) {
        long[] t = byAgent.computeIfAbsent(agentId, k -> new long[2]);
        t[0] += batchRows;
        t[1]++;
    }

    /** Batches appended together and committed by one journal line. */
    private static final class Group {
        final StringBuilder batches = new StringBuilder();
        /** Per file the group touched, in order, the formatted bytes of its batches (a new file's header first). */
        final Map<FileSink, List<byte[]>> data = new LinkedHashMap<>();
        final List<long[]> lengths = new ArrayList<>();
        final List<AgentRows> agents = new ArrayList<>();
        int count;
        long rows;
        volatile boolean done;
        volatile IOException failure;
    }

    private FileSink sink(Table table, String fileName) throws IOException {
        String key = table.monitor() + "/" + fileName;
        FileSink sink = files.get(key);
        if (sink == null) {
            Path monitorDir = dir.resolve(table.monitor());
            Files.createDirectories(monitorDir);
            Path path = monitorDir.resolve(fileName);
            FileChannel channel = FileChannel.open(path, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
                    StandardOpenOption.APPEND);
            long length = channel.size();
            long[] before = committed.get(key);
            sink = new FileSink(key, table, channel, length, before == null ? 0 : before[1]);
            if (length == 0) {
                StringWriter header = new StringWriter();
                csv(header).writeNext(table.header(), false);
                byte[] bytes = header.toString().getBytes(StandardCharsets.UTF_8);
                open.data.computeIfAbsent(sink, k -> new ArrayList<>(4)).add(bytes); // before the rows that made the file
            }
            files.put(key, sink);
        }
        return sink;
    }

    /**
     * Replays the journal: high-water marks, totals and committed lengths; then cuts every CSV
     * file back to its committed length and removes files no committed batch wrote to.
     */
    private void recover(Path journalPath) throws IOException {
        byte[] bytes = Files.readAllBytes(journalPath);
        int end = bytes.length;
        while (end > 0 && bytes[end - 1] != '\n') {
            end--; // a torn last journal line describes a batch that was never acknowledged
        }
        String text = new String(bytes, 0, end, StandardCharsets.UTF_8);
        for (String line : text.split("\n")) {
            String[] f = line.split(" ");
            int firstFile;
            if (f.length >= 4 && f[0].equals("B")) { // one batch (journals written before group commit)
                highWater.merge(f[1], Long.parseLong(f[2]), Math::max);
                rows += Long.parseLong(f[3]);
                count(f[1], Long.parseLong(f[3]));
                batches++;
                firstFile = 4;
            } else if (f.length >= 2 && f[0].equals("G")) { // "G n" then n times "agent seq rows"
                int n = Integer.parseInt(f[1]);
                for (int b = 0; b < n; b++) {
                    highWater.merge(f[2 + 3 * b], Long.parseLong(f[3 + 3 * b]), Math::max);
                    rows += Long.parseLong(f[4 + 3 * b]);
                    count(f[2 + 3 * b], Long.parseLong(f[4 + 3 * b]));
                }
                batches += n;
                firstFile = 2 + 3 * n;
            } else {
                continue;
            }
            for (int i = firstFile; i < f.length; i++) {
                int eq = f[i].lastIndexOf('=');
                int colon = f[i].lastIndexOf(':');
                committed.put(f[i].substring(0, eq), new long[] {
                        Long.parseLong(f[i].substring(eq + 1, colon)), Long.parseLong(f[i].substring(colon + 1))});
            }
        }
        if (end < bytes.length) {
            try (FileChannel ch = FileChannel.open(journalPath, StandardOpenOption.WRITE)) {
                ch.truncate(end);
            }
        }
        int cut = 0;
        for (String monitor : List.of("os", "container", "process")) {
            Path monitorDir = dir.resolve(monitor);
            if (!Files.isDirectory(monitorDir)) {
                continue;
            }
            try (Stream<Path> s = Files.list(monitorDir)) {
                for (Path p : s.toList()) {
                    String key = monitor + "/" + p.getFileName();
                    long[] c = committed.get(key);
                    if (c == null) {
                        Files.delete(p);
                        cut++;
                    } else if (Files.size(p) > c[0]) {
                        try (FileChannel ch = FileChannel.open(p, StandardOpenOption.WRITE)) {
                            ch.truncate(c[0]);
                        }
                        cut++;
                    }
                }
            }
        }
        log.info("recovered run files in {}: {} batches, {} rows committed; {} file(s) cut back to their last committed batch",
                dir, batches, rows, cut);
    }

    public synchronized long rows() {
        return rows;
    }

    public synchronized long batches() {
        return batches;
    }

    /** Committed rows and batches per agent id: {rows, batches}. */
    public synchronized Map<String, long[]> byAgent() {
        Map<String, long[]> copy = new TreeMap<>();
        byAgent.forEach((k, v) -> copy.put(k, v.clone()));
        return copy;
    }

    /**
     * Whether the agent's batch {@code seq} is in the files (committed): after the run has finished,
     * a resend of a batch whose acknowledgement was lost is still answered as a duplicate, never
     * refused (the agent would count rows that are in the files as dropped).
     */
    public synchronized boolean holds(String agentId, long seq) {
        return seq <= highWater.getOrDefault(agentId, 0L) && (lastGroup.get(agentId) == null || lastGroup.get(agentId).done);
    }

    /** The latest row timestamp appended (epoch ms), or Long.MIN_VALUE before any. */
    public long maxTimestamp() {
        return maxTimestamp;
    }

    public synchronized long duplicates() {
        return duplicates;
    }

    public synchronized Map<String, MonitorTotals> totals() {
        Map<String, long[]> acc = new TreeMap<>();
        for (Map.Entry<String, long[]> e : committed.entrySet()) {
            long[] t = acc.computeIfAbsent(e.getKey().substring(0, e.getKey().indexOf('/')), k -> new long[2]);
            t[0]++;
            t[1] += e.getValue()[1];
        }
        Map<String, MonitorTotals> out = new TreeMap<>();
        acc.forEach((k, v) -> out.put(k, new MonitorTotals(v[0], v[1])));
        return out;
    }

    @Override
    public void close() throws IOException {
        synchronized (commitLock) {
            synchronized (this) {
                if (closed) {
                    return;
                }
                closed = true; // no batch enters from here on
            }
            commitOpenGroup(); // those already appended are committed and answered, not left waiting
            synchronized (this) {
                closeFiles();
            }
        }
    }

    private void closeFiles() throws IOException {
        List<IOException> failures = new ArrayList<>();
        for (FileSink s : files.values()) {
            try {
                s.channel.close();
            } catch (IOException e) {
                failures.add(e);
            }
        }
        try {
            journal.close();
        } catch (IOException e) {
            failures.add(e);
        }
        if (!failures.isEmpty()) {
            IOException e = new IOException("failed to close " + failures.size() + " file(s)");
            failures.forEach(e::addSuppressed);
            throw e;
        }
    }

    private static final class FileSink {
        final String key;
        final Table table;
        final FileChannel channel;
        /** The file's length once everything handed to the channel is written; the committer's alone. */
        long length;
        long rows;

        FileSink(String key, Table table, FileChannel channel, long length, long rows) {
            this.key = key;
            this.table = table;
            this.channel = channel;
            this.length = length;
            this.rows = rows;
        }
    }
}
