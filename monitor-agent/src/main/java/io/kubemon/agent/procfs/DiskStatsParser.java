package io.kubemon.agent.procfs;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Pure parser of /proc/diskstats (Documentation/admin-guide/iostats.rst). Kernels print 11, 15
 * or 17 fields after the name; missing fields are -1.
 */
public final class DiskStatsParser {
    public static final int FIELDS = 17;

    private DiskStatsParser() {}

    /** One device: its name and the 17 counters in the kernel's order. */
    public record Disk(String name, long[] fields) {}

    public static List<Disk> parse(String text, Malformed bad) {
        List<Disk> out = new ArrayList<>();
        for (String line : text.split("\n")) {
            String[] f = Fields.split(line);
            if (f.length < 14) {
                if (f.length > 0) {
                    bad.field(); // a device line cut short: its cells are lost, counted once
                }
                continue;
            }
            long[] values = new long[FIELDS];
            Arrays.fill(values, -1);
            for (int i = 3; i < f.length && i - 3 < FIELDS; i++) {
                values[i - 3] = Fields.number(f[i], bad); // -1: missing or malformed
            }
            out.add(new Disk(f[2], values));
        }
        return out;
    }
}
