package io.kubemon.agent.os;

/** Whitespace field splitting shared by the /proc parsers. */
final class Fields {
    private Fields() {
    }

    static String[] split(String line) {
        return line.trim().split("\\s+");
    }

    /** The n-th whitespace-separated field as a long; -1 when absent. */
    static long longAt(String line, int n) {
        String[] f = split(line);
        return f.length > n ? Long.parseLong(f[n]) : -1;
    }
}
