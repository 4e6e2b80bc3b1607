package io.kubemon.report;

/**
 * A run's time axis: its ticks from the start on the interval's grid, gathered into buckets of
 * {@code bucketTicks} ticks when the run is too long to draw every tick. A bucket keeps the min and
 * the max of what fell into it, so a one-tick peak survives downsampling.
 *
 * @param startMs     the run's start (time 0 of the axis)
 * @param intervalMs  the sampling interval
 * @param ticks       grid instants from the start to the last row
 * @param bucketTicks ticks per bucket; 1 draws every tick
 */
record Grid(long startMs, long intervalMs, int ticks, int bucketTicks) {

    Grid {
        if (intervalMs <= 0 || ticks < 1 || bucketTicks < 1) {
            throw new IllegalArgumentException("grid " + intervalMs + " ms x " + ticks + " / " + bucketTicks);
        }
    }

    /** A grid whose series have at most {@code maxPoints} points each. */
    static Grid fitting(long startMs, long endMs, long intervalMs, int maxPoints) {
        long start = startMs - Math.floorMod(startMs, intervalMs); // on the grid, as the ticks are
        int ticks = (int) Math.max(1, Math.min(Integer.MAX_VALUE / 2, (endMs - start) / intervalMs + 1));
        // Min and max make two points per bucket.
        int bucketTicks = ticks <= maxPoints ? 1 : (int) Math.ceil(ticks / Math.max(1.0, maxPoints / 2.0));
        return new Grid(start, intervalMs, ticks, bucketTicks);
    }

    int buckets() {
        return (ticks + bucketTicks - 1) / bucketTicks;
    }

    boolean minMax() {
        return bucketTicks > 1;
    }

    long bucketMs() {
        return bucketTicks * intervalMs;
    }

    /** The bucket of a row's timestamp, or -1 outside the run. */
    int bucket(long timestampMs) {
        long tick = Math.floorDiv(timestampMs - startMs + intervalMs / 2, intervalMs);
        return tick < 0 || tick >= ticks ? -1 : (int) (tick / bucketTicks);
    }

    /** Points per series: one per bucket, or min and max of each. */
    int points() {
        return minMax() ? buckets() * 2 : buckets();
    }

    /** Seconds since the start of each point. */
    double[] x() {
        double[] x = new double[points()];
        double step = intervalMs / 1000.0;
        for (int b = 0; b < buckets(); b++) {
            if (minMax()) {
                x[2 * b] = b * bucketTicks * step;
                x[2 * b + 1] = (b * bucketTicks + bucketTicks / 2.0) * step;
            } else {
                x[b] = b * step;
            }
        }
        return x;
    }
}
