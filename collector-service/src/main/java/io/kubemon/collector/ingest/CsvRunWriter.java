package io.kubemon.collector.ingest;

import com.opencsv.CSVWriterBuilder;
import com.opencsv.ICSVWriter;
import io.kubemon.collector.run.RunSummary.MonitorTotals;
import io.kubemon.common.schema.RowFormat;
import io.kubemon.common.schema.Table;
import java.io.BufferedWriter;
import java.io.Closeable;
import java.io.IOException;
import java.io.OutputStreamWriter;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The CSV files of one run: one open writer per file, a header once per file, rows appended in
 * batch order, and a journal beside them that makes appends exactly-once across crashes.
 *
 * <p>After a batch's rows are flushed (and, by policy, fsynced) one journal line records the
 * agent's sequence number and the committed length of every file the batch touched. Only then
 * is the batch acknowledged. A batch whose seq is not above the agent's high-water mark was
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
    private final Map<String, Long> highWater = new HashMap<>();
    /** Committed length and rows of every file, as the journal says. */
    private final Map<String, long[]> committed = new HashMap<>();
    private final FileChannel journalChannel;
    private final BufferedWriter journal;
    private boolean closed;
    private long rows;
    private long batches;
    private long duplicates;

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

    /** Appends one validated batch, exactly once per (agent, seq). */
    synchronized Outcome append(String node, String agentId, long seq, List<Row> batch) throws IOException {
        if (closed) {
            return Outcome.CLOSED;
        }
        if (seq <= highWater.getOrDefault(agentId, 0L)) {
            duplicates++;
            return Outcome.DUPLICATE;
        }
        Set<FileSink> touched = new LinkedHashSet<>();
        for (Row row : batch) {
            FileSink sink = sink(row.table(), row.fileName());
            sink.writer.writeNext(RowFormat.line(row.timestamp(), row.intervalMs(), node, agentId, seq, row.cells()), false);
            sink.rows++;
            touched.add(sink);
        }
        StringBuilder line = new StringBuilder(64 + touched.size() * 48)
                .append("B ").append(agentId).append(' ').append(seq).append(' ').append(batch.size());
        for (FileSink sink : touched) {
            sink.writer.flush();
            if (fsyncEachBatch) {
                sink.channel.force(false);
            }
            long length = sink.channel.size();
            committed.put(sink.key, new long[] {length, sink.rows});
            line.append(' ').append(sink.key).append('=').append(length).append(':').append(sink.rows);
        }
        journal.write(line.append('\n').toString());
        journal.flush();
        if (fsyncEachBatch) {
            journalChannel.force(false);
        }
        highWater.put(agentId, seq);
        rows += batch.size();
        batches++;
        return Outcome.WRITTEN;
    }

    /** Forces every file and the journal to disk; the "every N ms" fsync policy calls this. */
    public synchronized void sync() throws IOException {
        if (closed) {
            return;
        }
        for (FileSink s : files.values()) {
            s.channel.force(false);
        }
        journalChannel.force(false);
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
            boolean fresh = channel.size() == 0;
            ICSVWriter writer = new CSVWriterBuilder(new BufferedWriter(new OutputStreamWriter(
                    Channels.newOutputStream(channel), StandardCharsets.UTF_8), 1 << 16)).withLineEnd("\n").build();
            if (fresh) {
                writer.writeNext(table.header(), false);
            }
            long[] before = committed.get(key);
            sink = new FileSink(key, table, channel, writer, before == null ? 0 : before[1]);
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
            if (f.length < 4 || !f[0].equals("B")) {
                continue;
            }
            highWater.merge(f[1], Long.parseLong(f[2]), Math::max);
            rows += Long.parseLong(f[3]);
            batches++;
            for (int i = 4; i < f.length; i++) {
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
    public synchronized void close() throws IOException {
        if (closed) {
            return;
        }
        closed = true;
        List<IOException> failures = new ArrayList<>();
        for (FileSink s : files.values()) {
            try {
                s.writer.close();
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
        final ICSVWriter writer;
        long rows;

        FileSink(String key, Table table, FileChannel channel, ICSVWriter writer, long rows) {
            this.key = key;
            this.table = table;
            this.channel = channel;
            this.writer = writer;
            this.rows = rows;
        }
    }
}
