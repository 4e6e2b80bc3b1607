package io.kubemon.collector.ingest;

import io.kubemon.collector.web.ApiException;
import io.kubemon.common.schema.Column;
import io.kubemon.common.schema.Kind;
import io.kubemon.common.schema.Schemas;
import io.kubemon.common.schema.Table;
import io.kubemon.common.schema.ValueFormat;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.springframework.http.HttpStatus;
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

    private BatchReader() {
    }

    record Parsed(String agentId, String runId, long seq, List<Row> rows) {
    }

    static Parsed read(JsonMapper json, byte[] body, int maxRows) {
        if (body.length == 0) {
            throw malformed("request body is empty; expected a JSON batch");
        }
        try (JsonParser p = json.createParser(body)) {
            if (p.nextToken() != JsonToken.START_OBJECT) {
                throw malformed("request body is not a valid JSON batch: expected an object {\"agentId\", \"seq\", \"samples\"}");
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
                    case "samples" -> rows = samples(p, t, maxRows);
                    default -> p.skipChildren();
                }
            }
            if (p.currentToken() != JsonToken.END_OBJECT || p.nextToken() != null) {
                throw malformed("request body is not a valid JSON batch: unexpected content after the batch object");
            }
            if (agentId == null || agentId.isBlank()) {
                throw ApiException.badRequest("invalid_batch", "agentId is required");
            }
            if (seq == null || seq < 1) {
                throw ApiException.badRequest("invalid_batch", "seq must be a positive batch number, got " + seq);
            }
            return new Parsed(agentId, runId, seq, rows);
        } catch (JacksonException e) {
            throw malformed("request body is not a valid JSON batch: " + e.getOriginalMessage());
        }
    }

    private static List<Row> samples(JsonParser p, JsonToken t, int maxRows) {
        if (t == JsonToken.VALUE_NULL) {
            return List.of();
        }
        if (t != JsonToken.START_ARRAY) {
            throw malformed("request body is not a valid JSON batch: samples must be an array, got " + describe(p, t));
        }
        List<Row> rows = new ArrayList<>();
        int i = 0;
        for (JsonToken s = p.nextToken(); s != JsonToken.END_ARRAY; s = p.nextToken()) {
            if (i >= maxRows) {
                throw new ApiException(HttpStatus.CONTENT_TOO_LARGE, "batch_too_large",
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
                        switch (v) {
                            case VALUE_STRING -> {
                                kinds[n] = TEXT;
                                cells.add(p.getString());
                            }
                            case VALUE_NUMBER_INT -> {
                                kinds[n] = NUMBER;
                                cells.add(p.getString());
                            }
                            case VALUE_NUMBER_FLOAT -> {
                                kinds[n] = NUMBER;
                                cells.add(ValueFormat.cell(p.getDecimalValue()));
                            }
                            case VALUE_NULL -> {
                                kinds[n] = NULL;
                                cells.add("");
                            }
                            default -> {
                                kinds[n] = OTHER;
                                cells.add(describe(p, v));
                                p.skipChildren();
                            }
                        }
                    }
                }
                default -> p.skipChildren();
            }
        }
        String tn = tableName;
        Table table = Schemas.byName(tn).orElseThrow(() -> invalid(i, "unknown table '" + tn
                + "'; known tables: " + Schemas.ALL.stream().map(Table::name).toList()));
        if (source == null || source.isBlank()) {
            throw invalid(i, "source is required");
        }
        if (timestamp == null || timestamp <= 0) {
            throw invalid(i, "timestamp must be epoch milliseconds, got " + timestamp);
        }
        if (intervalMs == null || intervalMs < 0) {
            throw invalid(i, "intervalMs must be a non-negative number of milliseconds, got " + intervalMs);
        }
        String[] row = new String[table.columns().size()];
        Arrays.fill(row, "");
        for (int k = 0; k < names.size(); k++) {
            Integer pos = table.index().get(names.get(k));
            if (pos == null) {
                throw invalid(i, "unknown column '" + names.get(k) + "' for table " + table.name());
            }
            Column column = table.columns().get(pos);
            byte kind = kinds[k];
            if (kind == NULL) {
                continue;
            }
            if (column.kind() == Kind.LABEL) {
                if (kind != TEXT) {
                    throw invalid(i, "column '" + column.name() + "' takes text, got " + (kind == NUMBER ? "a number" : cells.get(k)));
                }
                if (cells.get(k).length() > 1024) {
                    throw invalid(i, "column '" + column.name() + "' is longer than 1024 characters");
                }
            } else if (kind != NUMBER) {
                String v = cells.get(k);
                throw invalid(i, "column '" + column.name() + "' takes a number, got "
                        + (kind == TEXT ? "the text \"" + (v.length() > 40 ? v.substring(0, 40) + "..." : v) + "\"" : v));
            }
            row[pos] = cells.get(k);
        }
        return new Row(table, FileNames.sanitize(source) + table.fileSuffix() + ".csv", timestamp, intervalMs, row);
    }

    private static String text(JsonParser p, JsonToken t, String field) {
        if (t != JsonToken.VALUE_STRING) {
            throw malformed("request body is not a valid JSON batch: " + field + " must be text, got " + describe(p, t));
        }
        return p.getString();
    }

    private static Long integer(JsonParser p, JsonToken t, String field) {
        if (t == JsonToken.VALUE_NULL) {
            return null;
        }
        if (t != JsonToken.VALUE_NUMBER_INT || p.getNumberType() == JsonParser.NumberType.BIG_INTEGER) {
            throw malformed("request body is not a valid JSON batch: " + field + " must be a whole number, got " + describe(p, t));
        }
        return p.getLongValue();
    }

    private static Long sampleLong(JsonParser p, JsonToken t, int i, String field) {
        if (t == JsonToken.VALUE_NULL) {
            return null;
        }
        if (t != JsonToken.VALUE_NUMBER_INT || p.getNumberType() == JsonParser.NumberType.BIG_INTEGER) {
            throw invalid(i, field + " must be a whole number, got " + describe(p, t));
        }
        return p.getLongValue();
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

    private static ApiException malformed(String message) {
        return ApiException.badRequest("malformed_json", message);
    }

    private static ApiException invalid(int i, String message) {
        return ApiException.badRequest("invalid_sample", "samples[" + i + "]: " + message);
    }
}
