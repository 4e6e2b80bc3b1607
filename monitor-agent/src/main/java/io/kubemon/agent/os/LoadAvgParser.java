package io.kubemon.agent.os;

/** Pure parser of /proc/loadavg: the 1, 5 and 15 minute load averages. */
public final class LoadAvgParser {
    private LoadAvgParser() {
    }

    public static double[] parse(String text) {
        String[] f = Fields.split(text);
        return new double[] {Double.parseDouble(f[0]), Double.parseDouble(f[1]), Double.parseDouble(f[2])};
    }
}
