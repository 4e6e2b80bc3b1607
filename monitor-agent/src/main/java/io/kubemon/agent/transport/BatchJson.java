package io.kubemon.agent.transport;

import io.kubemon.common.schema.Column;
import io.kubemon.common.schema.Schemas;
import io.kubemon.common.schema.Table;
import io.kubemon.common.wire.Sample;
import io.kubemon.common.wire.SampleBatch;
import java.io.ByteArrayOutputStream;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import tools.jackson.core.JsonGenerator;
import tools.jackson.core.SerializableString;
import tools.jackson.core.io.SerializedString;
import tools.jackson.databind.json.JsonMapper;

/**
 * A batch as compact JSON, written token by token with Jackson's streaming generator: per table
 * its columns once, then every row as an array {@code [source, timestamp, intervalMs, cells...]}.
 *
 * <p>Data binding of the row maps looked up a serializer for every value of every row (about
 * 5,000 values a tick) and repeated every column name in every row; the collector then looked
 * every name up again. Here each value is one switch, a column name is written once per table,
 * and the collector resolves it once. Columns are those any row of the table has a value for,
 * in the schema's order; a key the schema does not know is still sent, so the collector's
 * refusal names it.
 */
public final class BatchJson {
    private final JsonMapper json;
    private final Map<String, SerializableString> names = new ConcurrentHashMap<>();
    private volatile int lastSize = 16 * 1024;

    public BatchJson(JsonMapper json) {
        this.json = json;
    }

    public byte[] encode(SampleBatch batch) {
        Map<String, List<Sample>> byTable = new LinkedHashMap<>();
        for (Sample s : batch.samples()) {
            byTable.computeIfAbsent(s.table(), k -> new ArrayList<>()).add(s);
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream(lastSize + lastSize / 8);
        try (JsonGenerator g = json.createGenerator(out)) {
            g.writeStartObject();
            g.writeStringProperty("agentId", batch.agentId());
            g.writeStringProperty("runId", batch.runId());
            g.writeNumberProperty("seq", batch.seq());
            g.writeName("tables");
            g.writeStartArray();
            for (Map.Entry<String, List<Sample>> e : byTable.entrySet()) {
                List<String> columns = columns(e.getKey(), e.getValue());
                g.writeStartObject();
                g.writeStringProperty("table", e.getKey());
                g.writeName("columns");
                g.writeStartArray();
                for (String c : columns) {
                    g.writeString(names.computeIfAbsent(c, SerializedString::new));
                }
                g.writeEndArray();
                g.writeName("rows");
                g.writeStartArray();
                for (Sample s : e.getValue()) {
                    g.writeStartArray();
                    g.writeString(s.source());
                    g.writeNumber(s.timestamp());
                    g.writeNumber(s.intervalMs());
                    for (String c : columns) {
                        value(g, s.values().get(c));
                    }
                    g.writeEndArray();
                }
                g.writeEndArray();
                g.writeEndObject();
            }
            g.writeEndArray();
            g.writeEndObject();
        }
        lastSize = out.size();
        return out.toByteArray();
    }

    /** The columns some row of the table has a value for: the schema's order, then unknown keys. */
    private static List<String> columns(String tableName, List<Sample> rows) {
        Table table = Schemas.byName(tableName).orElse(null);
        List<String> out = new ArrayList<>();
        if (table != null) {
            for (Column c : table.columns()) {
                for (Sample s : rows) {
                    if (s.values().get(c.name()) != null) {
                        out.add(c.name());
                        break;
                    }
                }
            }
        }
        for (Sample s : rows) {
            for (Map.Entry<String, Object> v : s.values().entrySet()) {
                if (v.getValue() != null
                        && (table == null || !table.index().containsKey(v.getKey()))
                        && !out.contains(v.getKey())) {
                    out.add(v.getKey());
                }
            }
        }
        return out;
    }

    private static void value(JsonGenerator g, Object v) {
        if (v == null) {
            g.writeNull();
        } else if (v instanceof String s) {
            g.writeString(s);
        } else if (v instanceof Long l) {
            g.writeNumber(l);
        } else if (v instanceof Integer i) {
            g.writeNumber(i);
        } else if (v instanceof Double d) {
            g.writeNumber(d);
        } else if (v instanceof BigDecimal b) {
            g.writeNumber(b);
        } else if (v instanceof Boolean b) {
            g.writeBoolean(b);
        } else {
            g.writePOJO(v); // anything else: as data binding would write it
        }
    }
}
