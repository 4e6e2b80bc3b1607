package io.kubemon.common.schema;

import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * One CSV table: a fixed, ordered, versioned column list. Every file of a table carries exactly
 * {@link #header()} and every row fills exactly those cells, so files of one table from
 * different runs and nodes can be concatenated without realignment.
 *
 * @param name       wire name of the table, e.g. {@code os_disk}
 * @param monitor    the monitor it belongs to; also the output sub-directory ({@code os},
 *                   {@code container}, {@code process})
 * @param fileSuffix appended to the source name to form the file name, so that two tables of
 *                   one monitor never share a file
 * @param version    bumped whenever the column list changes
 */
public record Table(
        String name,
        String monitor,
        String fileSuffix,
        int version,
        String description,
        List<Column> columns,
        Map<String, Integer> index) {

    /** Columns every row starts with, filled by the collector from the batch envelope. */
    public static final List<Column> ROW_PREFIX = List.of(
            Column.label(
                    "timestamp", "Sample time, ISO-8601 UTC with milliseconds, on the wall-clock grid of the interval"),
            Column.gauge(
                    "interval_ms",
                    "milliseconds",
                    "Real elapsed time since the previous sample of this source; counters are increases over exactly this time"),
            Column.label("node", "Node name the agent registered with"),
            Column.label("agent_id", "Identity the collector gave the agent"),
            Column.gauge("seq", "", "Batch sequence number of the agent within the run"));

    public Table(
            String name, String monitor, String fileSuffix, int version, String description, List<Column> columns) {
        this(name, monitor, fileSuffix, version, description, columns, null);
    }

    /** {@code index} is derived from the columns (any value given is ignored); built once, used per row. */
    public Table {
        columns = List.copyOf(columns);
        Map<String, Integer> positions = new HashMap<>(columns.size() * 2);
        for (int i = 0; i < columns.size(); i++) {
            positions.put(columns.get(i).name(), i);
        }
        index = Collections.unmodifiableMap(positions);
        Set<String> seen = new LinkedHashSet<>();
        for (Column c : ROW_PREFIX) {
            seen.add(c.name());
        }
        for (Column c : columns) {
            if (!seen.add(c.name())) {
                throw new IllegalArgumentException("duplicate column " + c.name() + " in table " + name);
            }
        }
    }

    /** Every file of a run is {@code <monitor>/<source><suffix>.csv}; this and {@link RunLayout#locate} alone know it. */
    public static final String EXTENSION = ".csv";

    /**
     * The file this table's rows of {@code source} go to, in its monitor's directory: the source
     * name made safe ({@link FileNames#sanitize}), the table's suffix, {@code .csv}.
     */
    public String fileName(String source) {
        return FileNames.sanitize(source) + fileSuffix + EXTENSION;
    }

    /** The source a file name of this table names, or null when the name is not one of this table's. */
    public String sourceOf(String fileName) {
        String end = fileSuffix + EXTENSION;
        if (!fileName.endsWith(end) || fileName.length() == end.length()) {
            return null;
        }
        return fileName.substring(0, fileName.length() - end.length());
    }

    /** The full CSV header: the row prefix, then this table's columns. */
    public String[] header() {
        List<String> names = new ArrayList<>(ROW_PREFIX.size() + columns.size());
        ROW_PREFIX.forEach(c -> names.add(c.name()));
        columns.forEach(c -> names.add(c.name()));
        return names.toArray(String[]::new);
    }

    /**
     * Column name to position within {@link #columns()} (not counting the prefix).
     *
     * @return the index built once at construction
     */
    @Override
    public Map<String, Integer> index() {
        return index;
    }
}
