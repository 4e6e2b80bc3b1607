package io.kubemon.cli;

import io.kubemon.report.compare.Comparison.Row;
import java.io.PrintWriter;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.sql.Types;
import java.util.ArrayList;
import java.util.List;

/**
 * compare's answer in words: what was compared, over which window, how many runs, and how sure
 * (the header); the rows (an aligned table of the changed ones, or every row as CSV or JSON with
 * the fields of {@link Row}); what matched on one side only (the footer).
 */
final class CompareText {
    /** The fields of --csv and --json, in order (docs/experiments.md). */
    static final List<String> FIELDS = List.of(
            "monitor",
            "entity",
            "metric",
            "a_runs",
            "b_runs",
            "a_mean",
            "b_mean",
            "ratio",
            "ci_low",
            "ci_high",
            "changed",
            "difference",
            "resampled");

    private CompareText() {}

    static List<String> header(int aRuns, int bRuns, List<String> names, String window, double effect, List<Row> rows) {
        List<String> out = new ArrayList<>();
        out.add("compare: A " + runs(aRuns) + " against B " + runs(bRuns) + "; " + window + "; B/A of each run's mean"
                + " (counters per second), 95 % bootstrap interval " + unit(aRuns, bRuns) + "; changed: the interval"
                + " excludes 1 and B/A is at least " + Compare.percent(effect) + " from it");
        names.forEach(n -> out.add("  " + n));
        long matched = rows.stream().filter(Row::matched).count();
        long changed = rows.stream().filter(Row::changed).count();
        out.add("compare: " + changed + " of " + matched + " metrics changed");
        return out;
    }

    private static String runs(int n) {
        return n + (n == 1 ? " run" : " runs");
    }

    private static String unit(int a, int b) {
        if (a >= 2 && b >= 2) {
            return "over runs";
        }
        return "over runs where a side has several, over blocks of the intervals of a side with one run (the"
                + " intervals of one run are not independent: its interval says less than one of runs)";
    }

    static List<String> footer(List<Row> rows, boolean all) {
        List<String> out = new ArrayList<>();
        for (String side : List.of("A", "B")) {
            List<String> only = rows.stream()
                    .filter(r -> r.resampled().equals("only in " + side))
                    .map(r -> r.monitor() + " " + r.entity())
                    .distinct()
                    .toList();
            if (!only.isEmpty()) {
                out.add("compare: only in " + side + " (" + only.size() + "): " + String.join(", ", only));
            }
        }
        if (!all) {
            out.add("compare: the table lists the changed metrics; --all lists every one, --csv and --json every one");
        }
        return out;
    }

    /** The rows: {@code style} null is the aligned table of the changed (or, with all, every) matched row. */
    static void print(Connection db, List<Row> rows, ResultText.Style style, boolean all, PrintWriter out)
            throws SQLException {
        try (Statement s = db.createStatement()) {
            s.execute("CREATE TEMP TABLE comparison (ord INTEGER, monitor VARCHAR, entity VARCHAR, metric VARCHAR, "
                    + "a_runs INTEGER, b_runs INTEGER, a_mean DOUBLE, b_mean DOUBLE, ratio DOUBLE, ci_low DOUBLE, "
                    + "ci_high DOUBLE, changed BOOLEAN, difference DOUBLE, resampled VARCHAR)");
        }
        try (PreparedStatement p =
                db.prepareStatement("INSERT INTO comparison VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)")) {
            int ord = 0;
            for (Row r : rows) {
                p.setInt(1, ord++);
                p.setString(2, r.monitor());
                p.setString(3, r.entity());
                p.setString(4, r.metric());
                p.setInt(5, r.aRuns());
                p.setInt(6, r.bRuns());
                set(p, 7, r.aMean());
                set(p, 8, r.bMean());
                set(p, 9, r.ratio());
                set(p, 10, r.ciLow());
                set(p, 11, r.ciHigh());
                p.setBoolean(12, r.changed());
                set(p, 13, r.difference());
                p.setString(14, r.resampled());
                p.addBatch();
            }
            p.executeBatch();
        }
        String query = style != null
                ? "SELECT " + String.join(", ", FIELDS) + " FROM comparison ORDER BY ord"
                : "SELECT monitor, entity, metric, a_runs || '/' || b_runs AS runs, " + number("a_mean")
                        + " AS a_mean, "
                        + number("b_mean") + " AS b_mean, " + number("ratio") + " AS \"B/A\", '[' || "
                        + number("ci_low") + " || ', ' || " + number("ci_high") + " || ']' AS \"95 % interval\", "
                        + "CASE WHEN changed THEN 'changed' ELSE '' END AS changed FROM comparison WHERE a_runs > 0 AND "
                        + "b_runs > 0" + (all ? "" : " AND changed") + " ORDER BY ord";
        try (Statement s = db.createStatement();
                ResultSet rs = s.executeQuery(query)) {
            ResultText.print(rs, style != null ? style : ResultText.Style.TABLE, out);
        }
    }

    /** Four significant digits, as a person reads a mean; empty where there is none. */
    private static String number(String col) {
        return "coalesce(printf('%.4g', " + col + "), '')";
    }

    private static void set(PreparedStatement p, int i, Double v) throws SQLException {
        if (v == null) {
            p.setNull(i, Types.DOUBLE);
        } else {
            p.setDouble(i, v);
        }
    }
}
