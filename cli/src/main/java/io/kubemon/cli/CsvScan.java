package io.kubemon.cli;

import io.kubemon.common.schema.Column;
import io.kubemon.common.schema.Table;
import io.kubemon.common.schema.ValueType;
import java.io.BufferedReader;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The SQL that reads a table's CSV files with the column types the table declares, in DuckDB: no
 * type guessing, an empty cell a null, the timestamp a UTC instant. Files of one table written by
 * different versions (a later version adds columns) are read by their own headers and lined up by
 * name; a column a file lacks is null there. Pure: files in, SQL out.
 */
final class CsvScan {
    private CsvScan() {}

    /**
     * A file to read and the header it starts with.
     *
     * @param source the run's file it is (or is the whole lines of)
     * @param bytes  how much of the source it holds
     */
    record Part(Path path, List<String> header, Path source, long bytes) {}

    /** The SQL type DuckDB reads and writes a column as. */
    static String sqlType(ValueType type) {
        return switch (type) {
            case TIMESTAMP -> "TIMESTAMP_MS";
            case TEXT -> "VARCHAR";
            case INTEGER -> "BIGINT";
            case REAL -> "DOUBLE";
        };
    }

    /** Every column of the table's files: the row prefix, then its own. */
    static List<Column> columns(Table table) {
        List<Column> all = new ArrayList<>(Table.ROW_PREFIX);
        all.addAll(table.columns());
        return all;
    }

    /**
     * The run's files of a table as parts to read: each up to its last whole line ({@link
     * WholeLines}, copies in {@code scratch}), what was left out said on {@code notes} after {@code
     * prefix}, files without a header left out.
     */
    static List<Part> parts(RunTables run, List<Path> files, Path scratch, java.io.PrintWriter notes, String prefix)
            throws IOException {
        List<Part> parts = new ArrayList<>();
        for (Path f : files) {
            WholeLines whole = WholeLines.of(f, run.active(), scratch);
            if (whole.dropped() > 0) {
                notes.printf(
                        "%s%s: %d bytes after its last whole line left out (a line being written, or torn)%n",
                        prefix, run.dir().relativize(f), whole.dropped());
            }
            List<String> header = header(whole.path());
            if (header != null) {
                parts.add(new Part(whole.path(), header, f, Files.size(whole.path())));
            }
        }
        return parts;
    }

    /** A file's header, or null for a file without one (empty: nothing to read). */
    static List<String> header(Path file) throws IOException {
        try (BufferedReader r = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            String line = r.readLine();
            return line == null || line.isBlank()
                    ? null
                    : Arrays.asList(line.strip().split(",", -1));
        }
    }

    /**
     * A SELECT of the table's columns, in its order and types, over the files; {@code ignored}
     * receives the columns a file has that the table does not declare (a newer build's).
     */
    static String select(Table table, List<Part> parts, Set<String> ignored) {
        List<Column> columns = columns(table);
        Map<List<String>, List<Path>> byHeader = new LinkedHashMap<>();
        for (Part p : parts) {
            byHeader.computeIfAbsent(p.header(), h -> new ArrayList<>()).add(p.path());
        }
        if (byHeader.isEmpty()) {
            return emptySelect(columns);
        }
        Map<String, Column> declared = new LinkedHashMap<>();
        columns.forEach(c -> declared.put(c.name(), c));
        List<String> selects = new ArrayList<>();
        for (Map.Entry<List<String>, List<Path>> group : byHeader.entrySet()) {
            Set<String> present = new LinkedHashSet<>(group.getKey());
            StringBuilder types = new StringBuilder("{");
            for (String name : group.getKey()) {
                Column c = declared.get(name);
                if (c == null) {
                    ignored.add(name);
                }
                if (types.length() > 1) {
                    types.append(", ");
                }
                // The timestamp is read as text and parsed as UTC below: no session time zone applies.
                String type = c == null || c.type() == ValueType.TIMESTAMP ? "VARCHAR" : sqlType(c.type());
                types.append(literal(name)).append(": ").append(literal(type));
            }
            types.append('}');
            StringBuilder sql = new StringBuilder("SELECT ");
            for (int i = 0; i < columns.size(); i++) {
                Column c = columns.get(i);
                if (i > 0) {
                    sql.append(", ");
                }
                if (!present.contains(c.name())) {
                    sql.append("CAST(NULL AS ").append(sqlType(c.type())).append(") AS ");
                } else if (c.type() == ValueType.TIMESTAMP) {
                    sql.append("CAST(strptime(")
                            .append(identifier(c.name()))
                            .append(", '%Y-%m-%dT%H:%M:%S.%gZ') AS TIMESTAMP_MS) AS ");
                }
                sql.append(identifier(c.name()));
            }
            sql.append(" FROM read_csv([");
            List<Path> files = group.getValue();
            for (int i = 0; i < files.size(); i++) {
                sql.append(i > 0 ? ", " : "").append(literal(files.get(i).toString()));
            }
            sql.append("], header = true, auto_detect = false, delim = ',', quote = '\"', escape = '\"', ")
                    .append("nullstr = '', columns = ")
                    .append(types)
                    .append(')');
            selects.add(sql.toString());
        }
        return String.join(" UNION ALL ", selects);
    }

    /** A table with no file to read: its columns and no row. */
    private static String emptySelect(List<Column> columns) {
        StringBuilder sql = new StringBuilder("SELECT ");
        for (int i = 0; i < columns.size(); i++) {
            Column c = columns.get(i);
            sql.append(i > 0 ? ", " : "")
                    .append("CAST(NULL AS ")
                    .append(sqlType(c.type()))
                    .append(") AS ")
                    .append(identifier(c.name()));
        }
        return sql.append(" WHERE false").toString();
    }

    static String literal(String s) {
        return "'" + s.replace("'", "''") + "'";
    }

    static String identifier(String s) {
        return "\"" + s.replace("\"", "\"\"") + "\"";
    }
}
