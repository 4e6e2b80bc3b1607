package io.kubemon.collector.ingest;

import io.kubemon.collector.store.Row;
import io.kubemon.common.schema.Column;
import io.kubemon.common.schema.Kind;
import io.kubemon.common.schema.Schemas;
import io.kubemon.common.schema.Table;
import io.kubemon.common.schema.ValueFormat;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import tools.jackson.core.JacksonException;
import tools.jackson.core.JsonParser;
import tools.jackson.core.JsonToken;
import tools.jackson.databind.json.JsonMapper;

/**
 * Reads and checks a batch straight from the JSON token stream into CSV cells: no map per row,
 * no boxed numbers. The whole batch is checked before anything is written, and every refusal
 * names the sample and the column. Fields may come in any order.
 */
final class BatchReader {
    private static final byte TEXT = 1;
    private static final byte NUMBER = 2;
    private static final byte NULL = 3;
    private static final byte OTHER = 4;
    /** A row's timestamp or interval that is missing (a row array that ends early). */
    private static final long ABSENT = Long.MIN_VALUE;

    private static final String SAMPLES = "samples[";

    private BatchReader() {}

    record Parsed(String agentId, String runId, long seq, List<Row> rows) {}

    static Parsed read(JsonMapper json, byte[] body, int maxRows) {
        if (body.length == 0) {
            throw malformed("request body is empty; expected a JSON batch");
        }
        try (JsonParser p = json.createParser(body)) {
            if (p.nextToken() != JsonToken.START_OBJECT) {
                throw malformed(
                        "request body is not a valid JSON batch: expected an object {\"agentId\", \"seq\", \"samples\"}");
            }
            String agentId = null;
            String runId = null;
            Long seq = null;
            List<Row> rows = List.of();
            while (p.nextToken() == JsonToken.PROPERTY_NAME) {
                String name = p.currentName();
                JsonToken t = p.nextToken();
                switch (name) {
                    case "agentId" -> agentId = text(p, t, "agentId");
                    case "runId" -> runId = t == JsonToken.VALUE_NULL ? null : text(p, t, "runId");
                    case "seq" -> seq = integer(p, t, "seq");
                    case "samples" -> rows = join(rows, samples(p, t, maxRows - rows.size(), maxRows));
                    case "tables" -> rows = join(rows, tables(p, t, maxRows - rows.size()));
                    default -> p.skipChildren();
                }
            }
            if (p.currentToken() != JsonToken.END_OBJECT || p.nextToken() != null) {
                throw malformed("request body is not a valid JSON batch: unexpected content after the batch object");
            }
            if (agentId == null || agentId.isBlank()) {
                throw new BatchRefused(BatchRefused.Reason.INVALID_BATCH, "agentId is required");
            }
            if (seq == null || seq < 1) {
                throw new BatchRefused(
                        BatchRefused.Reason.INVALID_BATCH, "seq must be a positive batch number, got " + seq);
            }
            return new Parsed(agentId, runId, seq, rows);
        } catch (JacksonException e) {
            throw malformed("request body is not a valid JSON batch: " + e.getOriginalMessage());
        }
    }

    /** Whether the batch field {@code field} holds an array (null: no rows); anything else is refused. */
    private static boolean array(JsonParser p, JsonToken t, String field) {
        if (t == JsonToken.VALUE_NULL) {
            return false;
        }
        if (t != JsonToken.START_ARRAY) {
            throw malformed(
                    "request body is not a valid JSON batch: " + field + " must be an array, got " + describe(p, t));
        }
        return true;
    }

