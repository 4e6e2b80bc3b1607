package io.kubemon.collector.ingest;

import io.kubemon.collector.web.ApiException;
import io.kubemon.common.schema.Column;
import io.kubemon.common.schema.Kind;
import io.kubemon.common.schema.Schemas;
import io.kubemon.common.schema.Table;
import io.kubemon.common.schema.ValueFormat;
import io.kubemon.common.wire.Batch;
import io.kubemon.common.wire.Sample;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.springframework.http.HttpStatus;

/**
 * Checks a whole batch against the column tables before a single byte is written, so a bad
 * batch is refused entirely and the files stay as they were.
 */
final class BatchValidator {
    private BatchValidator() {
    }

    static List<Row> validate(Batch batch, int maxRows) {
        if (batch.agentId() == null || batch.agentId().isBlank()) {
            throw ApiException.badRequest("invalid_batch", "agentId is required");
        }
        if (batch.seq() < 1) {
            throw ApiException.badRequest("invalid_batch", "seq must be a positive batch number, got " + batch.seq());
        }
        List<Sample> samples = batch.samples() == null ? List.of() : batch.samples();
        if (samples.size() > maxRows) {
            throw new ApiException(HttpStatus.CONTENT_TOO_LARGE, "batch_too_large",
                    "batch has " + samples.size() + " samples; at most " + maxRows + " are accepted per batch");
        }
        List<Row> rows = new ArrayList<>(samples.size());
        for (int i = 0; i < samples.size(); i++) {
            rows.add(row(i, samples.get(i)));
        }
        return rows;
    }

    private static Row row(int i, Sample s) {
        if (s == null) {
            throw invalid(i, "sample is null");
        }
        Table table = Schemas.byName(s.table()).orElseThrow(() -> invalid(i, "unknown table '" + s.table()
                + "'; known tables: " + Schemas.ALL.stream().map(Table::name).toList()));
        if (s.source() == null || s.source().isBlank()) {
            throw invalid(i, "source is required");
        }
        if (s.timestamp() <= 0) {
            throw invalid(i, "timestamp must be epoch milliseconds, got " + s.timestamp());
        }
        if (s.intervalMs() < 0) {
            throw invalid(i, "intervalMs must not be negative, got " + s.intervalMs());
        }
        Map<String, Integer> index = table.index();
        String[] cells = new String[table.columns().size()];
        java.util.Arrays.fill(cells, "");
        if (s.values() != null) {
            for (Map.Entry<String, Object> e : s.values().entrySet()) {
                Integer pos = index.get(e.getKey());
                if (pos == null) {
                    throw invalid(i, "unknown column '" + e.getKey() + "' for table " + table.name());
                }
                cells[pos] = cell(i, table.columns().get(pos), e.getValue());
            }
        }
        return new Row(table, FileNames.sanitize(s.source()) + table.fileSuffix() + ".csv", s.timestamp(),
                s.intervalMs(), cells);
    }

    private static String cell(int i, Column column, Object value) {
        if (value == null) {
            return "";
        }
        if (column.kind() == Kind.LABEL) {
            if (!(value instanceof String text)) {
                throw invalid(i, "column '" + column.name() + "' takes text, got " + value.getClass().getSimpleName());
            }
            if (text.length() > 1024) {
                throw invalid(i, "column '" + column.name() + "' is longer than 1024 characters");
            }
            return text;
        }
        if (!(value instanceof Number)) {
            throw invalid(i, "column '" + column.name() + "' takes a number, got " + describe(value));
        }
        return ValueFormat.cell(value);
    }

    private static String describe(Object value) {
        return value instanceof String s ? "the text \"" + (s.length() > 40 ? s.substring(0, 40) + "..." : s) + "\""
                : value.getClass().getSimpleName();
    }

    private static ApiException invalid(int i, String message) {
        return ApiException.badRequest("invalid_sample", "samples[" + i + "]: " + message);
    }
}
