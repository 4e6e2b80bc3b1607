package io.kubemon.report.compare;

/**
 * The block length of a moving-block bootstrap of a series' mean: the asymptotically best one for
 * an AR(1) series (Bühlmann and Künsch), ℓ = (3T/2)<sup>1/3</sup> (2ρ/(1−ρ²))<sup>2/3</sup>, with
 * ρ the series' lag-1 autocorrelation (at most 0.95). An uncorrelated series gets blocks of one:
 * the plain bootstrap.
 */
final class BlockLength {
    private BlockLength() {}

    static int of(double[] x) {
        double rho = Math.min(lag1(x), 0.95);
        if (!(rho > 0)) {
            return 1;
        }
        double l = Math.cbrt(1.5 * x.length) * Math.pow(2 * rho / (1 - rho * rho), 2.0 / 3);
        return (int) Math.max(1, Math.min(Math.ceil(l), x.length / 2.0));
    }

    /** The lag-1 autocorrelation; 0 for a constant series. */
    static double lag1(double[] x) {
        double m = RatioInterval.mean(x);
        double num = 0;
        double den = 0;
        for (int i = 0; i < x.length; i++) {
            double d = x[i] - m;
            den += d * d;
            if (i > 0) {
                num += d * (x[i - 1] - m);
            }
        }
        return den == 0 ? 0 : num / den;
    }
}
