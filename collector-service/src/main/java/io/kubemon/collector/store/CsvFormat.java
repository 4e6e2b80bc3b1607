package io.kubemon.collector.store;

import com.opencsv.CSVWriter;
import com.opencsv.ICSVWriter;
import io.kubemon.common.schema.RowFormat;
import io.kubemon.common.schema.Table;
import java.io.IOException;
import java.io.StringWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;

/**
 * The CSV text of a run's files: a batch's rows formatted into one chunk of bytes per file, and a
 * file's header. Pure (no file, no lock): request threads format in parallel before the writer's
 * group commit takes the bytes.
 */
final class CsvFormat {
    private CsvFormat() {}

    /** One batch's lines for one file, as UTF-8 bytes ready to append. */
    record Chunk(Table table, String fileName, byte[] bytes, int rows) {}

    /** A batch's chunks in the order their files first appear, and its latest row timestamp. */
    record Formatted(List<Chunk> chunks, long maxTimestamp) {}

    /**
     * Formats one validated batch. Per row only the cells are new: each file's line array, the
     * batch's prefix cells and the tick's timestamp text are reused (a batch's rows mostly share
     * one timestamp), as the collector formats ~10^5 rows a second.
     */
    static Formatted format(String node, String agentId, long seq, List<Row> batch) {
        Map<Table, Map<String, Lines>> byTable = new IdentityHashMap<>();
        List<Lines> files = new ArrayList<>();
        String seqText = Long.toString(seq);
        long lastTimestamp = Long.MIN_VALUE;
        long batchMax = Long.MIN_VALUE;
        String timestamp = null;
        long lastInterval = Long.MIN_VALUE;
        String interval = null;
        for (Row row : batch) {
            Map<String, Lines> ofTable = byTable.computeIfAbsent(row.table(), t -> new HashMap<>());
            Lines lines = ofTable.get(row.fileName());
            if (lines == null) {
                lines = new Lines(row.table(), row.fileName(), node, agentId, seqText);
                ofTable.put(row.fileName(), lines);
                files.add(lines);
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
            RowFormat.fill(lines.line, timestamp, interval, row.cells());
            lines.csv.writeNext(lines.line, false);
            lines.rows++;
        }
        List<Chunk> chunks = new ArrayList<>(files.size());
        for (Lines l : files) {
            chunks.add(new Chunk(l.table, l.fileName, l.text.toString().getBytes(StandardCharsets.UTF_8), l.rows));
        }
        return new Formatted(chunks, batchMax);
    }

    /** A new file's first line. */
    static byte[] header(Table table) {
        StringWriter header = new StringWriter();
        new ReusingCsvWriter(header).writeNext(table.header(), false);
        return header.toString().getBytes(StandardCharsets.UTF_8);
    }

    /** One file's lines of a batch while they are formatted. */
    private static final class Lines {
        final Table table;
        final String fileName;
        final StringWriter text = new StringWriter(2048);
        final ICSVWriter csv = new ReusingCsvWriter(text);
        /** The line array reused for each row: prefix cells set once. */
        final String[] line;

        int rows;

        Lines(Table table, String fileName, String node, String agentId, String seq) {
            this.table = table;
            this.fileName = fileName;
            this.line = new String[Table.ROW_PREFIX.size() + table.columns().size()];
            RowFormat.prefix(line, node, agentId, seq);
        }
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
}
