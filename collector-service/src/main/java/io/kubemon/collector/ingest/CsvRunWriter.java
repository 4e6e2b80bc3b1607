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

/**
 * The CSV files of one run: one open writer per file, a header once per file, rows appended in
 * batch order. A batch is flushed as a whole before it is acknowledged.
 */
public final class CsvRunWriter implements Closeable {
    private final Path dir;
    private final Map<String, FileSink> files = new HashMap<>();
    private boolean closed;
    private long rows;
    private long batches;

    public CsvRunWriter(Path dir) {
        this.dir = dir;
    }

    /** Appends one validated batch; returns false, writing nothing, when the run was closed meanwhile. */
    synchronized boolean append(String node, String agentId, long seq, List<Row> batch) throws IOException {
        if (closed) {
            return false;
        }
        Set<FileSink> touched = new LinkedHashSet<>();
        for (Row row : batch) {
            FileSink sink = sink(row.table(), row.fileName());
            sink.writer.writeNext(RowFormat.line(row.timestamp(), row.intervalMs(), node, agentId, seq, row.cells()), false);
            sink.rows++;
            touched.add(sink);
        }
        for (FileSink sink : touched) {
            sink.writer.flush();
        }
        rows += batch.size();
        batches++;
        return true;
    }

    private FileSink sink(Table table, String fileName) throws IOException {
        String key = table.monitor() + "/" + fileName;
        FileSink sink = files.get(key);
        if (sink == null) {
            Path monitorDir = dir.resolve(table.monitor());
            Files.createDirectories(monitorDir);
            Path path = monitorDir.resolve(fileName);
            boolean fresh = !Files.exists(path) || Files.size(path) == 0;
            BufferedWriter out = new BufferedWriter(new OutputStreamWriter(
                    Files.newOutputStream(path, StandardOpenOption.CREATE, StandardOpenOption.APPEND),
                    StandardCharsets.UTF_8), 1 << 16);
            ICSVWriter writer = new CSVWriterBuilder(out).withLineEnd("\n").build();
            if (fresh) {
                writer.writeNext(table.header(), false);
            }
            sink = new FileSink(table, writer);
            files.put(key, sink);
        }
        return sink;
    }

    public synchronized long rows() {
        return rows;
    }

    public synchronized long batches() {
        return batches;
    }

    public synchronized Map<String, MonitorTotals> totals() {
        Map<String, long[]> acc = new TreeMap<>();
        for (FileSink s : files.values()) {
            long[] t = acc.computeIfAbsent(s.table.monitor(), k -> new long[2]);
            t[0]++;
            t[1] += s.rows;
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
        if (!failures.isEmpty()) {
            IOException e = new IOException("failed to close " + failures.size() + " CSV file(s)");
            failures.forEach(e::addSuppressed);
            throw e;
        }
    }

    private static final class FileSink {
        final Table table;
        final ICSVWriter writer;
        long rows;

        FileSink(Table table, ICSVWriter writer) {
            this.table = table;
            this.writer = writer;
        }
    }
}
