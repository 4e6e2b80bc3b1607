package io.kubemon.common.schema;

import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;

/** Builds CSV lines: the row prefix, then a table's cells. One definition for every writer. */
public final class RowFormat {
    /** ISO-8601 UTC, always with milliseconds (ISO_INSTANT would drop ".000" on whole seconds). */
    public static final DateTimeFormatter TIMESTAMP =
            DateTimeFormatter.ofPattern("uuuu-MM-dd'T'HH:mm:ss.SSS'Z'").withZone(ZoneOffset.UTC);

    private RowFormat() {
    }

    public static String[] line(long timestampMs, long intervalMs, String node, String agentId, long seq, String[] cells) {
        int prefix = Table.ROW_PREFIX.size();
        String[] line = new String[prefix + cells.length];
        line[0] = TIMESTAMP.format(Instant.ofEpochMilli(timestampMs));
        line[1] = Long.toString(intervalMs);
        line[2] = node;
        line[3] = agentId;
        line[4] = Long.toString(seq);
        System.arraycopy(cells, 0, line, prefix, cells.length);
        return line;
    }

    /** A table's cells from already-validated values; absent columns are empty cells. */
    public static String[] cells(Table table, java.util.Map<String, Object> values) {
        String[] cells = new String[table.columns().size()];
        for (int i = 0; i < cells.length; i++) {
            cells[i] = ValueFormat.cell(values.get(table.columns().get(i).name()));
        }
        return cells;
    }
}
