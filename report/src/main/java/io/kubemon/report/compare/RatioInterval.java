package io.kubemon.report.compare;

import java.util.Arrays;
import java.util.SplittableRandom;
import org.apache.commons.statistics.distribution.NormalDistribution;
import org.apache.commons.statistics.distribution.TDistribution;

/**
 * The ratio of two means, B's over A's, and its 95 % interval by bootstrap.
 *
 * <p>A side of several runs is resampled by run: the run is the unit of an experiment, and the
 * intervals within one run are not independent. A side of a single run is resampled by moving
 * blocks of its intervals (Künsch), the block length chosen from the series' lag-1
 * autocorrelation, so that a slow drift within the run is not taken for many independent points.
 *
 * <p>With few units (five runs) the plain percentile interval is too narrow: the bootstrap's
 * variance of a mean is (n−1)/n of the sample's, and its quantiles are the normal's where a t's
 * belong. The interval is therefore Hesterberg's expanded percentile interval, for two samples:
 * each side's deviations widened by √(n/(n−1)) (n its runs, or its blocks), the log ratio's by
 * t<sub>0.975</sub>(df)/z<sub>0.975</sub> with Welch–Satterthwaite's df. As n grows both factors
 * go to 1. {@code RatioIntervalTest} measures the coverage on series with known answers.
 */
public final class RatioInterval {
    /** How a side was resampled. */
    public enum Resampling {
        /** By run: two or more runs on the side. */
        RUNS,
        /** By moving blocks of one run's intervals. */
        BLOCKS
    }

    /**
     * One side of a comparison.
     *
     * @param runMeans  each run's mean of the metric over the window
     * @param intervals with a single run, that run's value in each interval of the window, in time
     *                  order (what its blocks are drawn from); null otherwise
     */
    public record Side(double[] runMeans, double[] intervals) {
        public static Side ofRuns(double... means) {
            return new Side(means.clone(), null);
        }

        /** One run: its mean and the values its mean is over. */
        public static Side ofRun(double mean, double[] intervals) {
            return new Side(new double[] {mean}, intervals.clone());
        }

        public int runs() {
            return runMeans.length;
        }

        public Resampling resampling() {
            return runMeans.length >= 2 ? Resampling.RUNS : Resampling.BLOCKS;
        }

        public double mean() {
            return RatioInterval.mean(runMeans);
        }
    }

    /**
     * The comparison of one metric: A's and B's means, B/A, and the interval of B/A (NaN where it
     * cannot be had: a mean of zero on a side, or a single run of fewer than four intervals).
     */
    public record Result(
            double aMean, double bMean, double ratio, double low, double high, Resampling a, Resampling b) {
        public boolean hasInterval() {
            return !Double.isNaN(low) && !Double.isNaN(high);
        }
    }

    private static final double Z = NormalDistribution.of(0, 1).inverseCumulativeProbability(0.975);

    private final int replicates;

    /** @param replicates bootstrap replicates per metric (at least 200; 2 000 gives stable 2.5 % tails) */
    public RatioInterval(int replicates) {
        if (replicates < 200) {
            throw new IllegalArgumentException("at least 200 bootstrap replicates, not " + replicates);
        }
        this.replicates = replicates;
    }

    /** B over A; {@code seed} makes the interval the same on every run of compare. */
    public Result of(Side a, Side b, long seed) {
        double ma = a.mean();
        double mb = b.mean();
        double ratio = ma == 0 ? (mb == 0 ? 1 : Double.NaN) : mb / ma;
        Resampler ra = Resampler.of(a);
        Resampler rb = Resampler.of(b);
        if (!(ma > 0 && mb > 0) || ra == null || rb == null) {
            return new Result(ma, mb, ratio, Double.NaN, Double.NaN, a.resampling(), b.resampling());
        }
        SplittableRandom random = new SplittableRandom(seed);
        double[] da = ra.deviations(replicates, random.split());
        double[] db = rb.deviations(replicates, random.split());
        double va = variance(da) / (ma * ma);
        double vb = variance(db) / (mb * mb);
        double df = welch(va, ra.units() - 1, vb, rb.units() - 1);
        double widen = df > 1e6 ? 1 : TDistribution.of(df).inverseCumulativeProbability(0.975) / Z;
        double theta = Math.log(mb) - Math.log(ma);
        double[] thetas = new double[replicates];
        for (int i = 0; i < replicates; i++) {
            double star = log(mb + db[i]) - log(ma + da[i]);
            thetas[i] = theta + widen * (star - theta);
        }
        Arrays.sort(thetas);
        return new Result(
                ma,
                mb,
                ratio,
                Math.exp(quantile(thetas, 0.025)),
                Math.exp(quantile(thetas, 0.975)),
                a.resampling(),
                b.resampling());
    }

