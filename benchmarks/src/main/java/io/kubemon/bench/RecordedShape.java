package io.kubemon.bench;

import io.kubemon.common.schema.Column;
import io.kubemon.common.schema.Kind;
import io.kubemon.common.schema.ValueType;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;

/**
 * Numbers with the shape of a recorded run rather than uniform noise, for figures that depend on
 * the values (a compressed export's size): about half of a series' counters never move (errors,
 * drops, OOM kills, major faults), the others add a per-series rate with jitter each tick;
 * gauges hold a level that a third of the time stays put for the whole run and otherwise moves a
 * little now and then (memory in pages). Seconds carry the decimals their source gives: 2 for a
 * process (clock ticks), 6 for the cgroup and PSI figures; ratios 4. Seeded, so a run is the same
 * every time it is made.
 */
final class RecordedShape {
    private final SplittableRandom random;
    private final Map<String, Series> series = new HashMap<>();

    RecordedShape(long seed) {
        this.random = new SplittableRandom(seed);
    }

    /** The next tick's cell for column {@code i} of the series {@code key} of a table. */
    String cell(String key, List<Column> columns, int i, boolean processTable) {
        Series s = series.computeIfAbsent(key, k -> new Series(columns.size()));
        Column c = columns.get(i);
        if (!s.made[i]) {
            s.make(i, c, random);
        }
        boolean real = c.type() == ValueType.REAL;
        int decimals = c.unit().equals("seconds") ? (processTable ? 2 : 6) : 4;
        if (c.kind() == Kind.COUNTER) {
            if (s.rate[i] == 0) {
                return "0";
            }
            double v = s.rate[i] * (0.5 + random.nextDouble());
            return real ? decimal(v, decimals) : Long.toString(Math.round(v));
        }
        if (s.moves[i] && random.nextDouble() < 0.1) {
            double step = s.level[i] * 0.01 * (random.nextDouble() * 2 - 1);
            s.level[i] = Math.max(0, s.level[i] + step);
        }
        if (real) {
            return decimal(s.level[i], decimals);
        }
        long whole = Math.round(s.level[i]);
        return Long.toString(c.unit().equals("bytes") ? whole / 4096 * 4096 : whole);
    }

    private static String decimal(double v, int decimals) {
        // plain digits as the agent writes them, never 9.67E-4
        return java.math.BigDecimal.valueOf(v)
                .setScale(decimals, java.math.RoundingMode.HALF_UP)
                .stripTrailingZeros()
                .toPlainString();
    }

    /** One series' per-column character, drawn the first time the column is asked for. */
    private static final class Series {
        final boolean[] made;
        final boolean[] moves;
        final double[] rate;
        final double[] level;

        Series(int n) {
            made = new boolean[n];
            moves = new boolean[n];
            rate = new double[n];
            level = new double[n];
        }

        void make(int i, Column c, SplittableRandom r) {
            made[i] = true;
            boolean seconds = c.unit().equals("seconds");
            boolean ratio = c.unit().equals("ratio");
            if (c.kind() == Kind.COUNTER) {
                // log-uniform rates: a few busy series, many quiet ones
                rate[i] = r.nextDouble() < 0.5
                        ? 0
                        : seconds ? Math.pow(10, -3 + 3 * r.nextDouble()) : Math.pow(10, 6 * r.nextDouble());
            } else {
                moves[i] = r.nextDouble() >= 1.0 / 3;
                level[i] = ratio ? r.nextDouble() : seconds ? 100 * r.nextDouble() : Math.pow(2, 33 * r.nextDouble());
            }
        }
    }
}
