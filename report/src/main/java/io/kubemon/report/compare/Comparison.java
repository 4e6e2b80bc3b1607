package io.kubemon.report.compare;

import io.kubemon.report.compare.RatioInterval.Side;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Two sides' metrics set against each other, one {@link Row} per entity and metric: what compare
 * prints and the report's comparison section draws. A key on one side only is a row too, with the
 * other side's runs 0: listed, never dropped.
 */
public final class Comparison {
    /** What a metric is of: its table, the entity's matched name, the column. */
    public record Key(String monitor, String entity, String metric) {}

    /**
     * One entity's metric compared; the stable fields of {@code compare --csv/--json}, in this
     * order (docs/experiments.md). {@code ratio} is B's mean over A's; the interval is its 95 %
     * bootstrap interval; {@code resampled} says how ({@code runs}, or {@code blocks} of a single
     * run's intervals, per side: {@code runs/blocks}), or why there is none.
     */
    public record Row(
            String monitor,
            String entity,
            String metric,
            int aRuns,
            int bRuns,
            Double aMean,
            Double bMean,
            Double ratio,
            Double ciLow,
            Double ciHigh,
            boolean changed,
            Double difference,
            String resampled) {
        /** |log ratio|: how the rows are sorted, biggest change first. */
        double effect() {
            return ratio == null || !(ratio > 0) ? -1 : Math.abs(Math.log(ratio));
        }

        public boolean matched() {
            return aRuns > 0 && bRuns > 0;
        }
    }

    /**
     * A comparison as a report shows it: the words of compare's header, the runs a side, how many
     * metrics matched, and the rows drawn (the changed ones, biggest first).
     */
    public record Shown(List<String> header, int aRuns, int bRuns, long compared, List<Row> rows) {
        public static Shown of(List<String> header, int aRuns, int bRuns, List<Row> all) {
            return new Shown(
                    List.copyOf(header),
                    aRuns,
                    bRuns,
                    all.stream().filter(Row::matched).count(),
                    all.stream().filter(Row::changed).toList());
        }
    }

    private Comparison() {}

    /**
     * Every key of either side compared. A change is flagged where the interval excludes 1 and
     * the ratio is at least {@code minEffect} away from it (0.05: five per cent).
     */
    public static List<Row> of(Map<Key, Side> a, Map<Key, Side> b, double minEffect, RatioInterval interval) {
        Set<Key> keys = new LinkedHashSet<>(a.keySet());
        keys.addAll(b.keySet());
        List<Row> rows = new ArrayList<>(keys.size());
        for (Key k : keys) {
            Side sa = a.get(k);
            Side sb = b.get(k);
            if (sa == null || sb == null) {
                Side only = sa != null ? sa : sb;
                Double m = finite(only.mean());
                rows.add(new Row(
                        k.monitor(),
                        k.entity(),
                        k.metric(),
                        sa == null ? 0 : sa.runs(),
                        sb == null ? 0 : sb.runs(),
                        sa == null ? null : m,
                        sb == null ? null : m,
                        null,
                        null,
                        null,
                        false,
                        null,
                        "only in " + (sa != null ? "A" : "B")));
                continue;
            }
            RatioInterval.Result r = interval.of(sa, sb, k.hashCode() * 0x9E3779B97F4A7C15L);
            boolean excludesOne = r.hasInterval() && (r.low() > 1 || r.high() < 1);
            boolean changed = excludesOne && Math.abs(r.ratio() - 1) >= minEffect;
            rows.add(new Row(
                    k.monitor(),
                    k.entity(),
                    k.metric(),
                    sa.runs(),
                    sb.runs(),
                    finite(r.aMean()),
                    finite(r.bMean()),
                    finite(r.ratio()),
                    r.hasInterval() ? r.low() : null,
                    r.hasInterval() ? r.high() : null,
                    changed,
                    finite(r.bMean() - r.aMean()),
                    r.hasInterval() ? resampled(r) : why(sa, sb, r)));
        }
        rows.sort(Comparator.comparing(Row::matched)
                .reversed()
                .thenComparing(Comparator.comparingDouble(Row::effect).reversed())
                .thenComparing(Row::monitor)
                .thenComparing(Row::entity)
                .thenComparing(Row::metric));
        return rows;
    }

    private static String resampled(RatioInterval.Result r) {
        String a = r.a().name().toLowerCase(java.util.Locale.ROOT);
        String b = r.b().name().toLowerCase(java.util.Locale.ROOT);
        return a.equals(b) ? a : a + "/" + b;
    }

    private static String why(Side a, Side b, RatioInterval.Result r) {
        if (!(r.aMean() > 0) || !(r.bMean() > 0)) {
            return "no interval: a mean of zero";
        }
        Side single = a.runs() < 2 ? a : b;
        return single.intervals() == null
                ? "no interval: in one run of its side only"
                : "no interval: a single run of fewer than 4 intervals";
    }

    private static Double finite(double x) {
        return Double.isFinite(x) ? x : null;
    }
}
