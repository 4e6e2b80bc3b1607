package io.kubemon.cli;

import io.kubemon.common.schema.ValueFormat;
import java.io.PrintWriter;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import tools.jackson.databind.json.JsonMapper;

/**
 * A query's answer printed: an aligned table for a person (numbers right-aligned, widths from the
 * first rows), CSV as the run's own files are written (an empty cell a null, timestamps as in the
 * files), or JSON (an array of objects, numbers as numbers).
 */
final class ResultText {
    enum Style {
        TABLE,
        CSV,
        JSON
    }

    /** Rows whose widths set the columns'; a longer cell further down just overflows. */
    private static final int MEASURED = 1000;

    private static final DateTimeFormatter ISO_MS = DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss.SSS'Z'");
    private static final JsonMapper JSON = JsonMapper.builder().build();

    private ResultText() {}

    /** Prints the rows; returns how many. */
    static long print(ResultSet rs, Style style, PrintWriter out) throws SQLException {
        ResultSetMetaData md = rs.getMetaData();
        int n = md.getColumnCount();
        String[] names = new String[n];
        boolean[] numeric = new boolean[n];
        for (int i = 0; i < n; i++) {
            names[i] = md.getColumnLabel(i + 1);
            numeric[i] = isNumeric(md.getColumnTypeName(i + 1));
        }
        long rows = switch (style) {
            case CSV -> csv(rs, names, out);
            case JSON -> json(rs, names, out);
            case TABLE -> table(rs, names, numeric, out);
        };
        out.flush();
        return rows;
    }

    private static long csv(ResultSet rs, String[] names, PrintWriter out) throws SQLException {
        com.opencsv.CSVWriter w = new com.opencsv.CSVWriter(
                out,
                ',',
                com.opencsv.ICSVWriter.NO_QUOTE_CHARACTER,
                com.opencsv.ICSVWriter.DEFAULT_ESCAPE_CHARACTER,
                "\n");
        w.writeNext(names, false);
        long rows = 0;
        String[] cells = new String[names.length];
        while (rs.next()) {
            for (int i = 0; i < names.length; i++) {
                cells[i] = cell(rs, i + 1);
            }
            w.writeNext(cells, true);
            rows++;
        }
        w.flushQuietly();
        return rows;
    }

    private static long json(ResultSet rs, String[] names, PrintWriter out) throws SQLException {
        out.println("[");
        long rows = 0;
        while (rs.next()) {
            Map<String, Object> row = new LinkedHashMap<>();
            for (int i = 0; i < names.length; i++) {
                Object v = value(rs, i + 1);
                row.put(names[i], v);
            }
            out.print(rows == 0 ? "  " : ",\n  ");
            out.print(JSON.writeValueAsString(row));
            rows++;
        }
        out.println(rows == 0 ? "]" : "\n]");
        return rows;
    }

    private static long table(ResultSet rs, String[] names, boolean[] numeric, PrintWriter out) throws SQLException {
        int[] width = new int[names.length];
        for (int i = 0; i < names.length; i++) {
            width[i] = names[i].length();
        }
        List<String[]> first = new ArrayList<>();
        boolean more = false;
        while (rs.next()) {
            String[] cells = row(rs, names.length);
            first.add(cells);
            for (int i = 0; i < cells.length; i++) {
                width[i] = Math.max(width[i], cells[i].length());
            }
            if (first.size() == MEASURED) {
                more = true;
                break;
            }
        }
        line(names, width, new boolean[names.length], out);
        StringBuilder rule = new StringBuilder();
        for (int i = 0; i < names.length; i++) {
            rule.append(i > 0 ? "-+-" : "").append("-".repeat(width[i]));
        }
        out.println(rule);
        long rows = 0;
        for (String[] cells : first) {
            line(cells, width, numeric, out);
            rows++;
        }
        while (more && rs.next()) {
            line(row(rs, names.length), width, numeric, out);
            rows++;
        }
        out.printf("(%d row%s)%n", rows, rows == 1 ? "" : "s");
        return rows;
    }

    private static String[] row(ResultSet rs, int n) throws SQLException {
        String[] cells = new String[n];
        for (int i = 0; i < n; i++) {
            cells[i] = cell(rs, i + 1);
        }
        return cells;
    }

    private static void line(String[] cells, int[] width, boolean[] right, PrintWriter out) {
        StringBuilder b = new StringBuilder();
        for (int i = 0; i < cells.length; i++) {
            if (i > 0) {
                b.append(" | ");
            }
            String pad = " ".repeat(Math.max(0, width[i] - cells[i].length()));
            b.append(right[i] ? pad + cells[i] : cells[i] + (i == cells.length - 1 ? "" : pad));
        }
        out.println(b);
    }

    /** A cell as the run's CSV writes it: an empty one for a null. */
    static String cell(ResultSet rs, int column) throws SQLException {
        Object v = value(rs, column);
        return v == null ? "" : ValueFormat.cell(v);
    }

    /** A value for printing: numbers as they are, timestamps as ISO-8601 UTC with milliseconds. */
    static Object value(ResultSet rs, int column) throws SQLException {
        Object v = rs.getObject(column);
        if (v == null) {
            return null;
        }
        if (v instanceof OffsetDateTime t) {
            return ISO_MS.format(t.withOffsetSameInstant(ZoneOffset.UTC));
        }
        if (v instanceof java.sql.Timestamp) {
            // A timestamp without a zone is the run's UTC time: read back as that wall-clock time.
            LocalDateTime t = rs.getObject(column, LocalDateTime.class);
            return ISO_MS.format(t);
        }
        if (v instanceof Number || v instanceof Boolean) {
            return v;
        }
        return v.toString();
    }

    private static boolean isNumeric(String typeName) {
        String t = typeName == null ? "" : typeName.toUpperCase();
        return t.contains("INT")
                || t.equals("DOUBLE")
                || t.equals("FLOAT")
                || t.startsWith("DECIMAL")
                || t.equals("REAL")
                || t.equals("HUGEINT");
    }
}
