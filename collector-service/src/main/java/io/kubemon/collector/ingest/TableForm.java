package io.kubemon.collector.ingest;

import io.kubemon.collector.store.Row;
import io.kubemon.common.schema.Table;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import tools.jackson.core.JsonParser;
import tools.jackson.core.JsonToken;

/**
 * A batch's column-wise form, as agents send it: per table its columns named once and its rows as
 * arrays of cells, checked cell by cell against the table's columns.
 */
final class TableForm {
    private TableForm() {}
    /** A row's timestamp or interval that is missing (a row array that ends early). */
    static final long ABSENT = Long.MIN_VALUE;

    /**
     * The compact form: per table its columns once, then each row as an array
     * {@code [source, timestamp, intervalMs, cell, cell, ...]} in the order of the columns, so no
     * column name is repeated per row. Within a table object "table" and "columns" come before
     * "rows".
     */
    static List<Row> tables(JsonParser p, JsonToken t, int maxRows) {
        if (!BatchCells.array(p, t, "tables")) {
            return List.of();
        }
        List<Row> rows = new ArrayList<>();
        int k = 0;
        for (JsonToken s = p.nextToken(); s != JsonToken.END_ARRAY; s = p.nextToken(), k++) {
            String at = "tables[" + k + "]: ";
            if (s != JsonToken.START_OBJECT) {
                throw BatchCells.badBlock(
                        at + "a table must be an object {table, columns, rows}, got " + BatchCells.describe(p, s));
            }
            Table table = null;
            int[] positions = null;
            // A batch has a row per source and table: each source's file name is made once.
            Map<String, String> fileNames = new HashMap<>();
            while (p.nextToken() == JsonToken.PROPERTY_NAME) {
                String name = p.currentName();
                JsonToken v = p.nextToken();
                switch (name) {
                    case "table" -> {
                        String tn = v == JsonToken.VALUE_STRING ? p.getString() : BatchCells.describe(p, v);
                        table = BatchCells.table(tn)
                                .orElseThrow(() -> BatchCells.badBlock(at + BatchCells.unknownTable(tn)));
                    }
                    case "columns" -> positions = columns(p, v, table, at);
                    case "rows" -> {
                        if (positions == null) {
                            throw BatchCells.badBlock(at + "\"table\" and \"columns\" must come before \"rows\"");
                        }
                        tableRows(p, v, table, positions, k, maxRows - rows.size(), rows, fileNames);
                    }
                    default -> p.skipChildren();
                }
            }
        }
        return rows;
    }

    static int[] columns(JsonParser p, JsonToken v, Table table, String at) {
        if (table == null) {
            throw BatchCells.badBlock(at + "\"table\" must come before \"columns\"");
        }
        if (v != JsonToken.START_ARRAY) {
            throw BatchCells.badBlock(
                    at + "columns must be an array of column names, got " + BatchCells.describe(p, v));
        }
        List<Integer> positions = new ArrayList<>();
        for (JsonToken c = p.nextToken(); c != JsonToken.END_ARRAY; c = p.nextToken()) {
            String name = c == JsonToken.VALUE_STRING ? p.getString() : BatchCells.describe(p, c);
            Integer pos = table.index().get(name);
            if (pos == null) {
                throw BatchCells.badBlock(at + "unknown column '" + name + "' for table " + table.name());
            }
            positions.add(pos);
        }
        return positions.stream().mapToInt(Integer::intValue).toArray();
    }

    static void tableRows(
            JsonParser p,
            JsonToken v,
            Table table,
            int[] positions,
            int k,
            int maxRows,
            List<Row> out,
            Map<String, String> fileNames) {
        if (v != JsonToken.START_ARRAY) {
            throw BatchCells.badBlock("tables[" + k + "]: rows must be an array, got " + BatchCells.describe(p, v));
        }
        // The row's place in refusals, as "tables[k].rows[r]: ", is only built for a refusal.
        String at = "tables[" + k + "].rows[";
        byte[] kind = new byte[1];
        int r = 0;
        for (JsonToken a = p.nextToken(); a != JsonToken.END_ARRAY; a = p.nextToken(), r++) {
            if (r >= maxRows) {
                throw new BatchRefused(
                        BatchRefused.Reason.TOO_LARGE,
                        "batch has more rows than kubemon.collector.max-rows-per-batch accepts");
            }
            if (a != JsonToken.START_ARRAY) {
                throw BatchCells.badBlock(BatchCells.where(at, r)
                        + "a row must be an array [source, timestamp, intervalMs, cells...], got "
                        + BatchCells.describe(p, a));
            }
            JsonToken f = p.nextToken();
            String source = f == JsonToken.VALUE_STRING ? p.getString() : null;
            long timestamp = f == JsonToken.END_ARRAY ? ABSENT : rowLong(p, p.nextToken(), at, r, "timestamp");
            long intervalMs = timestamp == ABSENT ? ABSENT : rowLong(p, p.nextToken(), at, r, "intervalMs");
            String[] row = new String[table.columns().size()];
            Arrays.fill(row, "");
            int c = 0;
            for (JsonToken cv = intervalMs == ABSENT ? JsonToken.END_ARRAY : p.nextToken();
                    cv != JsonToken.END_ARRAY;
                    cv = p.nextToken(), c++) {
                if (c >= positions.length) {
                    throw BatchCells.badBlock(
                            BatchCells.where(at, r) + "more cells than the " + positions.length + " columns");
                }
                String cell = BatchCells.cell(p, cv, kind, 0);
                BatchCells.place(row, positions[c], table.columns().get(positions[c]), kind[0], cell, at, r);
            }
            String fileName =
                    source == null ? null : fileNames.computeIfAbsent(source, s -> BatchCells.fileName(s, table));
            out.add(row(table, source, fileName, timestamp, intervalMs, row, at, r));
        }
    }

    static long rowLong(JsonParser p, JsonToken t, String at, int r, String field) {
        if (!BatchCells.isWholeNumber(p, t)) {
            throw BatchCells.badBlock(BatchCells.where(at, r) + field + " must be a whole number, got "
                    + (t == JsonToken.END_ARRAY ? "the end of the row" : BatchCells.describe(p, t)));
        }
        return p.getLongValue();
    }

    static Row row(
            Table table,
            String source,
            String fileName,
            long timestamp,
            long intervalMs,
            String[] row,
            String at,
            int index) {
        if (source == null || source.isBlank()) {
            throw BatchCells.badBlock(BatchCells.where(at, index) + "source is required");
        }
        if (timestamp <= 0) { // ABSENT included
            throw BatchCells.badBlock(BatchCells.where(at, index) + "timestamp must be epoch milliseconds, got "
                    + BatchCells.shown(timestamp));
        }
        if (intervalMs < 0) { // ABSENT included
            throw BatchCells.badBlock(BatchCells.where(at, index)
                    + "intervalMs must be a non-negative number of milliseconds, got " + BatchCells.shown(intervalMs));
        }
        return new Row(table, fileName, timestamp, intervalMs, row);
    }
}
