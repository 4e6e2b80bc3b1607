package io.kubemon.report;

/**
 * Numbers for the embedded data, to four significant digits (a chart shows no more, and the
 * report of a long run of a large cluster stays a few MiB), NaN as JSON null. Hand-written:
 * String.format took most of the report's time on millions of points.
 */
final class Numbers {
    private static final double[] POW10 = new double[19];

    static {
        POW10[0] = 1;
        for (int i = 1; i < POW10.length; i++) {
            POW10[i] = POW10[i - 1] * 10;
        }
    }

    private Numbers() {}

    static void append(StringBuilder out, double v) {
        if (Double.isNaN(v) || Double.isInfinite(v)) {
            out.append("null");
            return;
        }
        double a = Math.abs(v);
        if (a < 1e-9) {
            out.append('0');
            return;
        }
        if (a < 1e4 && v == Math.rint(v)) {
            out.append((long) v);
            return;
        }
        int e = (int) Math.floor(Math.log10(a));
        int decimals = 3 - e; // four significant digits
        if (decimals <= 0) {
            if (-decimals >= POW10.length) {
                out.append(v);
                return;
            }
            long r = Math.round(v / POW10[-decimals]);
            out.append(r);
            if (r != 0) {
                for (int i = 0; i < -decimals; i++) {
                    out.append('0');
                }
            }
            return;
        }
        if (decimals >= POW10.length) {
            out.append(v);
            return;
        }
        long r = Math.round(v * POW10[decimals]);
        if (r < 0) {
            out.append('-');
            r = -r;
        }
        String digits = Long.toString(r);
        int end = digits.length();
        int keptDecimals = decimals;
        while (keptDecimals > 0 && end > 1 && digits.charAt(end - 1) == '0') {
            end--;
            keptDecimals--;
        }
        int intDigits = end - keptDecimals;
        if (intDigits <= 0) {
            out.append("0.");
            for (int i = 0; i < -intDigits; i++) {
                out.append('0');
            }
            out.append(digits, 0, end);
        } else {
            out.append(digits, 0, intDigits);
            if (keptDecimals > 0) {
                out.append('.').append(digits, intDigits, end);
            }
        }
    }
}