    /** The one-object-per-row form; {@code remaining} of the batch's {@code maxRows} are left for it. */
    private static List<Row> samples(JsonParser p, JsonToken t, int remaining, int maxRows) {
        if (!array(p, t, "samples")) {
            return List.of();
        }
        List<Row> rows = new ArrayList<>();
        int i = 0;
        for (JsonToken s = p.nextToken(); s != JsonToken.END_ARRAY; s = p.nextToken()) {
            if (i >= remaining) {
                throw new BatchRefused(
                        BatchRefused.Reason.TOO_LARGE,
                        "batch has more than " + maxRows + " samples; at most " + maxRows + " are accepted per batch");
            }
            rows.add(sample(p, s, i++));
        }
        return rows;
    }

    private static Row sample(JsonParser p, JsonToken start, int i) {
        if (start != JsonToken.START_OBJECT) {
            throw invalid(i, "a sample must be an object, got " + describe(p, start));
        }
        String tableName = null;
        String source = null;
        Long timestamp = null;
        Long intervalMs = null;
        List<String> names = new ArrayList<>(48);
        List<String> cells = new ArrayList<>(48);
        byte[] kinds = new byte[64];
        while (p.nextToken() == JsonToken.PROPERTY_NAME) {
            String name = p.currentName();
            JsonToken t = p.nextToken();
            switch (name) {
                case "table" -> tableName = t == JsonToken.VALUE_STRING ? p.getString() : null;
                case "source" -> source = t == JsonToken.VALUE_STRING ? p.getString() : null;
                case "timestamp" -> timestamp = sampleLong(p, t, i, "timestamp");
                case "intervalMs" -> intervalMs = sampleLong(p, t, i, "intervalMs");
                case "values" -> {
                    if (t == JsonToken.VALUE_NULL) {
                        continue;
                    }
                    if (t != JsonToken.START_OBJECT) {
                        throw invalid(i, "values must be an object of column: value");
                    }
                    while (p.nextToken() == JsonToken.PROPERTY_NAME) {
                        names.add(p.currentName());
                        JsonToken v = p.nextToken();
                        int n = names.size() - 1;
                        if (n >= kinds.length) {
                            kinds = Arrays.copyOf(kinds, kinds.length * 2);
                        }
                        cells.add(cell(p, v, kinds, n));
                    }
                }
                default -> p.skipChildren();
            }
        }
        String tn = tableName;
        Table table = table(tn).orElseThrow(() -> invalid(i, unknownTable(tn)));
        String[] row = new String[table.columns().size()];
        Arrays.fill(row, "");
        for (int k = 0; k < names.size(); k++) {
            Integer pos = table.index().get(names.get(k));
            if (pos == null) {
                throw invalid(i, "unknown column '" + names.get(k) + "' for table " + table.name());
            }
            place(row, pos, table.columns().get(pos), kinds[k], cells.get(k), SAMPLES, i);
        }
        return row(
                table,
                source,
                fileName(source, table),
                timestamp == null ? ABSENT : timestamp,
                intervalMs == null ? ABSENT : intervalMs,
                row,
                SAMPLES,
                i);
    }

