package io.kubemon.collector.ingest;

import io.kubemon.collector.store.Row;
import io.kubemon.common.schema.Table;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
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
    private BatchReader() {}

    record Parsed(String agentId, String runId, long seq, List<Row> rows) {}

    static Parsed read(JsonMapper json, byte[] body, int maxRows) {
        if (body.length == 0) {
            throw BatchCells.malformed("request body is empty; expected a JSON batch");
        }
        try (JsonParser p = json.createParser(body)) {
            if (p.nextToken() != JsonToken.START_OBJECT) {
                throw BatchCells.malformed(
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
                    case "agentId" -> agentId = BatchCells.text(p, t, "agentId");
                    case "runId" -> runId = t == JsonToken.VALUE_NULL ? null : BatchCells.text(p, t, "runId");
                    case "seq" -> seq = BatchCells.integer(p, t, "seq");
                    case "samples" -> rows = BatchCells.join(rows, samples(p, t, maxRows - rows.size(), maxRows));
                    case "tables" -> rows = BatchCells.join(rows, TableForm.tables(p, t, maxRows - rows.size()));
                    default -> p.skipChildren();
                }
            }
            if (p.currentToken() != JsonToken.END_OBJECT || p.nextToken() != null) {
                throw BatchCells.malformed(
                        "request body is not a valid JSON batch: unexpected content after the batch object");
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
            throw BatchCells.malformed("request body is not a valid JSON batch: " + e.getOriginalMessage());
        }
    }

    /** The one-object-per-row form; {@code remaining} of the batch's {@code maxRows} are left for it. */
    private static List<Row> samples(JsonParser p, JsonToken t, int remaining, int maxRows) {
        if (!BatchCells.array(p, t, "samples")) {
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
            throw BatchCells.invalid(i, "a sample must be an object, got " + BatchCells.describe(p, start));
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
                case "timestamp" -> timestamp = BatchCells.sampleLong(p, t, i, "timestamp");
                case "intervalMs" -> intervalMs = BatchCells.sampleLong(p, t, i, "intervalMs");
                case "values" -> {
                    if (t == JsonToken.VALUE_NULL) {
                        continue;
                    }
                    if (t != JsonToken.START_OBJECT) {
                        throw BatchCells.invalid(i, "values must be an object of column: value");
                    }
                    while (p.nextToken() == JsonToken.PROPERTY_NAME) {
                        names.add(p.currentName());
                        JsonToken v = p.nextToken();
                        int n = names.size() - 1;
                        if (n >= kinds.length) {
                            kinds = Arrays.copyOf(kinds, kinds.length * 2);
                        }
                        cells.add(BatchCells.cell(p, v, kinds, n));
                    }
                }
                default -> p.skipChildren();
            }
        }
        String tn = tableName;
        Table table = BatchCells.table(tn).orElseThrow(() -> BatchCells.invalid(i, BatchCells.unknownTable(tn)));
        String[] row = new String[table.columns().size()];
        Arrays.fill(row, "");
        for (int k = 0; k < names.size(); k++) {
            Integer pos = table.index().get(names.get(k));
            if (pos == null) {
                throw BatchCells.invalid(i, "unknown column '" + names.get(k) + "' for table " + table.name());
            }
            BatchCells.place(row, pos, table.columns().get(pos), kinds[k], cells.get(k), BatchCells.SAMPLES, i);
        }
        return TableForm.row(
                table,
                source,
                BatchCells.fileName(source, table),
                timestamp == null ? TableForm.ABSENT : timestamp,
                intervalMs == null ? TableForm.ABSENT : intervalMs,
                row,
                BatchCells.SAMPLES,
                i);
    }
}
