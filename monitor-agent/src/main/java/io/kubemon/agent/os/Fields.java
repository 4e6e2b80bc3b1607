package io.kubemon.agent.os;

/**
 * Whitespace field splitting and number scanning shared by the /proc and cgroup parsers. Hand
 * written rather than a regular expression: these run thousands of times a tick, and a regex
 * split (plus the trim before it) was the largest single cost in the parsers' profile.
 */
public final class Fields {
    private Fields() {
    }

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

    /** The n-th whitespace-separated field as a long; -1 when absent. */
    static long longAt(String line, int n) {
        String[] f = split(line);
        return f.length > n ? Long.parseLong(f[n]) : -1;
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