    /**
     * The compact form: per table its columns once, then each row as an array
     * {@code [source, timestamp, intervalMs, cell, cell, ...]} in the order of the columns, so no
     * column name is repeated per row. Within a table object "table" and "columns" come before
     * "rows".
     */
    private static List<Row> tables(JsonParser p, JsonToken t, int maxRows) {
        if (!array(p, t, "tables")) {
            return List.of();
        }
        List<Row> rows = new ArrayList<>();
        int k = 0;
        for (JsonToken s = p.nextToken(); s != JsonToken.END_ARRAY; s = p.nextToken(), k++) {
            String at = "tables[" + k + "]: ";
            if (s != JsonToken.START_OBJECT) {
                throw badBlock(at + "a table must be an object {table, columns, rows}, got " + describe(p, s));
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
                        String tn = v == JsonToken.VALUE_STRING ? p.getString() : describe(p, v);
                        table = table(tn).orElseThrow(() -> badBlock(at + unknownTable(tn)));
                    }
                    case "columns" -> positions = columns(p, v, table, at);
                    case "rows" -> {
                        if (positions == null) {
                            throw badBlock(at + "\"table\" and \"columns\" must come before \"rows\"");
                        }
                        tableRows(p, v, table, positions, k, maxRows - rows.size(), rows, fileNames);
                    }
                    default -> p.skipChildren();
                }
            }
        }
        return rows;
    }

    private static int[] columns(JsonParser p, JsonToken v, Table table, String at) {
        if (table == null) {
            throw badBlock(at + "\"table\" must come before \"columns\"");
        }
        if (v != JsonToken.START_ARRAY) {
            throw badBlock(at + "columns must be an array of column names, got " + describe(p, v));
        }
        List<Integer> positions = new ArrayList<>();
        for (JsonToken c = p.nextToken(); c != JsonToken.END_ARRAY; c = p.nextToken()) {
            String name = c == JsonToken.VALUE_STRING ? p.getString() : describe(p, c);
            Integer pos = table.index().get(name);
            if (pos == null) {
                throw badBlock(at + "unknown column '" + name + "' for table " + table.name());
            }
            positions.add(pos);
        }
        return positions.stream().mapToInt(Integer::intValue).toArray();
    }

    private static void tableRows(
            JsonParser p,
            JsonToken v,
            Table table,
            int[] positions,
            int k,
            int maxRows,
            List<Row> out,
            Map<String, String> fileNames) {
        if (v != JsonToken.START_ARRAY) {
            throw badBlock("tables[" + k + "]: rows must be an array, got " + describe(p, v));
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
                throw badBlock(where(at, r) + "a row must be an array [source, timestamp, intervalMs, cells...], got "
                        + describe(p, a));
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
                    throw badBlock(where(at, r) + "more cells than the " + positions.length + " columns");
                }
                String cell = cell(p, cv, kind, 0);
                place(row, positions[c], table.columns().get(positions[c]), kind[0], cell, at, r);
            }
            String fileName = source == null ? null : fileNames.computeIfAbsent(source, s -> fileName(s, table));
            out.add(row(table, source, fileName, timestamp, intervalMs, row, at, r));
        }
    }

    private static long rowLong(JsonParser p, JsonToken t, String at, int r, String field) {
        if (!isWholeNumber(p, t)) {
            throw badBlock(where(at, r) + field + " must be a whole number, got "
                    + (t == JsonToken.END_ARRAY ? "the end of the row" : describe(p, t)));
        }
        return p.getLongValue();
    }

    private static Row row(
            Table table,
            String source,
            String fileName,
            long timestamp,
            long intervalMs,
            String[] row,
            String at,
            int index) {
        if (source == null || source.isBlank()) {
            throw badBlock(where(at, index) + "source is required");
        }
        if (timestamp <= 0) { // ABSENT included
            throw badBlock(where(at, index) + "timestamp must be epoch milliseconds, got " + shown(timestamp));
        }
        if (intervalMs < 0) { // ABSENT included
            throw badBlock(where(at, index) + "intervalMs must be a non-negative number of milliseconds, got "
                    + shown(intervalMs));
        }
        return new Row(table, fileName, timestamp, intervalMs, row);
    }

    private static String fileName(String source, Table table) {
        return table.fileName(source);
    }

    /** A refusal's "samples[i]: " or "tables[k].rows[r]: " from its fixed start and the index. */
    private static String where(String at, int index) {
        return at + index + "]: ";
    }

    private static String shown(long value) {
        return value == ABSENT ? "null" : Long.toString(value);
    }

    /** The text of a value token, its kind in kinds[n]. */
    private static String cell(JsonParser p, JsonToken v, byte[] kinds, int n) {
        switch (v) {
            case VALUE_STRING -> {
                kinds[n] = TEXT;
                return p.getString();
            }
            case VALUE_NUMBER_INT -> {
                kinds[n] = NUMBER;
                return p.getString();
            }
            case VALUE_NUMBER_FLOAT -> {
                kinds[n] = NUMBER;
                return ValueFormat.decimal(p.getString());
            }
            case VALUE_NULL -> {
                kinds[n] = NULL;
                return "";
            }
            default -> {
                kinds[n] = OTHER;
                String d = describe(p, v);
                p.skipChildren();
                return d;
            }
        }
    }

    /** Checks a cell against its column's kind and puts it in the row; {@code at} and {@code index} name the row. */
    private static void place(String[] row, int pos, Column column, byte kind, String cell, String at, int index) {
        if (kind == NULL) {
            return;
        }
        if (column.kind() == Kind.LABEL) {
            if (kind != TEXT) {
                throw badBlock(where(at, index) + "column '" + column.name() + "' takes text, got "
                        + (kind == NUMBER ? "a number" : cell));
            }
            if (cell.length() > 1024) {
                throw badBlock(where(at, index) + "column '" + column.name() + "' is longer than 1024 characters");
            }
        } else if (kind != NUMBER) {
            throw badBlock(where(at, index) + "column '" + column.name() + "' takes a number, got "
                    + (kind == TEXT
                            ? "the text \"" + (cell.length() > 40 ? cell.substring(0, 40) + "..." : cell) + "\""
                            : cell));
        }
        row[pos] = cell;
    }

    private static java.util.Optional<Table> table(String name) {
        return Schemas.byName(name);
    }

    private static String unknownTable(String name) {
        return "unknown table '" + name + "'; known tables: "
                + Schemas.ALL.stream().map(Table::name).toList();
    }

    private static List<Row> join(List<Row> a, List<Row> b) {
        if (a.isEmpty()) {
            return b;
        }
        List<Row> all = new ArrayList<>(a);
        all.addAll(b);
        return all;
    }

    private static String text(JsonParser p, JsonToken t, String field) {
        if (t != JsonToken.VALUE_STRING) {
            throw malformed(
                    "request body is not a valid JSON batch: " + field + " must be text, got " + describe(p, t));
        }
        return p.getString();
    }

    private static Long integer(JsonParser p, JsonToken t, String field) {
        if (t == JsonToken.VALUE_NULL) {
            return null;
        }
        if (!isWholeNumber(p, t)) {
            throw malformed("request body is not a valid JSON batch: " + field + " must be a whole number, got "
                    + describe(p, t));
        }
        return p.getLongValue();
    }

    private static Long sampleLong(JsonParser p, JsonToken t, int i, String field) {
        if (t == JsonToken.VALUE_NULL) {
            return null;
        }
        if (!isWholeNumber(p, t)) {
            throw invalid(i, field + " must be a whole number, got " + describe(p, t));
        }
        return p.getLongValue();
    }

    /** The one whole-number check of every integer field: a JSON integer that fits a long. */
    private static boolean isWholeNumber(JsonParser p, JsonToken t) {
        return t == JsonToken.VALUE_NUMBER_INT && p.getNumberType() != JsonParser.NumberType.BIG_INTEGER;
    }

    private static String describe(JsonParser p, JsonToken t) {
        return switch (t) {
            case VALUE_STRING -> {
                String s = p.getString();
                yield "\"" + (s.length() > 40 ? s.substring(0, 40) + "..." : s) + "\"";
            }
            case START_OBJECT -> "an object";
            case START_ARRAY -> "an array";
            case VALUE_TRUE, VALUE_FALSE -> "a boolean";
            case VALUE_NULL -> "null";
            default -> p.getString();
        };
    }

    private static BatchRefused malformed(String message) {
        return new BatchRefused(BatchRefused.Reason.MALFORMED, message);
    }

    private static BatchRefused invalid(int i, String message) {
        return badBlock(where(SAMPLES, i) + message);
    }

    private static BatchRefused badBlock(String message) {
        return new BatchRefused(BatchRefused.Reason.INVALID_SAMPLE, message);
    }
}
