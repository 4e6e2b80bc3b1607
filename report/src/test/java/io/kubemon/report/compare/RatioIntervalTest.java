package io.kubemon.report.compare;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.kubemon.report.compare.RatioInterval.Resampling;
import io.kubemon.report.compare.RatioInterval.Side;
import java.util.SplittableRandom;
import java.util.function.Function;
import org.junit.jupiter.api.Test;

/**
 * The interval's coverage measured: 1 000 simulated experiments with a known ratio, each side
 * drawn afresh, the share of intervals that hold the true ratio between 93 % and 97 % (at a true
 * 95 % the share of 1 000 is within 93.6–96.4 % with probability 0.95). Runs as the unit with five
 * runs a side, and a single run a side with independent and with autocorrelated (AR(1)) intervals.
 */
class RatioIntervalTest {
    private static final int EXPERIMENTS = 1000;
    private final RatioInterval interval = new RatioInterval(1000);

    /** The share of experiments whose interval holds {@code truth}. */
    private double coverage(double truth, long seed, Function<SplittableRandom, Side[]> experiment) {
        SplittableRandom random = new SplittableRandom(seed);
        int held = 0;
        for (int i = 0; i < EXPERIMENTS; i++) {
            Side[] sides = experiment.apply(random);
            RatioInterval.Result r = interval.of(sides[0], sides[1], random.nextLong());
            if (r.low() <= truth && truth <= r.high()) {
                held++;
            }
        }
        return held / (double) EXPERIMENTS;
    }

    private static double[] normal(SplittableRandom r, int n, double mean, double sd) {
        double[] x = new double[n];
        for (int i = 0; i < n; i++) {
            x[i] = mean + sd * gaussian(r);
        }
        return x;
    }

    /** An AR(1) series around {@code mean}: each interval keeps {@code rho} of the last one's deviation. */
    private static double[] ar1(SplittableRandom r, int n, double mean, double sd, double rho) {
        double[] x = new double[n];
        double e = sd * gaussian(r);
        double innovation = sd * Math.sqrt(1 - rho * rho);
        for (int i = 0; i < n; i++) {
            e = rho * e + innovation * gaussian(r);
            x[i] = mean + e;
        }
        return x;
    }

    private static double gaussian(SplittableRandom r) {
        // Box–Muller: SplittableRandom has no nextGaussian on JDK 17.
        return Math.sqrt(-2 * Math.log(1 - r.nextDouble())) * Math.cos(2 * Math.PI * r.nextDouble());
    }

    private static double mean(double[] x) {
        return RatioInterval.mean(x);
    }

    @Test
    void fiveRunsASideCoverTheTrueRatio() {
        double c = coverage(1.5, 1, r ->
                new Side[] {Side.ofRuns(normal(r, 5, 100, 10)), Side.ofRuns(normal(r, 5, 150, 15))});
        assertThat(c).isBetween(0.93, 0.97);
    }

    @Test
    void fiveRunsOfAutocorrelatedIntervalsCoverTheTrueRatio() {
        // Each run's mean over 120 AR(1) intervals: the runs are still independent, the unit.
        Function<SplittableRandom, double[]> runs = r -> {
            double[] means = new double[5];
            for (int i = 0; i < 5; i++) {
                means[i] = mean(ar1(r, 120, 100, 30, 0.7));
            }
            return means;
        };
        double c = coverage(1.0, 2, r -> new Side[] {Side.ofRuns(runs.apply(r)), Side.ofRuns(runs.apply(r))});
        assertThat(c).isBetween(0.93, 0.97);
    }

    @Test
    void oneRunASideOfIndependentIntervalsCoversTheTrueRatio() {
        double c = coverage(1.2, 3, r -> {
            double[] a = normal(r, 300, 100, 20);
            double[] b = normal(r, 300, 120, 20);
            return new Side[] {Side.ofRun(mean(a), a), Side.ofRun(mean(b), b)};
        });
        assertThat(c).isBetween(0.93, 0.97);
    }

    @Test
    void oneRunASideOfAutocorrelatedIntervalsCoversTheTrueRatio() {
        double c = coverage(0.8, 4, r -> {
            double[] a = ar1(r, 300, 100, 20, 0.5);
            double[] b = ar1(r, 300, 80, 20, 0.5);
            return new Side[] {Side.ofRun(mean(a), a), Side.ofRun(mean(b), b)};
        });
        assertThat(c).isBetween(0.93, 0.97);
    }

    @Test
    void aSingleRunSaysItWasResampledByBlocksAndSeveralByRun() {
        SplittableRandom r = new SplittableRandom(5);
        double[] one = ar1(r, 200, 50, 5, 0.6);
        RatioInterval.Result res = interval.of(Side.ofRun(mean(one), one), Side.ofRuns(normal(r, 4, 60, 3)), 9);
        assertThat(res.a()).isEqualTo(Resampling.BLOCKS);
        assertThat(res.b()).isEqualTo(Resampling.RUNS);
        assertThat(res.ratio()).isCloseTo(res.bMean() / res.aMean(), within(1e-12));
        assertThat(res.low()).isLessThan(res.ratio());
        assertThat(res.high()).isGreaterThan(res.ratio());
    }

    @Test
    void theSameSeedGivesTheSameInterval() {
        Side a = Side.ofRuns(10, 11, 12, 9, 10.5);
        Side b = Side.ofRuns(20, 19, 22, 21, 18);
        assertThat(interval.of(a, b, 42)).isEqualTo(interval.of(a, b, 42));
    }

    @Test
    void noIntervalWhereAMeanIsZeroOrASingleRunIsTooShort() {
        assertThat(interval.of(Side.ofRuns(0, 0, 0), Side.ofRuns(1, 2, 3), 1).hasInterval())
                .isFalse();
        assertThat(interval.of(Side.ofRuns(0, 0, 0), Side.ofRuns(0, 0, 0), 1).ratio())
                .isEqualTo(1.0);
        assertThat(interval.of(Side.ofRun(5, new double[] {5, 5, 5}), Side.ofRuns(1, 2, 3), 1)
                        .hasInterval())
                .isFalse();
    }

    @Test
    void blocksGrowWithTheSeriesAutocorrelation() {
        SplittableRandom r = new SplittableRandom(6);
        int independent = BlockLength.of(normal(r, 600, 0, 1));
        int correlated = BlockLength.of(ar1(r, 600, 0, 1, 0.8));
        assertThat(independent).isLessThanOrEqualTo(3);
        assertThat(correlated).isGreaterThan(10);
        assertThat(BlockLength.lag1(new double[] {3, 3, 3, 3})).isZero();
    }
}
