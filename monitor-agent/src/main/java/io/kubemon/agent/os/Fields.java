package io.kubemon.agent.os;

/** Whitespace field splitting shared by the /proc and cgroup parsers. */
public final class Fields {
    private Fields() {
    }

    /** Compiled once: String.split compiles a multi-character regex on every call. */
    private static final java.util.regex.Pattern WHITESPACE = java.util.regex.Pattern.compile("\\s+");

    public static String[] split(String line) {
        return WHITESPACE.split(line.trim());
    }

    /** The n-th whitespace-separated field as a long; -1 when absent. */
    static long longAt(String line, int n) {
        String[] f = split(line);
        return f.length > n ? Long.parseLong(f[n]) : -1;
    }
}
