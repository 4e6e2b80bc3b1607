package io.kubemon.bench;

import io.kubemon.collector.store.CsvRunWriter;
import io.kubemon.collector.store.Row;
import io.kubemon.common.schema.Table;
import java.io.Closeable;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * The collector's real writer ({@link CsvRunWriter}) for benchmarks that need run files made
 * exactly as the collector makes them (file names, header, journal).
 */
public final class BenchmarkRunWriter implements Closeable {
    private final CsvRunWriter writer;
    private final List<Row> batch = new ArrayList<>();

    public BenchmarkRunWriter(Path dir) throws IOException {
        this.writer = new CsvRunWriter(dir, false);
    }

    /** Adds a row to the batch being built; the file is named after {@code source} as the collector names it. */
    public void row(Table table, String source, long timestampMs, long intervalMs, String[] cells) {
        batch.add(new Row(table, table.fileName(source), timestampMs, intervalMs, cells));
    }

    /** Appends the batch as one agent's batch {@code seq}. */
    public void flush(String node, String agentId, long seq) throws IOException {
        writer.append(node, agentId, seq, batch);
        batch.clear();
    }

    @Override
    public void close() throws IOException {
        writer.close();
    }
}
