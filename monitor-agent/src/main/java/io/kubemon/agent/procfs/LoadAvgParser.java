package io.kubemon.agent.procfs;

/** Pure parser of /proc/loadavg: the 1, 5 and 15 minute load averages. */
public final class LoadAvgParser {
    private LoadAvgParser() {}

    /** The three averages; NaN for one that is missing or not a number (its cell stays empty). */
    public static double[] parse(String text, Malformed bad) {
        String[] f = Fields.split(text);
        return new double[] {
            Fields.decimal(f.length > 0 ? f[0] : null, bad),
            Fields.decimal(f.length > 1 ? f[1] : null, bad),
            Fields.decimal(f.length > 2 ? f[2] : null, bad)
        };
    }
}
