package io.kubemon.common.schema;

import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;

/** Builds CSV lines: the row prefix, then a table's cells. One definition for every writer. */
public final class RowFormat {
    /** ISO-8601 UTC, always with milliseconds (ISO_INSTANT would drop ".000" on whole seconds). */
    public static final DateTimeFormatter TIMESTAMP =
            DateTimeFormatter.ofPattern("uuuu-MM-dd'T'HH:mm:ss.SSS'Z'").withZone(ZoneOffset.UTC);

    private RowFormat() {}

    /** The timestamp cell of a row. */
    public static String timestamp(long timestampMs) {
        return TIMESTAMP.format(Instant.ofEpochMilli(timestampMs));
    }

    /**
     * Sets the cells every row of one batch shares, so a writer can reuse one line array for the
     * batch's rows (with {@link #fill}) instead of building one per row.
     */
    public static void prefix(String[] line, String node, String agentId, String seq) {
        line[2] = node;
        line[3] = agentId;
        line[4] = seq;
    }

    /** Sets one row's own cells in a line array whose {@link #prefix} is set. */
    public static void fill(String[] line, String timestamp, String intervalMs, String[] cells) {
        line[0] = timestamp;
        line[1] = intervalMs;
        System.arraycopy(cells, 0, line, Table.ROW_PREFIX.size(), cells.length);
    }
}
