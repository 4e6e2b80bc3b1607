package io.kubemon.report;

import java.util.Arrays;

/**
 * One line of a chart: per bucket the min and max of the values that fell into it; a bucket
 * nothing fell into stays NaN and is drawn as a gap, never interpolated.
 */
final class Series {
    enum Style {
        LINE,
        LIMIT,
        STACKED,
        /** A line, and a row of the chart's heat strip (a share from 0 to 1: one row per CPU, time across). */
        HEAT
    }

    final String label;
    final Style style;
    final float[] min;
    final float[] max;
    /** Sum and count of everything added, for ranking (top processes). */
    double sum;

    double peak = Double.NEGATIVE_INFINITY;

    Series(String label, Style style, int buckets) {
        this.label = label;
        this.style = style;
        this.min = new float[buckets];
        this.max = new float[buckets];
        Arrays.fill(min, Float.NaN);
        Arrays.fill(max, Float.NaN);
    }

    void add(int bucket, double v) {
        if (bucket < 0 || Double.isNaN(v) || Double.isInfinite(v)) {
            return;
        }
        float f = (float) v;
        if (Float.isNaN(min[bucket])) {
            min[bucket] = f;
            max[bucket] = f;
        } else {
            min[bucket] = Math.min(min[bucket], f);
            max[bucket] = Math.max(max[bucket], f);
        }
        sum += v;
        peak = Math.max(peak, v);
    }

    boolean empty() {
        return peak == Double.NEGATIVE_INFINITY;
    }

    /** The points as drawn: one value per bucket, or min then max. */
    void writePoints(boolean minMax, StringBuilder out) {
        out.append('[');
        for (int b = 0; b < min.length; b++) {
            if (b > 0) {
                out.append(',');
            }
            Numbers.append(out, min[b]);
            if (minMax) {
                out.append(',');
                Numbers.append(out, max[b]);
            }
        }
        out.append(']');
    }
}
