package io.kubemon.agent.procfs;

/**
 * Whitespace field splitting and number scanning shared by the /proc and cgroup parsers. Hand
 * written rather than a regular expression: these run thousands of times a tick, and a regex
 * split (plus the trim before it) was the largest single cost in the parsers' profile.
 */
public final class Fields {
    private Fields() {}

    /** The whitespace-separated fields of {@code line}; none for a blank line. */
    public static String[] split(String line) {
        int n = line.length();
        int count = 0;
        boolean inField = false;
        for (int i = 0; i < n; i++) {
            boolean space = line.charAt(i) <= ' ';
            if (!space && !inField) {
                count++;
            }
            inField = !space;
        }
        String[] out = new String[count];
        int k = 0;
        int start = -1;
        for (int i = 0; i <= n; i++) {
            if (i == n || line.charAt(i) <= ' ') {
                if (start >= 0) {
                    out[k++] = line.substring(start, i);
                    start = -1;
                }
            } else if (start < 0) {
                start = i;
            }
        }
        return out;
    }

    /** The n-th whitespace-separated field as a long; -1 when absent, or malformed (counted in {@code bad}). */
    public static long longAt(String line, int n, Malformed bad) {
        String[] f = split(line);
        return f.length > n ? number(f[n], bad) : -1;
    }

    /** As {@link #number(CharSequence)}, counting a field that is there but not a number in {@code bad}. */
    public static long number(CharSequence s, Malformed bad) {
        return counted(number(s, 0, s.length()), bad);
    }

    /** As {@link #number(CharSequence, int, int)}, counting a malformed field in {@code bad}. */
    public static long number(CharSequence s, int from, int to, Malformed bad) {
        return counted(number(s, from, to), bad);
    }

    private static long counted(long v, Malformed bad) {
        if (v < 0) {
            bad.field();
        }
        return v;
    }

    /**
     * The one policy of every parser for a bad field: a kernel counter is a non-negative whole
     * number, and anything else (a short write, a runtime's odd file, "max") is a missing value,
     * -1, which the sources leave as an empty cell. No exception: a malformed field costs its
     * cell, not the row, and not the parser's speed (this runs thousands of times a tick).
     */
    public static long number(CharSequence s) {
        return number(s, 0, s.length());
    }

    /** As {@link #number(CharSequence)}, over {@code s[from, to)}. */
    public static long number(CharSequence s, int from, int to) {
        if (from >= to || to - from > 19) {
            return -1;
        }
        long v = 0;
        for (int i = from; i < to; i++) {
            char c = s.charAt(i);
            if (c < '0' || c > '9' || v > (Long.MAX_VALUE - (c - '0')) / 10) {
                return -1; // not a digit, or past Long.MAX_VALUE
            }
            v = v * 10 + (c - '0');
        }
        return v;
    }

    /**
     * A decimal like the load averages' "0.42"; NaN when absent (null) or not one (the cell stays
     * empty), the latter counted in {@code bad}.
     */
    public static double decimal(String s, Malformed bad) {
        if (s == null) {
            return Double.NaN;
        }
        double v;
        try {
            v = s.isEmpty() || !Character.isDigit(s.charAt(0)) ? Double.NaN : Double.parseDouble(s);
        } catch (NumberFormatException e) {
            v = Double.NaN;
        }
        if (Double.isNaN(v)) {
            bad.field();
        }
        return v;
    }

    /** Index of the first character at or after {@code from} that is not a space or tab. */
    public static int skipBlanks(CharSequence s, int from, int end) {
        int i = from;
        while (i < end && (s.charAt(i) == ' ' || s.charAt(i) == '\t')) {
            i++;
        }
        return i;
    }

    /** Index just after the run of digits (and a leading minus) starting at {@code from}. */
    public static int numberEnd(CharSequence s, int from, int end) {
        int i = from;
        if (i < end && s.charAt(i) == '-') {
            i++;
        }
        while (i < end && s.charAt(i) >= '0' && s.charAt(i) <= '9') {
            i++;
        }
        return i;
    }
}
