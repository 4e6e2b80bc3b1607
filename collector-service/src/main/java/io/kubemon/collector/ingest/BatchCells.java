package io.kubemon.collector.ingest;

import io.kubemon.collector.store.Row;
import io.kubemon.common.schema.Column;
import io.kubemon.common.schema.Kind;
import io.kubemon.common.schema.Schemas;
import io.kubemon.common.schema.Table;
import io.kubemon.common.schema.ValueFormat;
import java.util.ArrayList;
import java.util.List;
import tools.jackson.core.JsonParser;
import tools.jackson.core.JsonToken;

/**
 * The checks both forms of a batch share: a cell's kind against its column's, the whole-number and
 * text fields, and the refusals' words, each naming the row ("samples[i]: ", "tables[k].rows[r]: ").
 */
final class BatchCells {
    private BatchCells() {}

    static final byte TEXT = 1;
    static final byte NUMBER = 2;
    static final byte NULL = 3;
    static final byte OTHER = 4;

    static final String SAMPLES = "samples[";

    /** Whether the batch field {@code field} holds an array (null: no rows); anything else is refused. */
    static boolean array(JsonParser p, JsonToken t, String field) {
        if (t == JsonToken.VALUE_NULL) {
            return false;
        }
        if (t != JsonToken.START_ARRAY) {
            throw malformed(
                    "request body is not a valid JSON batch: " + field + " must be an array, got " + describe(p, t));
        }
        return true;
    }

    static String fileName(String source, Table table) {
        return table.fileName(source);
    }

    /** A refusal's "samples[i]: " or "tables[k].rows[r]: " from its fixed start and the index. */
    static String where(String at, int index) {
        return at + index + "]: ";
    }

    static String shown(long value) {
        return value == TableForm.ABSENT ? "null" : Long.toString(value);
    }

    /** The text of a value token, its kind in kinds[n]. */
    static String cell(JsonParser p, JsonToken v, byte[] kinds, int n) {
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
    static void place(String[] row, int pos, Column column, byte kind, String cell, String at, int index) {
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

    static java.util.Optional<Table> table(String name) {
        return Schemas.byName(name);
    }

    static String unknownTable(String name) {
        return "unknown table '" + name + "'; known tables: "
                + Schemas.ALL.stream().map(Table::name).toList();
    }

    static List<Row> join(List<Row> a, List<Row> b) {
        if (a.isEmpty()) {
            return b;
        }
        List<Row> all = new ArrayList<>(a);
        all.addAll(b);
        return all;
    }

    static String text(JsonParser p, JsonToken t, String field) {
        if (t != JsonToken.VALUE_STRING) {
            throw malformed(
                    "request body is not a valid JSON batch: " + field + " must be text, got " + describe(p, t));
        }
        return p.getString();
    }

    static Long integer(JsonParser p, JsonToken t, String field) {
        if (t == JsonToken.VALUE_NULL) {
            return null;
        }
        if (!isWholeNumber(p, t)) {
            throw malformed("request body is not a valid JSON batch: " + field + " must be a whole number, got "
                    + describe(p, t));
        }
        return p.getLongValue();
    }

    static Long sampleLong(JsonParser p, JsonToken t, int i, String field) {
        if (t == JsonToken.VALUE_NULL) {
            return null;
        }
        if (!isWholeNumber(p, t)) {
            throw invalid(i, field + " must be a whole number, got " + describe(p, t));
        }
        return p.getLongValue();
    }

    /** The one whole-number check of every integer field: a JSON integer that fits a long. */
    static boolean isWholeNumber(JsonParser p, JsonToken t) {
        return t == JsonToken.VALUE_NUMBER_INT && p.getNumberType() != JsonParser.NumberType.BIG_INTEGER;
    }

    static String describe(JsonParser p, JsonToken t) {
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

    static BatchRefused malformed(String message) {
        return new BatchRefused(BatchRefused.Reason.MALFORMED, message);
    }

    static BatchRefused invalid(int i, String message) {
        return badBlock(where(SAMPLES, i) + message);
    }

    static BatchRefused badBlock(String message) {
        return new BatchRefused(BatchRefused.Reason.INVALID_SAMPLE, message);
    }
}
