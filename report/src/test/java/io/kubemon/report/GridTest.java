package io.kubemon.report;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class GridTest {
    @Test
    void aShortRunDrawsEveryTick() {
        Grid g = Grid.fitting(1_000, 60_000, 1000, 2400);
        assertThat(g.minMax()).isFalse();
        assertThat(g.ticks()).isEqualTo(60);
        assertThat(g.bucket(1_000)).isZero();
        assertThat(g.bucket(60_000)).isEqualTo(59);
        assertThat(g.bucket(61_000)).as("after the run").isEqualTo(-1);
        assertThat(g.x()[59]).isEqualTo(59.0);
    }

    /** One hour at 100 ms into 400 points: a single-tick spike survives as its bucket's max. */
    @Test
    void aLongRunIsBucketedAndItsPeaksSurvive() {
        Grid g = Grid.fitting(0, 3_600_000 - 100, 100, 400);
        assertThat(g.minMax()).isTrue();
        assertThat(g.points()).isLessThanOrEqualTo(400);
        Series s = new Series("x", Series.Style.LINE, g.buckets());
        for (long t = 0; t < 3_600_000; t += 100) {
            s.add(g.bucket(t), t == 1_234_500 ? 99 : 1);
        }
        int spike = g.bucket(1_234_500);
        assertThat(s.max[spike]).isEqualTo(99f);
        assertThat(s.min[spike]).isEqualTo(1f);
        StringBuilder out = new StringBuilder();
        s.writePoints(true, out);
        assertThat(out.toString().split(",")).hasSize(g.points());
        assertThat(g.x()).hasSize(g.points());
    }

    @Test
    void aBucketNothingFellIntoIsAGap() {
        Grid g = Grid.fitting(0, 9_000, 1000, 100);
        Series s = new Series("x", Series.Style.LINE, g.buckets());
        s.add(g.bucket(0), 1);
        s.add(g.bucket(2_000), 2);
        StringBuilder out = new StringBuilder();
        s.writePoints(false, out);
        assertThat(out).startsWith("[1,null,2,null");
    }
}