    /** Welch–Satterthwaite's degrees of freedom of a sum of two variances. */
    static double welch(double va, double dfa, double vb, double dfb) {
        double den = va * va / dfa + vb * vb / dfb;
        return den == 0 ? Double.POSITIVE_INFINITY : (va + vb) * (va + vb) / den;
    }

    /** A resample's mean at or below zero has no log; it stands for a ratio without bound. */
    private static double log(double x) {
        return Math.log(Math.max(x, Double.MIN_NORMAL));
    }

    static double mean(double[] x) {
        double s = 0;
        for (double v : x) {
            s += v;
        }
        return s / x.length;
    }

    static double variance(double[] x) {
        double m = mean(x);
        double s = 0;
        for (double v : x) {
            s += (v - m) * (v - m);
        }
        return s / (x.length - 1);
    }

    /** The q-quantile of sorted values, linear between order statistics. */
    static double quantile(double[] sorted, double q) {
        double pos = q * (sorted.length - 1);
        int lo = (int) Math.floor(pos);
        int hi = Math.min(lo + 1, sorted.length - 1);
        return sorted[lo] + (pos - lo) * (sorted[hi] - sorted[lo]);
    }

    /** One side's bootstrap: its resampled means' deviations from their own centre, widened for n. */
    private abstract static class Resampler {
        /** Runs, or blocks: the n of the side's expansion and of its degrees of freedom. */
        abstract int units();

        abstract double resampledMean(SplittableRandom random);

        static Resampler of(Side side) {
            if (side.runs() >= 2) {
                return new Runs(side.runMeans());
            }
            double[] x = side.intervals();
            if (x == null || x.length < 4) {
                return null;
            }
            Blocks b = new Blocks(x, BlockLength.of(x));
            return b.units() >= 2 ? b : null;
        }

        final double[] deviations(int count, SplittableRandom random) {
            double[] d = new double[count];
            for (int i = 0; i < count; i++) {
                d[i] = resampledMean(random);
            }
            double centre = mean(d);
            double widen = Math.sqrt(units() / (units() - 1.0));
            for (int i = 0; i < count; i++) {
                d[i] = widen * (d[i] - centre);
            }
            return d;
        }
    }

    private static final class Runs extends Resampler {
        private final double[] means;

        Runs(double[] means) {
            this.means = means;
        }

        @Override
        int units() {
            return means.length;
        }

        @Override
        double resampledMean(SplittableRandom random) {
            double s = 0;
            for (int i = 0; i < means.length; i++) {
                s += means[random.nextInt(means.length)];
            }
            return s / means.length;
        }
    }

    /** Moving blocks: ⌈T/ℓ⌉ blocks of ℓ consecutive intervals, the last cut to make T. */
    private static final class Blocks extends Resampler {
        private final double[] prefix;
        private final int length;
        private final int blocks;

        Blocks(double[] x, int length) {
            prefix = new double[x.length + 1];
            for (int i = 0; i < x.length; i++) {
                prefix[i + 1] = prefix[i] + x[i];
            }
            this.length = length;
            this.blocks = (x.length + length - 1) / length;
        }

        @Override
        int units() {
            return blocks;
        }

        @Override
        double resampledMean(SplittableRandom random) {
            int n = prefix.length - 1;
            int starts = n - length + 1;
            double s = 0;
            int left = n;
            for (int k = 0; k < blocks; k++) {
                int take = Math.min(length, left);
                int start = random.nextInt(starts);
                s += prefix[start + take] - prefix[start];
                left -= take;
            }
            return s / n;
        }
    }
}
