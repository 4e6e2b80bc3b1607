package io.kubemon.cli;

import io.kubemon.common.schema.Column;
import io.kubemon.common.schema.Kind;
import io.kubemon.common.schema.Schemas;
import io.kubemon.common.schema.Table;
import io.kubemon.report.compare.Comparison.Key;
import io.kubemon.report.compare.RatioInterval.Side;
import io.kubemon.report.compare.Workloads;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * Each run's mean of every metric over the window, per matched entity, read with DuckDB from the
 * views {@link RunViews} makes (the runs named {@code A1…}, {@code B1…}). Counters are rates (the
 * row's increase over its {@code interval_ms}), gauges their values; an entity's run mean is over
 * all its rows in the window (its instances' intervals together). For a side of one run, each
 * interval's value too: what that side's blocks are drawn from.
 */
final class CompareRuns {
    /** Gauges that say which, not how much: no mean of them is news. */
    private static final Set<String> NOT_COMPARED =
            Set.of("pid", "ppid", "start_time_seconds", "last_cpu", "cgroup_version", "cpu", "cpus");

    /** Labels that name a container (its instance); what {@link Workloads#container} reads. */
    private static final List<String> CONTAINER_LABELS =
            List.of("namespace", "pod", "kube_container", "container_name");

    private final Connection db;
    private final Set<String> metrics;

    /** @param metrics the columns to compare (by name, or table.name); empty: every measured column */
    CompareRuns(Connection db, Set<String> metrics) {
        this.db = db;
        this.metrics = metrics;
    }

    /** The tables that have something to compare, and their compared columns. */
    Map<Table, List<Column>> compared() {
        Map<Table, List<Column>> out = new LinkedHashMap<>();
        for (Table t : Schemas.ALL) {
            if (t.monitor().equals(Schemas.MONITOR_EVENTS)) {
                continue;
            }
            List<Column> cols = t.columns().stream()
                    .filter(c -> c.kind() != Kind.LABEL && !NOT_COMPARED.contains(c.name()))
                    .filter(c -> metrics.isEmpty()
                            || metrics.contains(c.name())
                            || metrics.contains(t.name() + "." + c.name()))
                    .toList();
            if (!cols.isEmpty()) {
                out.put(t, cols);
            }
        }
        return out;
    }

    /** Each run's (by id) means; and for the runs in {@code series}, their per-interval values. */
    record Read(Map<String, Map<Key, double[]>> sums, Map<String, Map<Key, TreeMap<Long, double[]>>> intervals) {}

    /**
     * Reads every compared table of every run, within the window table {@code kubemon_window(run, lo, hi)}.
     * A sum is {sum, count} of the metric's row values.
     */
    Read read(Set<String> series) throws SQLException {
        Map<String, Map<Key, double[]>> sums = new HashMap<>();
        Map<String, Map<Key, TreeMap<Long, double[]>>> intervals = new HashMap<>();
        for (Map.Entry<Table, List<Column>> e : compared().entrySet()) {
            Table t = e.getKey();
            List<String> labels = labels(t);
            String values = values(e.getValue());
            String inWindow = "FROM " + CsvScan.identifier(t.name()) + " t JOIN kubemon_window w ON t.run = w.run "
                    + "WHERE t.interval_ms > 0 AND t.\"timestamp\" - to_milliseconds(t.interval_ms) >= w.lo "
                    + "AND t.\"timestamp\" <= w.hi";
            String labelList = String.join(
                    ", ", labels.stream().map(l -> "t." + CsvScan.identifier(l)).toList());
            StringBuilder agg = new StringBuilder();
            for (Column c : e.getValue()) {
                String x = "x_" + c.name();
                agg.append(", sum(").append(x).append("), count(").append(x).append(")");
            }
            String rows = "SELECT t.run, " + labelList + ", t.\"timestamp\", " + values + " " + inWindow;
            String labelNames =
                    String.join(", ", labels.stream().map(CsvScan::identifier).toList());
            try (Statement s = db.createStatement();
                    ResultSet rs =
                            s.executeQuery("SELECT run, " + labelNames + agg + " FROM (" + rows + ") GROUP BY ALL")) {
                while (rs.next()) {
                    String run = rs.getString(1);
                    int i = 2 + labels.size();
                    for (Column c : e.getValue()) {
                        double sum = rs.getDouble(i);
                        long count = rs.getLong(i + 1);
                        i += 2;
                        if (count == 0) {
                            continue;
                        }
                        Key k = new Key(t.name(), entity(t, rs, labels), c.name());
                        double[] acc =
                                sums.computeIfAbsent(run, r -> new HashMap<>()).computeIfAbsent(k, x -> new double[2]);
                        acc[0] += sum;
                        acc[1] += count;
                    }
                }
            }
            if (!series.isEmpty()) {
                readIntervals(t, e.getValue(), labels, rows, series, intervals);
            }
        }
        return new Read(sums, intervals);
    }

    private void readIntervals(
            Table t,
            List<Column> cols,
            List<String> labels,
            String rows,
            Set<String> series,
            Map<String, Map<Key, TreeMap<Long, double[]>>> intervals)
            throws SQLException {
        String in = String.join(", ", series.stream().map(CsvScan::literal).toList());
        try (Statement s = db.createStatement();
                ResultSet rs = s.executeQuery("SELECT * EXCLUDE (\"timestamp\"), epoch_ms(\"timestamp\") FROM (" + rows
                        + ") WHERE run IN (" + in + ")")) {
            int tsColumn = 2 + labels.size() + cols.size();
            while (rs.next()) {
                String run = rs.getString(1);
                String entity = entity(t, rs, labels);
                long ts = rs.getLong(tsColumn);
                for (int j = 0; j < cols.size(); j++) {
                    double v = rs.getDouble(2 + labels.size() + j);
                    if (rs.wasNull()) {
                        continue;
                    }
                    Key k = new Key(t.name(), entity, cols.get(j).name());
                    double[] acc = intervals
                            .computeIfAbsent(run, r -> new HashMap<>())
                            .computeIfAbsent(k, x -> new TreeMap<>())
                            .computeIfAbsent(ts, x -> new double[2]);
                    acc[0] += v;
                    acc[1]++;
                }
            }
        }
    }

    /** One side's runs (by id) as the statistics take them. */
    static Map<Key, Side> side(List<String> runs, Read read) {
        Map<Key, List<Double>> means = new LinkedHashMap<>();
        for (String run : runs) {
            read.sums()
                    .getOrDefault(run, Map.of())
                    .forEach((k, acc) ->
                            means.computeIfAbsent(k, x -> new ArrayList<>()).add(acc[0] / acc[1]));
        }
        Map<Key, Side> out = new LinkedHashMap<>();
        means.forEach((k, m) -> {
            if (m.size() >= 2) {
                out.put(
                        k,
                        Side.ofRuns(m.stream().mapToDouble(Double::doubleValue).toArray()));
                return;
            }
            TreeMap<Long, double[]> byTime = runs.size() == 1
                    ? read.intervals().getOrDefault(runs.get(0), Map.of()).get(k)
                    : null;
            double[] x = byTime == null
                    ? null
                    : byTime.values().stream().mapToDouble(a -> a[0] / a[1]).toArray();
            out.put(k, new Side(new double[] {m.get(0)}, x));
        });
        return out;
    }

    /** The labels an entity of the table is matched by. */
    private static List<String> labels(Table t) {
        List<String> out = new ArrayList<>();
        if (t.index().containsKey("container_name")) {
            out.addAll(CONTAINER_LABELS);
            if (t.index().containsKey("command")) {
                out.add("command");
            }
            return out;
        }
        out.add("node");
        for (Column c : t.columns()) {
            if (c.kind() == Kind.LABEL) {
                out.add(c.name());
            }
        }
        return out;
    }

    /** A container's workload (its process's command after it), or the node and the row's labels. */
    private static String entity(Table t, ResultSet rs, List<String> labels) throws SQLException {
        if (labels.get(0).equals("namespace")) {
            String w = Workloads.container(rs.getString(2), rs.getString(3), rs.getString(4), rs.getString(5));
            return labels.size() > 4 ? w + ": " + nonNull(rs.getString(6)) : w;
        }
        StringBuilder b = new StringBuilder(nonNull(rs.getString(2)));
        for (int i = 1; i < labels.size(); i++) {
            b.append('/').append(nonNull(rs.getString(2 + i)));
        }
        return b.toString();
    }

    /** Each compared column as its row value: a counter's increase per second, a gauge as it is. */
    private static String values(List<Column> cols) {
        List<String> out = new ArrayList<>();
        for (Column c : cols) {
            String col = "t." + CsvScan.identifier(c.name());
            String v = c.kind() == Kind.COUNTER
                    ? "CAST(" + col + " AS DOUBLE) * 1000.0 / t.interval_ms"
                    : "CAST(" + col + " AS DOUBLE)";
            out.add(v + " AS x_" + c.name());
        }
        return String.join(", ", out);
    }

    private static String nonNull(String s) {
        return s == null ? "" : s;
    }

    /** The window of each run: {@code kubemon_window(run, lo, hi)}, instants. */
    static void windows(Connection db, Map<String, long[]> bounds) throws SQLException {
        try (Statement s = db.createStatement()) {
            s.execute("CREATE TEMP TABLE kubemon_window (run VARCHAR, lo TIMESTAMPTZ, hi TIMESTAMPTZ)");
        }
        try (PreparedStatement p = db.prepareStatement(
                "INSERT INTO kubemon_window VALUES (?, make_timestamptz(? * 1000), " + "make_timestamptz(? * 1000))")) {
            for (Map.Entry<String, long[]> e : bounds.entrySet()) {
                p.setString(1, e.getKey());
                p.setLong(2, e.getValue()[0]);
                p.setLong(3, e.getValue()[1]);
                p.addBatch();
            }
            p.executeBatch();
        }
    }
}
